"""Frozen entry point for `ihd-bridge` (PyInstaller needs a script, not an entry point)."""

import sys

from bridge.cli import main

if __name__ == "__main__":
    sys.exit(main())
