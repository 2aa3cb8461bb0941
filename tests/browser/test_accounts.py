"""The sign-up journey in a real browser, and accessibility of the entrance pages."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_verify_sign_in_and_out(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("link", name="Join the network").first.click()
    page.get_by_role("textbox", name="Email").fill("jane.smith@nhs.net")
    page.get_by_label("Username").fill("janesmith")
    page.get_by_label("Display name").fill("Dr Jane Smith")
    page.locator("#id_password1").fill("a long enough passphrase")
    page.locator("#id_password2").fill("a long enough passphrase")
    page.get_by_role("button", name="Create your account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Confirm").click()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("textbox", name="Email").fill("jane.smith@nhs.net")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_test_id("header-user-name")).to_have_text("Dr Jane Smith")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"])
def test_entrance_pages_are_accessible(page, live_server, check_accessibility, path):
    page.goto(live_server.url + path)
    check_accessibility(page)


def test_a_member_downloads_their_data(page, live_server, alice, check_accessibility):
    from tests.browser.conftest import sign_in
    from tests.factories import TEST_PASSWORD, make_topic

    make_topic(author=alice, title="Discharge letters that GPs can read", body="What worked for us.")
    sign_in(page, live_server, alice, TEST_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Download your data").click()
    # Personal data: the password is asked for again, as for deleting the account.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm access")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    check_accessibility(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"ccio-network-{alice.username}-")
    data = json.loads(Path(download.path()).read_text())
    assert data["account"]["email"] == alice.email
    assert "Discharge letters that GPs can read" in json.dumps(data)
