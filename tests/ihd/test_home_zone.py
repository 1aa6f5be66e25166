"""Which zone a home without one set is shown in (ihd/home_zone.py): the computer's, read
as an IANA name the way the system itself keeps it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ihd.home_zone import computer_zone


@pytest.fixture
def no_tz(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)


def test_tz_names_the_zone(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TZ", ":America/Denver")
    assert computer_zone(tmp_path / "none", tmp_path / "none") == "America/Denver"


def test_localtime_link_names_the_zone(no_tz, tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    os.symlink("/usr/share/zoneinfo/America/Los_Angeles", link)
    assert computer_zone(link, tmp_path / "none") == "America/Los_Angeles"


def test_debian_timezone_file_names_the_zone(no_tz, tmp_path: Path) -> None:
    (tmp_path / "timezone").write_text("America/Toronto\n")
    assert computer_zone(tmp_path / "none", tmp_path / "timezone") == "America/Toronto"


def test_nothing_or_nonsense_is_utc(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TZ", "Mars/Olympus")
    (tmp_path / "timezone").write_text("not a zone\n")
    assert computer_zone(tmp_path / "none", tmp_path / "timezone") == "UTC"
