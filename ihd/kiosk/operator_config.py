"""The operator's config file (TOML) for kiosks and trial sites.

A housing association deploys one file to every display (`/etc/openihd/kiosk.toml`, or
`ihd --config FILE`). Nobody is there to read a traceback, so a bad file never stops the
display: every problem is reported with its line number, the lines that are wrong are
left out, and everything else still applies. `ihd kiosk check-config FILE` prints the
same report before the file is deployed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bridge.lan.pairing import PairingCode, PairingCodeError
from bridge.sources.base import SourceError
from bridge.sources.kinds import KINDS, SourceKind
from ihd import i18n_mark
from ihd.kiosk.pin import PinError, parse_hash
from ihd.ui import theme

SYSTEM_PATH = Path("/etc/openihd/kiosk.toml")
THEMES = tuple(theme.THEMES)
LANGUAGES = tuple(i18n_mark.LANGUAGES)
SOURCES = ("demo", "bridge", *KINDS)  # device kinds from the one registry
MAX_SYNTAX_RECOVERIES = 50


@dataclass(frozen=True)
class ConfigProblem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class OperatorConfig:
    """What the file sets; None means "not set here: the display's own setting stands"."""

    kiosk: bool = False
    operator_pin_hash: str | None = None
    alert_sound: bool = True
    theme: str | None = None
    language: str | None = None
    daily_budget: Decimal | None = None
    timezone: str | None = None  # the homes' zone (IANA), until the meter states one
    source: str | None = None
    bridge_url: str | None = None
    bridge_fingerprint: str | None = None
    bridge_pairing_pin: str | None = None
    # One per device kind, named by its config_key (bridge/sources/kinds.py).
    glow_mqtt: str | None = None
    raven_device: str | None = None
    eagle: str | None = None
    stick: str | None = None
    joined_stick: str | None = None
    dim_from: time | None = None
    dim_until: time | None = None
    dim_level: float = 0.3
    wake_minutes: float = 2.0
    pixel_shift_px: int = 4
    pixel_shift_minutes: float = 3.0
    demo_scenario_seconds: float = 40.0
    demo_speed: float = 60.0
    problems: list[ConfigProblem] = field(default_factory=list)

    def set_fields(self) -> list[str]:
        defaults = OperatorConfig()
        return [f.name for f in fields(self) if f.name != "problems"
                and getattr(self, f.name) != getattr(defaults, f.name)]


# -- value checkers: return the value or raise ValueError with words ---------------------------

def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)} (not {value!r})")
        return str(value)
    return check


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty text in quotes")
    return value.strip()


def _where(kind: SourceKind) -> Callable[[Any], str]:
    """A device's set-up line, checked as the source will read it (a Glow URL with a bad
    port is reported on its line, not found out at start-up)."""
    def check(value: Any) -> str:
        text = _text(value)
        try:
            kind.check(text)
        except SourceError as exc:
            raise ValueError(f"is not {kind.where_help}: {exc}") from None
        return text
    return check


def _pin_hash(value: Any) -> str:
    text = _text(value)
    try:
        parse_hash(text)
    except PinError as exc:
        raise ValueError(str(exc)) from None
    return text


def _pairing_code(value: Any) -> str:
    try:
        return str(PairingCode.parse(value if isinstance(value, str) else ""))
    except PairingCodeError as exc:
        raise ValueError(str(exc)) from None


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError('must be an amount such as "4.50"')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f'must be an amount such as "4.50" (not {value!r})') from None
    if not amount.is_finite() or not Decimal(0) < amount <= Decimal(1000) \
            or amount != amount.quantize(Decimal("0.01")):
        raise ValueError("must be more than 0 and at most 1000, in pounds and pence")
    return amount


def _zone(value: Any) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value if isinstance(value, str) else "")
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f'must be a time zone such as "Europe/London" (not {value!r})') \
            from None
    return str(value)


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        hours, minutes = (int(v) for v in value.strip().split(":"))
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ValueError(f'must be a time of day such as "22:30" (not {value!r})')


def _number(low: float, high: float) -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"must be a number from {low:g} to {high:g}")
        if not low <= value <= high:
            raise ValueError(f"must be from {low:g} to {high:g} (not {value:g})")
        return float(value)
    return check


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value
    return check


# (table, key) -> (OperatorConfig attribute, checker)
_SCHEMA: dict[tuple[str, str], tuple[str, Callable[[Any], Any]]] = {
    ("kiosk", "enabled"): ("kiosk", _bool),
    ("kiosk", "operator_pin_hash"): ("operator_pin_hash", _pin_hash),
    ("kiosk", "alert_sound"): ("alert_sound", _bool),
    ("display", "theme"): ("theme", _choice(THEMES)),
    ("display", "language"): ("language", _choice(LANGUAGES)),
    ("display", "daily_budget"): ("daily_budget", _money),
    ("display", "timezone"): ("timezone", _zone),
    ("source", "kind"): ("source", _choice(SOURCES)),
    ("source", "bridge_url"): ("bridge_url", _text),
    ("source", "bridge_fingerprint"): ("bridge_fingerprint", _text),
    ("source", "bridge_pairing_pin"): ("bridge_pairing_pin", _pairing_code),
    **{("source", kind.config_key): (kind.config_key, _where(kind))
       for kind in KINDS.values()},
    ("screen", "dim_from"): ("dim_from", _clock),
    ("screen", "dim_until"): ("dim_until", _clock),
    ("screen", "dim_level"): ("dim_level", _number(0.05, 1.0)),
    ("screen", "wake_minutes"): ("wake_minutes", _number(0.25, 60)),
    ("screen", "pixel_shift_px"): ("pixel_shift_px", _whole(0, 40)),
    ("screen", "pixel_shift_minutes"): ("pixel_shift_minutes", _number(0.5, 120)),
    ("demo", "scenario_seconds"): ("demo_scenario_seconds", _number(5, 3600)),
    ("demo", "speed"): ("demo_speed", _number(1, 3600)),
}
_TABLES = {table for table, _ in _SCHEMA}


def load(path: Path) -> OperatorConfig:
    """Read `path`; never raises. Problems are in `.problems`, each with its line."""
    config = OperatorConfig()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        config.problems.append(ConfigProblem(name, None, "file not found"))
        return config
    except (OSError, UnicodeDecodeError) as exc:
        config.problems.append(ConfigProblem(name, None, f"cannot be read: {exc}"))
        return config
    return parse(text, name)


def parse(text: str, name: str = "kiosk.toml") -> OperatorConfig:
    config = OperatorConfig()
    data, syntax_problems = _parse_recovering(text, name)
    config.problems.extend(syntax_problems)
    lines = _key_lines(text)
    for table, value in data.items():
        if table not in _TABLES or not isinstance(value, dict):
            config.problems.append(ConfigProblem(
                name, lines.get(("", table)),
                f"unknown section [{table}] (known: {', '.join(sorted(_TABLES))})"))
            continue
        for key, raw in value.items():
            line = lines.get((table, key))
            entry = _SCHEMA.get((table, key))
            if entry is None:
                known = sorted(k for t, k in _SCHEMA if t == table)
                config.problems.append(ConfigProblem(
                    name, line, f"unknown setting {key!r} in [{table}] "
                                f"(known: {', '.join(known)})"))
                continue
            attribute, check = entry
            try:
                setattr(config, attribute, check(raw))
            except ValueError as exc:
                config.problems.append(ConfigProblem(name, line, f"[{table}] {key} {exc}"))
    _check_together(config, name, lines)
    return config


def _check_together(config: OperatorConfig, name: str,
                    lines: dict[tuple[str, str], int]) -> None:
    """Settings that only make sense with another one."""
    if config.kiosk and config.operator_pin_hash is None:
        config.problems.append(ConfigProblem(
            name, lines.get(("kiosk", "enabled")),
            "kiosk mode without operator_pin_hash: Settings and leaving the kiosk are "
            "locked until one is set"))
    if (config.dim_from is None) != (config.dim_until is None):
        config.problems.append(ConfigProblem(
            name, lines.get(("screen", "dim_from")) or lines.get(("screen", "dim_until")),
            "dim_from and dim_until go together; night dimming is off"))
        config.dim_from = config.dim_until = None
    needs = {"bridge": "bridge_url",
             **{kind.name: kind.config_key for kind in KINDS.values()}}
    if config.source in needs and getattr(config, needs[config.source]) is None:
        config.problems.append(ConfigProblem(
            name, lines.get(("source", "kind")),
            f"kind = {config.source!r} needs {needs[config.source]} in [source]"))


_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _parse_recovering(text: str, name: str) -> tuple[dict[str, Any], list[ConfigProblem]]:
    """tomllib stops at the first error; to report every bad line and keep the good ones,
    comment out the line it names and parse again (a bounded number of times)."""
    lines = text.splitlines()
    problems: list[ConfigProblem] = []
    for _ in range(MAX_SYNTAX_RECOVERIES):
        try:
            return tomllib.loads("\n".join(lines)), problems
        except tomllib.TOMLDecodeError as exc:
            match = _ERROR_LINE.search(str(exc))
            message = _ERROR_LINE.sub("", str(exc)).strip()
            if match is None or int(match.group(1)) > len(lines) \
                    or lines[int(match.group(1)) - 1].startswith("#"):
                problems.append(ConfigProblem(name, None, f"{message}; file ignored"))
                return {}, problems
            number = int(match.group(1))
            problems.append(ConfigProblem(name, number, f"{message}; line ignored"))
            lines[number - 1] = "# " + lines[number - 1]
    problems.append(ConfigProblem(name, None, "too many errors; file ignored"))
    return {}, problems


_TABLE_LINE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """Where each (table, key) is written, for the report. ("", table) is a header."""
    where: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _TABLE_LINE.match(line):
            table = match.group(1)
            where.setdefault(("", table), number)
        elif match := _KEY_LINE.match(line):
            where.setdefault((table, match.group(1)), number)
    return where
