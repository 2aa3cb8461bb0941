import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("false", False), ("No", False)],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")


def test_env_bool_default(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True


def test_env_int(monkeypatch):
    monkeypatch.setenv("X_NUM", "587")
    assert env_int("X_NUM", 25) == 587
    monkeypatch.setenv("X_NUM", "five")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 25)
    monkeypatch.delenv("X_NUM")
    assert env_int("X_NUM", 25) == 25


def test_env_list(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " ccio.example, www.ccio.example ,,")
    assert env_list("X_HOSTS") == ["ccio.example", "www.ccio.example"]
    monkeypatch.delenv("X_HOSTS")
    assert env_list("X_HOSTS", ["localhost"]) == ["localhost"]


def test_env_str(monkeypatch):
    monkeypatch.setenv("X_NAME", "value")
    assert env_str("X_NAME") == "value"
    assert env_str("X_MISSING_NAME", "default") == "default"
