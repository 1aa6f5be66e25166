"""An operator's kiosk.toml: what it sets, and bad lines reported by number while the
rest still applies (the display always starts)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from pathlib import Path

from ihd.kiosk.operator_config import OperatorConfig, load, parse
from ihd.kiosk.pin import hash_pin

PIN_HASH = hash_pin("2468", salt=b"0123456789abcdef")

GOOD = f"""\
[kiosk]
enabled = true
operator_pin_hash = "{PIN_HASH}"

[display]
theme = "high-contrast"
language = "cy"
daily_budget = "4.50"

[source]
kind = "glow"
glow_mqtt = "192.168.1.30:1883"

[screen]
dim_from = "22:30"
dim_until = 06:45:00
dim_level = 0.2
pixel_shift_px = 8

[demo]
scenario_seconds = 30
"""


def test_a_good_file_sets_everything_it_names() -> None:
    config = parse(GOOD)
    assert config.problems == []
    assert config.kiosk and config.operator_pin_hash == PIN_HASH
    assert (config.theme, config.language) == ("high-contrast", "cy")
    assert config.daily_budget == Decimal("4.50")
    assert (config.source, config.glow_mqtt) == ("glow", "192.168.1.30:1883")
    assert (config.dim_from, config.dim_until) == (time(22, 30), time(6, 45))
    assert config.dim_level == 0.2 and config.pixel_shift_px == 8
    assert config.demo_scenario_seconds == 30


def test_wrong_values_are_reported_by_line_and_the_rest_applies() -> None:
    text = GOOD.replace('theme = "high-contrast"', 'theme = "neon"') \
               .replace('daily_budget = "4.50"', 'daily_budget = "-2"') \
               .replace("pixel_shift_px = 8", "pixel_shift_px = 8.5") \
               .replace("dim_level = 0.2", "dimlevel = 0.2")
    config = parse(text, "kiosk.toml")
    report = [str(p) for p in config.problems]
    assert report == [
        "kiosk.toml:6: [display] theme must be one of standard, large, high-contrast "
        "(not 'neon')",
        "kiosk.toml:8: [display] daily_budget must be more than 0 and at most 1000, in "
        "pounds and pence",
        "kiosk.toml:17: unknown setting 'dimlevel' in [screen] (known: dim_from, dim_level, "
        "dim_until, pixel_shift_minutes, pixel_shift_px, wake_minutes)",
        "kiosk.toml:18: [screen] pixel_shift_px must be a whole number from 0 to 40",
    ]
    # Everything else still applies; the bad ones keep the display's defaults.
    assert config.theme is None and config.daily_budget is None
    assert config.language == "cy" and config.source == "glow"
    assert config.pixel_shift_px == OperatorConfig().pixel_shift_px


def test_syntax_errors_on_several_lines_are_each_reported_and_good_lines_kept() -> None:
    text = GOOD.replace('language = "cy"', 'language = "cy') \
               .replace("scenario_seconds = 30", "scenario_seconds 30")
    config = parse(text, "kiosk.toml")
    lines = [p.line for p in config.problems]
    assert lines == [7, 21]
    assert all("line ignored" in p.message for p in config.problems)
    assert config.theme == "high-contrast" and config.language is None
    assert config.kiosk and config.source == "glow"


def test_settings_that_need_each_other() -> None:
    config = parse('[kiosk]\nenabled = true\n[screen]\ndim_from = "23:00"\n'
                   '[source]\nkind = "bridge"\n', "k.toml")
    messages = [str(p) for p in config.problems]
    assert any(m.startswith("k.toml:2: kiosk mode without operator_pin_hash") for m in messages)
    assert any(m.startswith("k.toml:4: dim_from and dim_until go together") for m in messages)
    assert any(m.startswith("k.toml:6: kind = 'bridge' needs bridge_url") for m in messages)
    assert config.dim_from is None


def test_unknown_section_and_a_pin_instead_of_a_hash() -> None:
    config = parse('[kiosks]\nenabled = true\n[kiosk]\noperator_pin_hash = "1234"\n', "k")
    assert [p.line for p in config.problems] == [1, 4]
    assert "unknown section [kiosks]" in config.problems[0].message
    assert "ihd kiosk hash-pin" in config.problems[1].message
    assert config.operator_pin_hash is None


def test_missing_unreadable_and_binary_files_give_defaults(tmp_path: Path) -> None:
    assert [str(p) for p in load(tmp_path / "none.toml").problems] == [
        f"{tmp_path / 'none.toml'}: file not found"]
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    config = load(binary)
    assert len(config.problems) == 1 and not config.kiosk
    assert config.set_fields() == []


def test_the_homes_time_zone_is_checked_and_reaches_the_display_settings() -> None:
    from ihd.config import Settings
    from ihd.kiosk.apply import apply_to_settings

    config = parse('[display]\ntimezone = "America/New_York"\n')
    assert config.problems == [] and config.timezone == "America/New_York"
    settings = Settings()
    apply_to_settings(config, settings)
    assert settings.home_zone == "America/New_York"
    bad = parse('[display]\ntimezone = "Mars/Olympus"\n', "kiosk.toml")
    assert [str(p) for p in bad.problems] == [
        "kiosk.toml:2: [display] timezone must be a time zone such as \"Europe/London\" "
        "(not 'Mars/Olympus')"]
    assert bad.timezone is None
