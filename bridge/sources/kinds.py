"""Every kind of device a household's readings can come from, in one place.

Each kind says how its one line of set-up (`where`: a broker URL, a serial port, the
EAGLE's label credentials…) is written, checked and described to a person, which
setting and config key remember it, which fields Settings asks for, and how the Source is
built. `ihd-bridge --source`, the display's Settings and start-up, and the kiosk config
all read this table, so a new kind, or a new option of one, is added here once.

Nothing heavy is imported here (zigpy, aiomqtt, aiohttp load when a source is built).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bridge.sources.base import Source, SourceError
from bridge.status_text import say


@dataclass(frozen=True)
class BuildContext:
    """What building a source may need beyond `where`."""

    state_dir: Path  # where a stick's zigpy database lives
    permit_join_s: int = 0  # a trial site's coordinator: let a demo meter join


@dataclass(frozen=True)
class Field:
    """One box in Settings: `key` into the values `compose` gets."""

    key: str
    label: str  # also its accessible name
    placeholder: str
    secret: bool = False
    optional: bool = False


@dataclass(frozen=True)
class SourceKind:
    name: str
    title: str  # what a person calls it
    where_help: str  # how `where` is written (CLI help, config docs, errors)
    setting: str  # ihd.config.Settings attribute remembering `where`
    config_key: str  # [source] key in the operator's kiosk config
    check: Callable[[str], None]  # SourceError in words if `where` cannot be right
    build: Callable[[str, BuildContext], Source]
    describe: Callable[[str], str]  # in words, without passwords or codes
    from_cli: Callable[[argparse.Namespace], str | None]
    missing_cli: str  # what to say when the CLI options for `where` are missing
    fields: tuple[Field, ...] = ()  # Settings' "a device you already have" row
    button: str = ""  # its button there, and the button's accessible name
    button_name: str = ""
    compose: Callable[[Mapping[str, str]], str] = field(
        default=lambda values: next(iter(values.values()), ""))

    def source(self, where: str, context: BuildContext) -> Source:
        """Check `where`, build the source and name it as a person would."""
        self.check(where)
        source = self.build(where, context)
        source.name = self.describe(where)
        return source


# -- Hildebrand Glow ---------------------------------------------------------------------

def _glow_check(where: str) -> None:
    from bridge.sources.glow import GlowOptions

    GlowOptions.parse(where)


def _glow_build(where: str, context: BuildContext) -> Source:
    from bridge.sources.glow import GlowMqttSource

    return GlowMqttSource.from_spec(where)


def _glow_describe(where: str) -> str:
    from bridge.sources.glow import GlowOptions

    o = GlowOptions.parse(where)
    words = f"Glow via {o.host}:{o.port}"
    if o.prefix != "glow":
        words += f", prefix '{o.prefix}'"
    if o.username:
        words += f", user {o.username}"
    return words + (" (TLS)" if o.tls else "")


def _glow_compose(values: Mapping[str, str]) -> str:
    """Settings' boxes as the one line the source reads: host:port when that is all."""
    address = values.get("address", "").strip()
    prefix = values.get("prefix", "").strip().strip("/")
    user, password = values.get("user", "").strip(), values.get("password", "")
    if not (prefix or user or password):
        return address
    # The boxes win over whatever login or prefix a typed URL had; its scheme (mqtts://
    # for TLS) and query (?cafile=) stay.
    scheme, sep, rest = address.partition("://")
    if not sep:
        scheme, rest = "mqtt", address
    rest, _, query = rest.partition("?")
    host_port = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    login = ""
    if user:
        login = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "") \
            + "@"
    return (f"{scheme}://{login}{host_port}" + (f"/{quote(prefix)}" if prefix else "")
            + (f"?{query}" if query else ""))


GLOW = SourceKind(
    name="glow", title="Hildebrand Glow (local MQTT)",
    where_help="HOST:PORT, or mqtt[s]://[USER[:PASSWORD]@]HOST[:PORT][/PREFIX][?cafile=FILE] "
               "for a login, TLS or a topic prefix other than 'glow'",
    setting="glow_mqtt", config_key="glow_mqtt", check=_glow_check, build=_glow_build,
    describe=_glow_describe, from_cli=lambda args: args.mqtt or "127.0.0.1:1883",
    missing_cli="Say where the Glow device publishes: --mqtt HOST:PORT or URL.",
    fields=(Field("address", "Glow MQTT address",
                  "Glow display's address, e.g. 192.168.1.30:1883"),
            Field("prefix", "Glow topic prefix", "Prefix: glow", optional=True),
            Field("user", "Glow broker user", "User (optional)", optional=True),
            Field("password", "Glow broker password", "Password", secret=True,
                  optional=True)),
    compose=_glow_compose, button="Use Glow", button_name="Use the Glow device")


# -- Rainforest RAVEn / EMU-2 ------------------------------------------------------------

def _port_check(what: str) -> Callable[[str], None]:
    def check(where: str) -> None:
        if not where.strip():
            raise SourceError(say(f"setup.which-port-{what}"))
    return check


def _raven_build(where: str, context: BuildContext) -> Source:
    from bridge.sources.raven import RavenSource

    return RavenSource(where)


RAVEN = SourceKind(
    name="raven", title="Rainforest RAVEn / EMU-2", where_help="its serial port, e.g. "
    "/dev/ttyACM0", setting="raven_port", config_key="raven_device",
    check=_port_check("raven"), build=_raven_build,
    describe=lambda where: f"RAVEn on {where}", from_cli=lambda args: args.device,
    missing_cli="Say which serial port the RAVEn is on: --device PORT.",
    fields=(Field("port", "RAVEn serial port", "RAVEn / EMU-2 serial port, e.g. /dev/ttyACM0"),),
    button="Use RAVEn", button_name="Use the RAVEn stick")


# -- Rainforest EAGLE-200 ----------------------------------------------------------------

def _eagle_check(where: str) -> None:
    from bridge.sources.eagle import EagleSource

    EagleSource.from_spec(where)


def _eagle_build(where: str, context: BuildContext) -> Source:
    from bridge.sources.eagle import EagleSource

    return EagleSource.from_spec(where)


def _eagle_describe(where: str) -> str:
    credentials, _, address = where.partition("@")
    cloud_id = credentials.partition(":")[0]
    return f"EAGLE {cloud_id}" + (f" at {address}" if address else "")


def _eagle_compose(values: Mapping[str, str]) -> str:
    cloud_id, code = values.get("cloud_id", "").strip(), values.get("install_code", "").strip()
    host = values.get("host", "").strip()
    if not cloud_id or not code:
        return ""
    return f"{cloud_id}:{code}" + (f"@{host}" if host else "")


EAGLE = SourceKind(
    name="eagle", title="Rainforest EAGLE-200",
    where_help="CLOUDID:INSTALLCODE[@HOST[:PORT]] (both on its label)",
    setting="eagle", config_key="eagle", check=_eagle_check, build=_eagle_build,
    describe=_eagle_describe, from_cli=lambda args: args.eagle,
    missing_cli="Say which EAGLE: --eagle CLOUDID:INSTALLCODE[@HOST] (from its label).",
    fields=(Field("cloud_id", "EAGLE Cloud ID", "EAGLE Cloud ID"),
            Field("install_code", "EAGLE install code", "Install code (on the label)",
                  secret=True),
            Field("host", "EAGLE address", "Address (optional)", optional=True)),
    compose=_eagle_compose, button="Use EAGLE", button_name="Use the EAGLE gateway")


# -- Zigbee sticks (set up by the stick card / `ihd-bridge sticks|join`) ----------------

def _stick_check(where: str) -> None:
    radio, _, port = where.partition(":")
    if not radio or not port:
        raise SourceError(say("setup.which-stick"))


def _stick_build(where: str, context: BuildContext) -> Source:
    from bridge.sources.zigbee_stick import ZigbeeStickSource, radio_by_type

    radio, _, port = where.partition(":")
    return ZigbeeStickSource(radio_by_type(radio), port,
                             database=context.state_dir / "zigbee.sqlite3",
                             permit_join_s=context.permit_join_s)


STICK = SourceKind(
    name="stick", title="Zigbee stick as a trial site's coordinator",
    where_help="RADIO:PORT, e.g. ezsp:/dev/ttyUSB0", setting="stick", config_key="stick",
    check=_stick_check, build=_stick_build,
    describe=lambda where: f"Zigbee stick {where}",
    from_cli=lambda args: f"{args.radio}:{args.device}" if args.radio and args.device
    else None,
    missing_cli="Say which stick: --radio TYPE --device PORT ('ihd-bridge sticks' finds "
                "them).")


def _joined_build(where: str, context: BuildContext) -> Source:
    from bridge.sources.joined_stick import JoinedStickSource

    port, _, baud = where.partition("@")
    if baud and not baud.isdigit():
        raise SourceError(say("setup.not-a-baud-rate", baud=repr(baud)))
    return JoinedStickSource({"path": port, "baudrate": int(baud or 115200)})


JOINED = SourceKind(
    name="joined", title="Zigbee stick joined to the meter's network",
    where_help="PORT[@BAUD] of a stick 'ihd-bridge join' has joined",
    setting="joined_stick", config_key="joined_stick", check=_port_check("stick"),
    build=_joined_build, describe=lambda where: f"Joined stick on {where.partition('@')[0]}",
    from_cli=lambda args: args.device, missing_cli="Say which stick: --device PORT.")


KINDS: dict[str, SourceKind] = {k.name: k for k in (GLOW, RAVEN, EAGLE, STICK, JOINED)}
