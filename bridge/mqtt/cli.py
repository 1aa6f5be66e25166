"""Command-line parts of MQTT: `ihd-bridge --mqtt-publish URL …` and
`ihd-bridge estate --mqtt URL`. Kept here so bridge/cli.py only wires them in."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn, TextIO

import aiomqtt

from bridge.model import utc_now
from bridge.mqtt.estate import Estate, render
from bridge.mqtt.publisher import MqttPublisher
from bridge.mqtt.settings import (
    MqttSettings,
    MqttSettingsError,
    apply,
    load_file,
    parse_url,
)
from bridge.mqtt.topics import estate_filters
from bridge.sources.base import Source

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "MQTT", "publish each home's meters (Home Assistant) and health (estate view); "
                "nothing is published without --mqtt-publish or --mqtt-config")
    group.add_argument("--mqtt-publish", metavar="URL",
                       help="mqtt[s]://[USER[:PASSWORD]@]HOST[:PORT] of the broker")
    group.add_argument("--mqtt-config", type=Path, metavar="FILE",
                       help="TOML settings: broker, TLS, and per home what is shared "
                            "(docs/mqtt.md)")
    group.add_argument("--mqtt-ca", type=Path, metavar="FILE",
                       help="CA certificate(s) for an mqtts:// broker")
    group.add_argument("--mqtt-user", metavar="NAME",
                       help="broker user name (instead of USER@ in the URL)")
    group.add_argument("--mqtt-password-file", type=Path, metavar="FILE",
                       help="read the broker password from a file (a password in the "
                            "URL shows in ps)")
    group.add_argument("--mqtt-share", metavar="LIST",
                       help="what every home shares: health,consumption,prepayment,tariff,"
                            "messages, all or none (default all)")
    group.add_argument("--mqtt-top-up", action="store_true",
                       help="accept top-up codes from MQTT (Home Assistant's text box)")
    group.add_argument("--mqtt-bridge-id", metavar="NAME",
                       help="this bridge's name in topics (default: the host name)")
    group.add_argument("--mqtt-building", metavar="NAME",
                       help="the building, as the estate view shows it")
    group.add_argument("--no-ha-discovery", action="store_true",
                       help="do not announce entities to Home Assistant")


def settings_from_args(args: argparse.Namespace) -> MqttSettings | None:
    """None when MQTT is not configured. Raises MqttSettingsError in words."""
    url, config = getattr(args, "mqtt_publish", None), getattr(args, "mqtt_config", None)
    if url is None and config is None:
        return None
    settings = load_file(config, url) if config is not None else parse_url(str(url))
    overlay: dict[str, Any] = {}
    if args.mqtt_ca is not None:
        overlay["ca"] = str(args.mqtt_ca)
    if args.mqtt_user is not None:
        overlay["username"] = args.mqtt_user
    if args.mqtt_password_file is not None:
        overlay["password_file"] = str(args.mqtt_password_file)
    if args.mqtt_share is not None:
        overlay["share"] = args.mqtt_share
    if args.mqtt_top_up:
        overlay["top_up"] = True
    if args.mqtt_bridge_id:
        overlay["bridge_id"] = args.mqtt_bridge_id
    if args.mqtt_building:
        overlay["building"] = args.mqtt_building
    if args.no_ha_discovery:
        overlay["discovery"] = False
    return apply(settings, overlay, where="command line") if overlay else settings


def make_publisher(args: argparse.Namespace, source: Source) -> MqttPublisher | None:
    """Made before the source starts, so it sees the first updates too."""
    settings = settings_from_args(args)
    if settings is None:
        return None
    settings.ssl_context()  # a bad CA file is a configuration mistake: say so now
    cost_file = None
    try:
        args.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        cost_file = args.state_dir / "mqtt-cost.json"
    except OSError as exc:
        log.warning("MQTT: no state folder (%s): cost today restarts with the bridge", exc)
    return MqttPublisher(source, settings, cost_file=cost_file)


async def start_publisher(publisher: MqttPublisher | None, running: Any) -> None:
    if publisher is None:
        return
    if running is not None:
        publisher.displays = lambda: display_counts(running)
    await publisher.start()
    print(f"ihd-bridge: publishing to {publisher.settings.url_for_humans} under "
          f"{publisher.topics.root}/", file=sys.stderr, flush=True)


def display_counts(running: Any) -> dict[str, tuple[int, int]]:
    """(paired, online) displays per premises, from the LAN server."""
    counts: dict[str, list[int]] = {}
    for device, revoked in running.devices.list():
        if not revoked:
            counts.setdefault(device.premises, [0, 0])[0] += 1
    for premises, online in running.server.displays_online().items():
        counts.setdefault(premises, [0, 0])[1] = online
    return {k: (v[0], v[1]) for k, v in counts.items()}


# -- the estate view ----------------------------------------------------------------------


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def estate_main(argv: list[str], out: TextIO = sys.stdout) -> int:
    """`ihd-bridge estate --mqtt URL`: every building and flat, what needs a visit first."""
    parser = _OneLineParser(prog="ihd-bridge estate", description=estate_main.__doc__)
    parser.add_argument("--mqtt", required=True, metavar="URL",
                        help="mqtt[s]://[USER[:PASSWORD]@]HOST[:PORT] of the shared broker")
    parser.add_argument("--mqtt-ca", type=Path, metavar="FILE",
                        help="CA certificate(s) for an mqtts:// broker")
    parser.add_argument("--user", metavar="NAME",
                        help="broker user name (instead of USER@ in the URL)")
    parser.add_argument("--password-file", type=Path, metavar="FILE",
                        help="read the broker password from a file (not the command line)")
    parser.add_argument("--prefix", default="openihd", help="topic prefix (default openihd)")
    parser.add_argument("--json", action="store_true",
                        help="print the estate as JSON once the broker's retained state "
                             "has arrived, and exit (with --follow: a line per change)")
    parser.add_argument("--follow", action="store_true",
                        help="with --json: keep printing, one JSON document per change")
    parser.add_argument("--settle", type=float, default=1.0, metavar="S",
                        help="--json: quiet time that means the retained state is all in")
    args = parser.parse_args(argv)
    try:
        settings = parse_url(args.mqtt)
        overlay: dict[str, Any] = {"prefix": args.prefix}
        if args.mqtt_ca:
            overlay["ca"] = str(args.mqtt_ca)
        if args.user:
            overlay["username"] = args.user
        if args.password_file:
            overlay["password_file"] = str(args.password_file)
        settings = apply(settings, overlay, where="command line")
        settings.ssl_context()
    except MqttSettingsError as exc:
        print(f"ihd-bridge estate: {exc}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(watch(settings, json_out=args.json, follow=args.follow,
                                 settle_s=args.settle, out=out))
    except KeyboardInterrupt:
        return 130


async def watch(settings: MqttSettings, *, json_out: bool, follow: bool, settle_s: float,
                out: TextIO) -> int:
    estate = Estate(settings.prefix)
    changed = asyncio.Event()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    first_connect = True
    while not stop.is_set():
        try:
            async with aiomqtt.Client(settings.host, settings.port,
                                      username=settings.username,
                                      password=settings.password,
                                      tls_context=settings.ssl_context(), timeout=10,
                                      keepalive=settings.keepalive_s) as client:
                for topic_filter in estate_filters(settings.prefix):
                    await client.subscribe(topic_filter, qos=1)
                reader = asyncio.create_task(_read(client, estate, changed))
                try:
                    if json_out and not follow:
                        await _settle(changed, settle_s)
                        _print_json(estate, out)
                        return 0
                    await _show(estate, changed, stop, reader, json_out, out)
                finally:
                    reader.cancel()
                    with contextlib.suppress(asyncio.CancelledError, aiomqtt.MqttError):
                        await reader
        except aiomqtt.MqttError as exc:
            if first_connect and json_out and not follow:
                print(f"ihd-bridge estate: cannot reach {settings.url_for_humans}: {exc}",
                      file=sys.stderr)
                return 1
            print(f"ihd-bridge estate: {settings.url_for_humans}: {exc}; trying again",
                  file=sys.stderr, flush=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 2)
        first_connect = False
    return 0


async def _read(client: aiomqtt.Client, estate: Estate, changed: asyncio.Event) -> None:
    async for message in client.messages:
        payload = message.payload if isinstance(message.payload, bytes) else \
            str(message.payload).encode()
        if estate.ingest(str(message.topic), payload, utc_now()):
            changed.set()


async def _settle(changed: asyncio.Event, settle_s: float) -> None:
    """Retained messages arrive in a burst after subscribing: wait for the quiet."""
    while True:
        changed.clear()
        try:
            await asyncio.wait_for(changed.wait(), settle_s)
        except TimeoutError:
            return


def _print_json(estate: Estate, out: TextIO) -> None:
    now = utc_now()
    rows = estate.rows(now)
    print(json.dumps({"at": now.isoformat(), "flats": [r.as_json() for r in rows]},
                     ensure_ascii=False), file=out, flush=True)


async def _show(estate: Estate, changed: asyncio.Event, stop: asyncio.Event,
                reader: asyncio.Task[None], json_out: bool, out: TextIO) -> None:
    """Redraw on every change (at most 5 times a second), and each second for ages."""
    tty = out.isatty()
    while not stop.is_set() and not reader.done():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), 1.0)
        if json_out:
            if changed.is_set():
                changed.clear()
                _print_json(estate, out)
        else:
            changed.clear()
            now = utc_now()
            text = render(estate.rows(now), now)
            print(("\x1b[H\x1b[2J" if tty else "\n") + text, file=out, flush=True)
        await asyncio.sleep(0.2)
    if reader.done() and not reader.cancelled() and reader.exception() is not None:
        raise reader.exception()  # type: ignore[misc]
