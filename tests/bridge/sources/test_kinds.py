"""The one registry of device kinds: what the CLI, Settings, start-up and the kiosk
config all read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bridge.cli import build_parser
from bridge.sources.base import SourceError
from bridge.sources.glow import GlowMqttSource
from bridge.sources.kinds import KINDS, BuildContext
from ihd.config import Settings
from ihd.kiosk.operator_config import OperatorConfig, parse


def test_every_kind_is_remembered_configured_and_offered_by_the_cli():
    settings, operator = Settings(), OperatorConfig()
    choices = next(a.choices for a in build_parser()._actions if a.dest == "source")
    for kind in KINDS.values():
        assert hasattr(settings, kind.setting) and hasattr(operator, kind.config_key)
        assert kind.name in choices
        assert kind.title and kind.where_help and kind.missing_cli


def test_a_person_reads_the_source_without_its_secrets(tmp_path: Path):
    glow = KINDS["glow"].source("mqtts://ihd:hunter2@broker.lan/flat12",
                                BuildContext(tmp_path))
    assert isinstance(glow, GlowMqttSource)
    assert glow.name == "Glow via broker.lan:8883, prefix 'flat12', user ihd (TLS)"
    assert "hunter2" not in glow.name
    eagle = KINDS["eagle"].source("004792:bfb0fc05f51a3932@192.168.1.40",
                                  BuildContext(tmp_path))
    assert eagle.name == "EAGLE 004792 at 192.168.1.40" and "bfb0" not in eagle.name


def test_settings_boxes_compose_the_one_line_the_source_reads():
    glow = KINDS["glow"]
    assert glow.compose({"address": "192.168.1.30:1883", "prefix": "", "user": "",
                         "password": ""}) == "192.168.1.30:1883"
    assert glow.compose({"address": "192.168.1.30:1883", "prefix": "home/glow",
                         "user": "a@b", "password": "p w:x"}) == \
        "mqtt://a%40b:p%20w%3Ax@192.168.1.30:1883/home/glow"
    # TLS and a CA file typed in the address stay; the boxes give the login and prefix.
    assert glow.compose({"address": "mqtts://broker.lan:8883?cafile=/etc/ca.pem",
                         "prefix": "flat12", "user": "ihd", "password": "pw"}) == \
        "mqtts://ihd:pw@broker.lan:8883/flat12?cafile=/etc/ca.pem"
    assert KINDS["eagle"].compose({"cloud_id": "004792", "install_code": "abc",
                                   "host": ""}) == "004792:abc"


@pytest.mark.parametrize(("kind", "where"), [("glow", "mqtt://host:port"),
                                             ("glow", "http://host"), ("eagle", "004792"),
                                             ("stick", "/dev/ttyUSB0"), ("raven", " ")])
def test_a_bad_set_up_line_is_refused_in_words(kind, where, tmp_path):
    with pytest.raises(SourceError):
        KINDS[kind].source(where, BuildContext(tmp_path))


def test_the_kiosk_config_checks_a_device_line_where_it_is_written():
    config = parse('[source]\nkind = "glow"\nglow_mqtt = "mqtt://broker:99999/flat12"\n')
    assert config.glow_mqtt is None
    assert [p.line for p in config.problems] == [3, 2]  # the bad line, then the kind
    assert "glow_mqtt" in str(config.problems[0])
    ok = parse('[source]\nkind = "stick"\nstick = "ezsp:/dev/ttyUSB0"\n')
    assert (ok.source, ok.stick, ok.problems) == ("stick", "ezsp:/dev/ttyUSB0", [])


def test_the_cli_says_what_is_missing_for_a_kind(tmp_path):
    from bridge.cli import _make_source

    args = build_parser().parse_args(["--source", "raven", "--state-dir", str(tmp_path)])
    with pytest.raises(SourceError, match="--device PORT"):
        _make_source(args)
