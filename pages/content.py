# ruff: noqa: E501 - markdown tables are one row a line
"""The first version of the pages every trusted site needs, in the network's own words.

Created, published, by the data migration `pages/migrations/0003_first_pages.py` and by
`seed_demo` (each creates only the pages that do not exist yet); from then on editors keep
them in the editor area, and every change is a revision. The privacy notice and the
cookies page describe this code: change them with it (README, "Pages, contact and the
weekly summary").
"""

import datetime as dt

REVIEWED = dt.date(2026, 12, 1)

ABOUT = """\
The CCIO Leaders Network brings together the NHS's Chief Clinical Information Officers: the
doctors, nurses, pharmacists and allied health professionals who lead the digitisation of care
in their organisations, and those who mean to.

## Why the network exists

Most CCIOs do the job beside their clinical work. Many are the only person in their
organisation doing it, contracted for about two days a week and working nearer three. The
network began as a handful of CCIOs who kept ringing each other with the same questions: how do
you make the case for a new electronic patient record, who signs off the clinical safety case,
how do you bring sceptical colleagues with you? It was founded so that no CCIO has to work that
out alone.

## What we learned from our first survey

Our first survey of members found a senior group: three quarters had practised for more than 20
years before taking on the role. It also found people short of time and often short of support,
with very different job plans from one organisation to the next. What members asked for then
still shapes the site: somewhere to ask each other frank questions, examples of what has worked,
and development that fits around a clinical week. We survey members every year and publish what
we find.

## What we do

- **The [CCIO Forum](/forum/)**, for members only, under the Chatham House rule: what is said may
  be used, but never attributed outside the membership.
- **[Profiles of CCIOs](/profiles/)** and **[feature articles](/articles/)** about the work and the
  people doing it.
- **[Events](/events/)** all year, face to face and online, and our **annual conference**.
- **[Resources](/resources/)** for professional development: courses, guides, templates and a CPD
  log to keep for appraisal.
- **The [member directory](/members/)**, so that members can find each other.

## Who guides us

An [advisory panel](/advisory-panel/) of CCIOs from across the four nations advises the network
on its programme and its priorities. Members agree to our [code of conduct](/code-of-conduct/).

## Joining

Anyone with a verified NHS email address joins at once. Anyone else, including people from
suppliers and universities, applies and a moderator decides. [Join the network](/accounts/signup/)
or [contact us](/contact/).
"""

ADVISORY_PANEL = """\
The advisory panel is a small group of practising CCIOs who advise the network. It meets four
times a year, online, and once at the annual conference.

## What the panel does

- Advises on the programme of events and the themes of the annual conference.
- Suggests subjects for articles, resources and the annual members' survey, and reads the
  survey's results before they are published.
- Speaks for members' experience when the network is asked for a view, without speaking for any
  one member: the forum's Chatham House rule applies to the panel too.
- Hears appeals against moderators' decisions (see the [code of conduct](/code-of-conduct/)).
  A panel member who took part in the original decision, or who is involved in the dispute, stands
  aside.

## Who sits on it

Members serve for two years, and may serve a second term. The panel chooses its chair from among
its members. When places come up, we ask members to nominate themselves in the forum and on this
site; the panel aims to reflect the four nations, different kinds of organisation and the
different professions CCIOs come from.

The list below is drawn from the published [CCIO profiles](/profiles/) of panel members, so it is
always up to date.
"""

CODE_OF_CONDUCT = """\
The network works because members can speak frankly to each other. This code says how we keep
it that way. It applies in the forum, in private messages, at our events and anywhere else you
take part as a member.

## How we treat each other

- **Be kind and be professional.** Disagree with ideas, not people. Assume good intent.
- **Share what you know**, and say where it comes from. Say when you are unsure.
- **No patient information, ever.** Do not post anything that could identify a patient, even
  when you think it is anonymised.
- **Respect confidentiality.** Do not share what a colleague or an organisation told you in
  confidence, and do not post others' private messages.
- **No selling.** Members from suppliers are welcome to take part, but not to promote their
  products or contact members for sales.
- **No harassment or discrimination** of any kind, in public or in private messages.

## The Chatham House rule

The forum runs under the Chatham House rule: **you may use what is said, but you must not say
who said it, or which organisation they are from**, outside the membership. You can take an idea
back to your trust; you cannot quote a named member in a presentation, a report or the press
without their agreement. Visitors to the site see forum authors only as "A member" for the same
reason.

## What the moderators do

Moderators are members who volunteer to keep the forum healthy. They may:

- hide a post or a topic, and tell its author why;
- lock, pin or move a topic;
- act on a message reported to them (a moderator reads a private conversation only when one of its
  participants reports a message in it);
- suspend a member for a time, during which they can read but not post.

Every moderator's action is recorded in the moderation log. Anyone can report a post or a message
with its "Report" button; moderators look at reports in order.

## If you disagree with a moderator

Write to the moderators first: use [message the moderators](/messages/moderators/new/) or the
[contact form](/contact/), and say which decision and why. If you are still unhappy, ask for it to
go to the [advisory panel](/advisory-panel/). Two panel members who were not involved look at the
decision and at what you say, and reply within 20 working days. Their decision is final.
"""

PRIVACY = """\
This notice explains what the CCIO Network's website holds about you, why, how long it keeps it,
who can see it, and how to download or erase it. The CCIO Leaders Network is the controller of
this information. To ask about it, [contact us](/contact/) and choose "Something else".

## Your rights

You can see, correct, download, restrict or erase what we hold about you, and object to how we
use it. Two of these you can do yourself, at any time:

- **Download your data**: [/account/export/](/account/export/) gives you one file (JSON) of
  everything the site holds about you: your account, directory entry, forum posts and activity,
  private messages you wrote, event registrations, learning plan and CPD log, notifications,
  messages you sent through the contact form, and your weekly summary choices. It leaves out
  secrets (your password, two-factor codes, calendar address, session keys) and other people's
  words.
- **Delete your account**: [/account/delete/](/account/delete/) erases your personal data at
  once. What stays, and why, is explained below.

If you are not happy with how we handle your information you can complain to the Information
Commissioner's Office (ico.org.uk).

## What we hold, why, and for how long

If you only read the site without signing in, it keeps nothing about you: no account, no
analytics, no record of the pages you read. What it keeps about members and about anyone who
writes to us is below.

### Your account: email address, username, display name, password (stored only as a hash), and your two-factor authentication if you set it up

- **Why (lawful basis):** To provide the membership you asked for (contract)
- **How long:** Until you delete your account

### Your membership application: job title, organisation, reason

- **Why (lawful basis):** To decide on membership (legitimate interests: keeping the forum for NHS digital leaders)
- **How long:** Until you delete your account

### Your signed-in sessions: the browser and device, the network address and when you signed in

- **Why (lawful basis):** Security, so you can see and end them (legitimate interests)
- **How long:** A session ends when you sign out, or when you close the browser unless you ticked "Remember me", when it lasts two weeks (Django's `SESSION_COOKIE_AGE`)

### Failed sign-in counts, by account and network address

- **Why (lawful basis):** Security (legitimate interests)
- **How long:** Minutes: five wrong passwords lock that account from that address for five minutes (allauth's rate limits, kept per account and address by `accounts.adapters.AccountAdapter`)

### Your directory entry: organisation, role, region, profession, biography, photo

- **Why (lawful basis):** To let members find each other (contract); you choose who sees it
- **How long:** Until you change it or delete your account

### Forum posts, reactions, bookmarks, watches, read state and reports

- **Why (lawful basis):** To run the forum (contract)
- **How long:** Posts stay when you delete your account, shown as by "Former member"; the rest is erased with your account. You can delete a post yourself within the first minutes after posting (`FORUM_DELETE_WINDOW_MINUTES`)

### Private messages

- **Why (lawful basis):** To deliver them (contract)
- **How long:** Your messages stay in the conversation for the other members, shown as by "Former member"; your preferences and blocks are erased with your account

### Event registrations, attendance and certificates

- **Why (lawful basis):** To run events (contract)
- **How long:** Until you delete your account; a certificate's verification address stops working then

### Survey answers and poll votes

- **Why (lawful basis):** To learn what members think and publish the results (legitimate interests)
- **How long:** A named survey keeps your answers with your name until it closes and editors read them; when you delete your account, your drafts and poll votes are deleted and your submitted answers stay in the results with nothing linking them to you. An anonymous survey never stores who gave an answer: no name, no time, no number that could be matched. We keep only a separate note that you answered, to stop a second response and to send reminders, and delete it with your account

### Learning plan, CPD log and evidence files

- **Why (lawful basis):** Your own record for appraisal (contract); nobody else can see them, including editors and moderators
- **How long:** Until you delete them or your account

### Notifications and your email choices

- **Why (lawful basis):** To tell you what you asked to hear about (contract)
- **How long:** Until you delete your account

### Emails we send you

- **Why (lawful basis):** To deliver them reliably
- **How long:** Each email is deleted 30 days after it is sent, by `manage.py outbox --prune 30`, which the site runs daily

### The weekly summary email: whether you agreed to it, the wording you agreed to, when and how; and each week we sent it

- **Why (lawful basis):** Your consent, which you can withdraw at any time
- **How long:** Until you delete your account, so that we can show what you agreed to

### Messages sent through the contact form: your name, email address, topic and message

- **Why (lawful basis):** To answer you (legitimate interests)
- **How long:** Kept while a moderator deals with them, then deleted a year after they are marked handled, by `manage.py prune_contact_messages`, which the site runs daily; and at once when you delete your account, if you sent them while signed in

### Short-lived counters that limit how often a form can be sent from one place

- **Why (lawful basis):** To stop abuse (legitimate interests)
- **How long:** Minutes: they expire with their time window (`core/ratelimit.py`)

We do not sell your information, use it for advertising, or send it outside the UK. We use no
analytics or tracking, and set only the two cookies listed on our [cookies page](/cookies/).

## Who sees what

- **Visitors** (not signed in) see published articles, CCIO profiles, events and public
  resources, and public forum categories. In the forum they see every author as "A member", with
  no name, organisation or profile link, because the forum runs under the Chatham House rule.
- **Members** see the members-only forum with authors' names, and the directory entries their
  owners share with members. You choose who sees your directory entry: everyone, members only or
  nobody, at [your profile settings](/account/profile/).
- **Private messages** are seen only by the people in the conversation. Moderators read one
  only when a participant reports a message in it, and then only that conversation.
- **Moderators** see membership applications, reports, the moderation log and messages sent
  through the contact form. **Editors** see unpublished articles, profiles, resources and pages.
- **Event organisers** see who has registered for their events, and attendees' answers to the
  event's questions.
- **Nobody but you** sees your learning plan, CPD log or evidence files.
- Our email provider and hosting provider process information on our behalf, under contract,
  only to deliver the site and its emails.

## Names after a change of name or erasure

When you change your display name, the site shows your new name wherever it names you,
including in other members' notifications and in the history of articles you wrote. When you
delete your account, your name, username, email address, directory entry and photo are erased:
your forum posts stay, shown as by "Former member", other members' notifications and emails sent
from then on say "Former member", and where another member @mentioned you their post now says
"Former member". Quoting a post never copies its author's name into the quote. Some things stay,
because they are not your own record on the site: CCIO profiles and conference speaker entries
are articles the editors publish about people, and are changed or withdrawn on request, not by
deleting an account; what other members wrote about you in their own words is theirs; and emails
already delivered cannot be recalled.

## Emails

We email you what your account needs (confirming your address, password changes, membership
decisions), and the notifications you choose at [notification settings](/account/notifications/):
straight away, in a daily digest, or not at all. Every notification email has a link to stop it.

The **weekly summary** of what you missed goes only to members who tick the box to receive it,
when joining or on [your account page](/account/). Each time you agree or withdraw we keep a
record of what you agreed to, when and how; every summary has a one-click link to stop it, and
stopping is recorded the same way.

## Changes to this notice

We update this notice when the site changes what it holds or how long it keeps it. The date it was
last reviewed is at the foot of the page.
"""

ACCESSIBILITY = """\
This accessibility statement applies to the CCIO Network website.

This website is run by the CCIO Leaders Network. We want as many people as possible to be able
to use it. For example, that means you should be able to:

- change colours, contrast levels and fonts using your browser or device settings
- zoom in up to 400% without the text spilling off the screen
- use the site on a phone 320 pixels wide without scrolling sideways
- navigate the whole website using just a keyboard or speech recognition software
- listen to the website using a screen reader (including the most recent versions of JAWS, NVDA
  and VoiceOver)
- use every page without JavaScript

We have also made the text as simple as we can to understand.
[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use if
you have a disability.

## How accessible this website is

We know some parts of this website are not fully accessible:

- PDF certificates of attendance and CPD log exports are not tagged PDFs, so screen readers may
  read them out of order.
- Documents that editors and members upload (resource files, event slides, CPD evidence) are not
  checked for accessibility and some may not be accessible.
- Articles and forum posts are written by people: some images in them may lack a useful text
  alternative, and some headings may be out of order.

## Feedback and contact information

If you need information on this website in a different format, such as accessible PDF, large
print, easy read or audio: [contact us](/contact/) and choose "Something else". We will consider
your request and get back to you within five working days.

## Reporting accessibility problems with this website

We are always looking to improve the accessibility of this website. If you find any problems
not listed on this page or think we are not meeting accessibility requirements,
[contact us](/contact/) and tell us the address of the page and what went wrong.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility
regulations. If you are not happy with how we respond to your complaint, contact the Equality
Advisory and Support Service (EASS). If you are in Northern Ireland, contact the Equality
Commission for Northern Ireland.

## Technical information about this website's accessibility

The CCIO Leaders Network is committed to making its website accessible, in accordance with the
Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

### Compliance status

This website is partially compliant with the
[Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard,
due to the non-compliances listed below.

## Non-accessible content

### Non-compliance with the accessibility regulations

- Generated PDFs (certificates and CPD exports) are not tagged, so their reading order and
  structure are not available to assistive technology (WCAG 1.3.1 Info and relationships). We plan
  to produce tagged PDFs by the end of 2027.

### Content that's not within the scope of the accessibility regulations

Documents uploaded by members and by event speakers, and content written by members in the forum
and in private messages, are published by third parties and not checked by us.

## What we're doing to improve accessibility

Every change to the site's code is tested automatically before it goes live: browser tests run
the axe-core accessibility checker on the site's main pages at desktop width (1,280 pixels) and
phone width (390 pixels), checks that nothing scrolls sideways on a phone, and checks that forms
report errors in a summary that takes focus and links to each field. Editors must give alternative
text with every image they upload.

## Preparation of this accessibility statement

This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026.

This website was last tested on 1 December 2026 against the WCAG 2.2 AA standard. The test was
carried out by the network's own developers, with automated testing (axe-core) of the main pages
and manual checks with a keyboard and at 400% zoom.
"""

COOKIES = """\
Cookies are small files saved on your phone, tablet or computer when you visit a website. This
site sets **two cookies, and nothing else**. Both are essential for the site to work, so we do not
ask for your consent to them.

## The cookies we set

### `sessionid`

- **What it is for:** Keeps you signed in as you move from page to page, and carries short messages such as "Your changes were saved" to the next page. Set when you sign in or when a page has such a message for you.
- **When it expires:** When you close your browser, or after two weeks if you ticked "Remember me" when signing in; and when you sign out

### `csrftoken`

- **What it is for:** Protects the forms you send from being sent by another website pretending to be you (cross-site request forgery). Set when a page with a form is shown.
- **When it expires:** After one year

Scripts on the page cannot read the session cookie, and on the live site both cookies are sent
only over secure (HTTPS) connections.

## What we do not set

- No analytics or statistics cookies: we do not measure your visits with Google Analytics or
  anything like it.
- No advertising or tracking cookies, and no cookies from other websites: the site loads no
  scripts, fonts or images from anywhere else.

## Drafts kept in your browser

When you write a forum post or a private message, the site keeps a copy of what you typed in
your browser's own storage (not a cookie, and never sent to us) until you send it or for seven
days, so that nothing is lost if your session expires. On a shared computer, send or clear your
draft before you leave.

## Changing your settings

You can block or delete cookies in your browser's settings. If you block these two, you will not
be able to sign in or send forms. More about our use of your information is in our
[privacy notice](/privacy/).
"""

# slug: (title, summary, body, show_advisory_panel)
PAGES = {
    "about": (
        "About the network",
        "What the CCIO Leaders Network is, why it began and what it does for NHS Chief Clinical Information Officers.",
        ABOUT,
        False,
    ),
    "advisory-panel": (
        "Advisory panel",
        "The practising CCIOs who advise the network on its programme and priorities, and hear appeals.",
        ADVISORY_PANEL,
        True,
    ),
    "code-of-conduct": (
        "Code of conduct",
        "How members treat each other in the forum, in messages and at events, and what moderators do.",
        CODE_OF_CONDUCT,
        False,
    ),
    "privacy": (
        "Privacy notice",
        "What the site holds about members and visitors, why, for how long, who sees it, and how to download "
        "or erase it.",
        PRIVACY,
        False,
    ),
    "accessibility": (
        "Accessibility statement",
        "How accessible this website is, what we know is not yet accessible, and how to report a problem.",
        ACCESSIBILITY,
        False,
    ),
    "cookies": (
        "Cookies",
        "The two cookies this site sets, what each is for and when it expires.",
        COOKIES,
        False,
    ),
}


def create_missing(page_model, history_model=None, *, render, now):
    """Create, published, each of PAGES that does not exist yet; return how many were created.

    Works with the real models (seed_demo) and with a migration's historical ones, where
    `history_model` is the simple-history table, written so that the first revision is on record.
    """
    created = 0
    existing = set(page_model.objects.filter(slug__in=PAGES).values_list("slug", flat=True))
    for slug, (title, summary, body, panel) in PAGES.items():
        if slug in existing:
            continue
        fields = {
            "title": title,
            "slug": slug,
            "summary": summary,
            "body": body,
            "body_html": render(body),
            "show_advisory_panel": panel,
            "last_reviewed": REVIEWED,
            "status": "published",
            "publish_at": now,
            "children_state": {},
        }
        page = page_model.objects.create(**fields)
        if history_model is not None:
            history_model.objects.create(
                id=page.pk,
                created_at=page.created_at,
                updated_at=page.updated_at,
                history_date=now,
                history_type="+",
                history_change_reason="Created",
                **fields,
            )
        created += 1
    return created
