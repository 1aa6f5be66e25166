"""Where the display keeps its files, per platform convention."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR = "openihd"


def user_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR


def default_db_path() -> Path:
    return user_data_dir() / "history.sqlite3"
