"""Which zone the home's times are shown in when neither the person nor the meter said.

GB meters state their zone (the comms hub's Time cluster) and the display's default is
Europe/London. A North American device (a RAVEn, an EAGLE: they price in dollars and send
UTC times with no zone) in a home whose zone is not set would show London time, hours
out. There the display uses this computer's zone, which a device in the home most likely
shares, and says so on screen until the zone is set in Settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


def _valid(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def computer_zone(localtime: Path = LOCALTIME, timezone_file: Path = TIMEZONE_FILE) -> str:
    """This computer's zone as an IANA name: $TZ, else what /etc/localtime links to, else
    /etc/timezone; UTC where none of them names a zone."""
    tz = os.environ.get("TZ", "").removeprefix(":")
    if _valid(tz):
        return tz
    try:
        target = os.readlink(localtime)
    except OSError:
        target = ""
    if "zoneinfo/" in target and (found := _valid(target.split("zoneinfo/", 1)[1])):
        return found
    try:
        named = timezone_file.read_text(encoding="utf-8").strip()
    except OSError:
        named = ""
    return _valid(named) or "UTC"
