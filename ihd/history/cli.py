"""`ihd history …`: the user's own data, out of the display.

    ihd history export [--db PATH] --from DATE --to DATE [--format csv|json]

writes every meter's half-hourly energy and cost in [from, to) (local dates) to stdout.

    ihd history inspect [--db PATH] [--json]

says what the file holds: each meter's half hours and raw readings kept, each table's
rows and columns (read-only: looking never changes the file).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO
from zoneinfo import ZoneInfo

from ihd.history.paths import default_db_path
from ihd.history.periods import local_midnight
from ihd.history.store import HistoryError, HistoryStore

FIELDS = ["meter", "endpoint", "fuel", "start", "energy_kwh", "energy_received_kwh", "cost",
          "currency", "source"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ihd history", description="Your meter history, as files.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    export = sub.add_parser("export", help="half-hourly energy and cost as CSV or JSON")
    export.add_argument("--db", default=str(default_db_path()), help="history file")
    export.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    export.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--timezone", default="Europe/London")
    look = sub.add_parser("inspect", help="what the history file holds (read-only)")
    look.add_argument("--db", default=str(default_db_path()), help="history file")
    look.add_argument("--json", action="store_true", help="as JSON")
    return parser


def _inspect(args: argparse.Namespace, out: TextIO) -> int:
    from ihd.history.inspect import as_text, inspect

    try:
        found = inspect(Path(args.db))
    except sqlite3.DatabaseError as exc:
        print(f"ihd history: {args.db} cannot be read as a history file ({exc}).",
              file=sys.stderr)
        return 1
    if args.json:
        json.dump(found.as_dict(), out, indent=1)
        out.write("\n")
    else:
        out.write(as_text(found))
    return 0


def main(argv: list[str], out: TextIO = sys.stdout) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "export" and args.end <= args.start:
        print("ihd history: error: --to must be after --from", file=sys.stderr)
        return 2
    if not Path(args.db).exists():
        print(f"ihd history: there is no history file {args.db}", file=sys.stderr)
        return 1
    if args.command == "inspect":
        return _inspect(args, out)
    tz = ZoneInfo(args.timezone)
    try:  # an export only reads: a damaged file is left where the display will see it
        store = HistoryStore(args.db, timezone=args.timezone, recover=False)
        try:
            rows = list(store.export_intervals(local_midnight(args.start, tz),
                                               local_midnight(args.end, tz)))
        finally:
            store.close()
    except (HistoryError, sqlite3.DatabaseError) as exc:
        print(f"ihd history: {exc} Nothing was exported. The display moves a damaged "
              f"file aside and starts a fresh one when it next starts.", file=sys.stderr)
        return 1
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        json.dump(list(rows), out, indent=1)
        out.write("\n")
    return 0
