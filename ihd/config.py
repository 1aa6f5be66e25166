"""The display's settings: which source, the daily budget. A small JSON file in the
user's config folder; a damaged file is reported and replaced by defaults, never fatal."""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)
DEFAULT_ZONE = "Europe/London"  # GB meters, the demo home


def config_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "openihd"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "openihd"


@dataclass
class Settings:
    source: str | None = None  # demo, bridge, glow, raven, eagle, stick, joined; None: 1st run
    daily_budget: str = "5.00"
    # A paired bridge: its address, pinned certificate, this display's token.
    bridge_url: str | None = None
    bridge_fingerprint: str | None = None
    bridge_token: str | None = None
    bridge_premises: str | None = None
    bridge_last_seq: int = 0
    bridge_epoch: str | None = None  # the bridge journal's identity bridge_last_seq is in
    # A device the household already owns.
    # Each remembers its kind's one line of set-up (bridge/sources/kinds.py).
    glow_mqtt: str | None = None  # host:port, or mqtt[s]://user:password@host/prefix
    raven_port: str | None = None  # serial port of a RAVEn/EMU-2 stick
    eagle: str | None = None  # "cloudid:installcode[@host]" (the file is owner-only)
    stick: str | None = None  # "radio:port" of a Zigbee stick run as coordinator
    joined_stick: str | None = None  # "port@baud" of an EZSP stick joined to the meter
    # When the current household began (ISO time, the data's clock): set by a change of
    # tenancy, so an older announced change is never acted on again.
    household_since: str | None = None
    # The person's own choice; None: the operator's default, else standard / English.
    theme: str | None = None  # standard, large, high-contrast
    language: str | None = None

    # The home's time zone (IANA name) until the meter states one; None: Europe/London,
    # or for a North American device the computer's, said on screen (ihd/home_zone.py).
    timezone: str | None = None

    @property
    def home_zone(self) -> str:
        """The configured zone if it is one this system knows, else Europe/London."""
        return self.chosen_zone or DEFAULT_ZONE

    @property
    def chosen_zone(self) -> str | None:
        """The configured zone if it is one this system knows; None when none is set (the
        display then takes the meter's, or a default it says: ihd/home_zone.py)."""
        if self.timezone:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown time zone %r in settings; using %s", self.timezone,
                            DEFAULT_ZONE)
            else:
                return self.timezone
        return None

    @property
    def budget(self) -> Decimal:
        try:
            value = Decimal(self.daily_budget)
        except InvalidOperation:
            return Decimal("5.00")
        return value if value > 0 else Decimal("5.00")


def load(path: Path | None = None) -> Settings:
    path = path or config_dir() / "settings.json"
    try:
        raw = json.loads(path.read_text())
        known = {k: raw[k] for k in Settings.__dataclass_fields__ if k in raw}
        settings = Settings(**known)
        settings.daily_budget = str(settings.daily_budget)
        settings.bridge_last_seq = int(settings.bridge_last_seq or 0)
        return settings
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return Settings()


def save(settings: Settings, path: Path | None = None) -> None:
    path = path or config_dir() / "settings.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        # Owner-only: the file holds the bridge token, a credential.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps(asdict(settings), indent=1))
        tmp.replace(path)  # atomic: a crash never leaves half a file
    except OSError as exc:
        log.warning("settings not saved: %s", exc)
