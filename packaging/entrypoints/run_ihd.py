"""Frozen entry point for `ihd`. Not named ihd.py: the script's folder comes first on
sys.path, so that name would shadow the ihd package."""

import sys

from ihd.app import main

if __name__ == "__main__":
    sys.exit(main())
