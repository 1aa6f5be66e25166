"""Where the bridge publishes and what: an MQTT URL plus, optionally, a TOML file.

    mqtt://[USER[:PASSWORD]@]HOST[:PORT]     plain (port 1883)
    mqtts://[USER[:PASSWORD]@]HOST[:PORT]    TLS (port 8883), the system's CAs or `ca`

Nothing is published unless a URL is given. What each home shares is a set of
categories; a housing association's bridge may share `health` only, and a flat whose
tenant agrees adds `consumption` in the file's `[homes."NAME"]` table.
"""

from __future__ import annotations

import re
import socket
import ssl
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


class MqttSettingsError(ValueError):
    """A setting that cannot work; the message says which and why."""


#: What a home can share. `health` is about the equipment, the rest is the tenant's data.
CATEGORIES = ("health", "consumption", "prepayment", "tariff", "messages")
_SEGMENT_RE = re.compile(r"[^A-Za-z0-9_-]+")


def topic_segment(text: str) -> str:
    """A name made safe as one MQTT topic level (no / + # and no spaces)."""
    segment = _SEGMENT_RE.sub("-", text).strip("-")
    return segment or "unnamed"


def parse_share(text: str | list[str]) -> frozenset[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    names = {str(item).strip().lower() for item in items if str(item).strip()}
    if "all" in names:
        return frozenset(CATEGORIES)
    if "none" in names:
        return frozenset()
    unknown = sorted(names - set(CATEGORIES))
    if unknown:
        raise MqttSettingsError(f"unknown category {', '.join(unknown)!s}: choose from "
                                f"{', '.join(CATEGORIES)}, all or none")
    return frozenset(names)


@dataclass(frozen=True)
class HomeSettings:
    """One home's choices: what leaves the bridge, its label, and whether a top-up code
    may come in over MQTT."""

    share: frozenset[str]
    label: str | None = None
    top_up: bool = False


@dataclass(frozen=True)
class MqttSettings:
    host: str
    port: int
    tls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    prefix: str = "openihd"
    bridge_id: str = field(default_factory=lambda: topic_segment(socket.gethostname()))
    building: str | None = None
    keepalive_s: int = 30
    discovery: bool = True
    discovery_prefix: str = "homeassistant"
    share: frozenset[str] = frozenset(CATEGORIES)
    top_up: bool = False
    homes: dict[str, HomeSettings] = field(default_factory=dict)
    health_interval_s: float = 60.0

    def home(self, name: str) -> HomeSettings:
        """A home's own table if the file has one, else the bridge-wide choice."""
        return self.homes.get(name) or HomeSettings(share=self.share, top_up=self.top_up)

    @property
    def url_for_humans(self) -> str:
        """The broker's address without the password (for logs and the console)."""
        user = f"{self.username}@" if self.username else ""
        return f"{'mqtts' if self.tls else 'mqtt'}://{user}{self.host}:{self.port}"

    def ssl_context(self) -> ssl.SSLContext | None:
        if not self.tls:
            return None
        try:
            context = ssl.create_default_context(
                cafile=str(self.ca_file) if self.ca_file else None)
            if self.cert_file is not None:
                context.load_cert_chain(str(self.cert_file),
                                        str(self.key_file) if self.key_file else None)
        except (OSError, ssl.SSLError) as exc:
            raise MqttSettingsError(f"cannot use the TLS files: {exc}") from None
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


def parse_url(url: str) -> MqttSettings:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise MqttSettingsError(f"not an MQTT URL: {exc}") from None
    if parts.scheme not in ("mqtt", "mqtts"):
        raise MqttSettingsError(f"an MQTT URL starts mqtt:// or mqtts://, not {url!r}")
    if not parts.hostname:
        raise MqttSettingsError(f"the MQTT URL has no host: {url!r}")
    tls = parts.scheme == "mqtts"
    if parts.path not in ("", "/"):
        raise MqttSettingsError("the MQTT URL has no path; set the topic prefix with "
                                "--mqtt-prefix or prefix = in the config file")
    return MqttSettings(host=parts.hostname, port=port or (8883 if tls else 1883), tls=tls,
                        username=unquote(parts.username) if parts.username else None,
                        password=unquote(parts.password) if parts.password else None)


_TOP_LEVEL_KEYS = {"url", "username", "password_file", "ca", "cert", "key", "prefix",
                   "bridge_id", "building", "keepalive", "discovery", "discovery_prefix",
                   "share", "top_up", "homes", "health_interval"}
_HOME_KEYS = {"label", "share", "top_up"}


def load_file(path: Path, url: str | None = None) -> MqttSettings:
    """Settings from a TOML file; a URL given on the command line wins over the file's."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MqttSettingsError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise MqttSettingsError(f"{path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise MqttSettingsError(f"{path}: unknown setting {', '.join(unknown)}")
    url = url or data.get("url")
    if not isinstance(url, str):
        raise MqttSettingsError(f"{path}: say where the broker is: url = \"mqtts://…\"")
    settings = parse_url(url)
    return apply(settings, data, where=str(path), base=path.parent)


def apply(settings: MqttSettings, data: dict[str, Any], *, where: str,
          base: Path | None = None) -> MqttSettings:
    """Overlay a table of settings (from the file or the command line)."""

    def path_of(key: str) -> Path | None:
        value = data.get(key)
        if value is None:
            return None
        p = Path(str(value))
        return p if p.is_absolute() or base is None else base / p

    changes: dict[str, Any] = {}
    if "username" in data:
        changes["username"] = str(data["username"])
    password_file = path_of("password_file")
    if password_file is not None:
        try:
            changes["password"] = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise MqttSettingsError(f"{where}: cannot read the password file "
                                    f"{password_file}: {exc.strerror or exc}") from None
    for key, name in (("ca", "ca_file"), ("cert", "cert_file"), ("key", "key_file")):
        value = path_of(key)
        if value is not None:
            if not value.is_file():
                raise MqttSettingsError(f"{where}: {key} file not found: {value}")
            changes[name] = value
    for key in ("prefix", "discovery_prefix"):
        if key in data:
            topic = str(data[key]).strip("/")
            if not topic or any(c in topic for c in "+#"):
                raise MqttSettingsError(f"{where}: {key} must be a topic without + or #")
            changes[key] = topic
    if "bridge_id" in data:
        changes["bridge_id"] = topic_segment(str(data["bridge_id"]))
    if "building" in data:
        changes["building"] = str(data["building"])
    if "keepalive" in data:
        keepalive = data["keepalive"]
        if not isinstance(keepalive, int) or not 5 <= keepalive <= 3600:
            raise MqttSettingsError(f"{where}: keepalive is whole seconds, 5 to 3600")
        changes["keepalive_s"] = keepalive
    if "health_interval" in data:
        changes["health_interval_s"] = float(data["health_interval"])
    for key in ("discovery", "top_up"):
        if key in data:
            if not isinstance(data[key], bool):
                raise MqttSettingsError(f"{where}: {key} is true or false")
            changes[key] = data[key]
    if "share" in data:
        try:
            changes["share"] = parse_share(data["share"])
        except MqttSettingsError as exc:
            raise MqttSettingsError(f"{where}: {exc}") from None
    settings = replace(settings, **changes)
    homes = dict(settings.homes)
    for name, table in (data.get("homes") or {}).items():
        if not isinstance(table, dict):
            raise MqttSettingsError(f"{where}: [homes.{name}] must be a table")
        unknown = sorted(set(table) - _HOME_KEYS)
        if unknown:
            raise MqttSettingsError(f"{where}: [homes.{name}]: unknown setting "
                                    f"{', '.join(unknown)}")
        try:
            share = parse_share(table["share"]) if "share" in table else settings.share
        except MqttSettingsError as exc:
            raise MqttSettingsError(f"{where}: [homes.{name}]: {exc}") from None
        homes[str(name)] = HomeSettings(share=share, label=table.get("label"),
                                        top_up=bool(table.get("top_up", settings.top_up)))
    return replace(settings, homes=homes)
