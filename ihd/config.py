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

log = logging.getLogger(__name__)


def config_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "openihd"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "openihd"


@dataclass
class Settings:
    source: str | None = None  # "demo" or None (first run)
    daily_budget: str = "3.00"

    @property
    def budget(self) -> Decimal:
        try:
            value = Decimal(self.daily_budget)
        except InvalidOperation:
            return Decimal("3.00")
        return value if value > 0 else Decimal("3.00")


def load(path: Path | None = None) -> Settings:
    path = path or config_dir() / "settings.json"
    try:
        raw = json.loads(path.read_text())
        return Settings(source=raw.get("source"), daily_budget=str(raw.get("daily_budget",
                                                                           "3.00")))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return Settings()


def save(settings: Settings, path: Path | None = None) -> None:
    path = path or config_dir() / "settings.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=1))
        tmp.replace(path)  # atomic: a crash never leaves half a file
    except OSError as exc:
        log.warning("settings not saved: %s", exc)
