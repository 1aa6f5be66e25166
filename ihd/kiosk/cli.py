"""`ihd kiosk …`: tools for the operator who deploys kiosks.

    ihd kiosk hash-pin              ask for a PIN twice, print the hash for kiosk.toml
    ihd kiosk check-config FILE     report every problem in a kiosk.toml, line by line
"""

from __future__ import annotations

import argparse
import getpass
import sys

from ihd.kiosk.operator_config import load
from ihd.kiosk.pin import PinError, hash_pin


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ihd kiosk", description="Kiosk operator tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    hash_cmd = commands.add_parser("hash-pin", help="make an operator_pin_hash")
    hash_cmd.add_argument("--stdin", action="store_true",
                          help="read the PIN from standard input (for scripts)")
    check = commands.add_parser("check-config", help="check a kiosk.toml")
    check.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "hash-pin":
        return _hash_pin(args.stdin)
    return _check(args.file)


def _hash_pin(from_stdin: bool) -> int:
    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("Operator PIN (digits): ")
        if getpass.getpass("Again: ") != pin:
            print("ihd kiosk: the two PINs differ; nothing made", file=sys.stderr)
            return 1
    try:
        print(hash_pin(pin))
    except PinError as exc:
        print(f"ihd kiosk: {exc}", file=sys.stderr)
        return 1
    return 0


def _check(path: str) -> int:
    from pathlib import Path

    config = load(Path(path))
    for problem in config.problems:
        print(problem)
    if config.problems:
        return 1
    print(f"{path}: fine; sets {', '.join(config.set_fields()) or 'nothing'}")
    return 0
