"""`ihd-bridge`: the headless bridge.

    ihd-bridge --sim --json [--duration S] [--speed N] [--seed N] [--meters N] [--pcap FILE]

prints every decoded update as one JSON object per line (stdout); progress and the demo
meters' valid top-up codes go to stderr. `--duration` is in real seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

from bridge import heap
from bridge.codec import to_json
from bridge.sources.base import Source, SourceError
from bridge.sources.kinds import KINDS, BuildContext

log = logging.getLogger("ihd-bridge")
SOURCE_KINDS = tuple(KINDS)  # the one registry of device kinds


class _OneLineParser(argparse.ArgumentParser):
    """Bad arguments get one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _writable_file(text: str) -> Path:
    path = Path(text)
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"folder does not exist: {path.parent}")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="ihd-bridge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sim", action="store_true",
                        help="serve simulated homes instead of a Zigbee stick")
    parser.add_argument("--source", choices=["sim", *SOURCE_KINDS],
                        help="where meter data comes from (default: sim with --sim); "
                             "joined: an EZSP stick that has joined the meter's network "
                             "('ihd-bridge join')")
    parser.add_argument("--radio", metavar="TYPE",
                        help="--source stick: ezsp, znp, deconz, zigate, xbee "
                             "(see 'ihd-bridge sticks')")
    parser.add_argument("--permit-join", type=_positive_int, metavar="S", default=None,
                        help="--source stick: let a demo meter join for S seconds")
    parser.add_argument("--mqtt", metavar="HOST:PORT|URL",
                        help=f"--source glow: the broker the Glow device publishes to, "
                             f"{KINDS['glow'].where_help} (a password may come from "
                             "OPENIHD_GLOW_PASSWORD)")
    parser.add_argument("--eagle", metavar="CLOUDID:INSTALLCODE[@HOST]",
                        help=f"--source eagle: {KINDS['eagle'].where_help}")
    parser.add_argument("--device", metavar="PORT",
                        help="--source raven|stick|joined: the stick's serial port "
                             "(see 'ihd-bridge ports')")
    parser.add_argument("--json", action="store_true",
                        help="print every update as one JSON object per line")
    parser.add_argument("--duration", type=_positive_float, metavar="S",
                        help="stop after S real seconds (default: run until interrupted)")
    parser.add_argument("--speed", type=_positive_float, default=1.0, metavar="N",
                        help="simulated seconds per real second (default 1)")
    parser.add_argument("--seed", type=int, default=1, metavar="N",
                        help="household seed: the same seed gives the same home")
    parser.add_argument("--meters", type=_positive_int, default=1, metavar="N",
                        help="number of simulated homes (default 1)")
    parser.add_argument("--sim-process", action="store_true",
                        help="--sim: run the simulated homes in a process of their own "
                             "(an estate's simulation then takes none of the bridge's CPU)")
    parser.add_argument("--payment", choices=("prepayment", "credit"), default="prepayment",
                        help="--sim: prepayment homes (top up by code) or credit homes "
                             "(billed monthly)")
    parser.add_argument("--tariff", choices=("tou", "block", "tou-block"), default="tou",
                        help="--sim: time-of-use bands, one rate in two daily blocks, or both")
    parser.add_argument("--pcap", type=_writable_file, metavar="FILE",
                        help="write every frame crossing the radio to a pcap file")
    parser.add_argument("--listen", type=_host_port, metavar="HOST:PORT",
                        help="serve paired displays over HTTPS on this address")
    parser.add_argument("--state-dir", type=Path, default=_default_state_dir(),
                        help="certificate, paired displays and journal")
    parser.add_argument("--max-displays", type=_positive_int, metavar="N",
                        default=None,
                        help="displays this bridge is sized for: the totals of streams "
                             "(2 per display) and connections (4 per display); per-display "
                             "and per-address caps do not change (default "
                             "$IHD_BRIDGE_MAX_DISPLAYS, else 128, a home)")
    parser.add_argument("--no-advertise", action="store_true",
                        help="do not announce the bridge with zeroconf")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    from bridge.mqtt.cli import add_arguments as add_mqtt_arguments

    add_mqtt_arguments(parser)
    return parser


def _max_displays_from_env() -> int | None:
    """$IHD_BRIDGE_MAX_DISPLAYS (a systemd unit's Environment=): the default for
    --max-displays; None when it is not a whole number above 0."""
    import os

    from bridge.lan.limits import DISPLAYS

    text = os.environ.get("IHD_BRIDGE_MAX_DISPLAYS", "").strip()
    if not text:
        return DISPLAYS
    try:
        return _positive_int(text)
    except argparse.ArgumentTypeError:
        return None


def _default_state_dir() -> Path:
    import os

    base = os.environ.get("STATE_DIRECTORY") or os.environ.get("XDG_STATE_HOME") \
        or str(Path.home() / ".local" / "state")
    return Path(base) / "openihd-bridge"


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host or "0.0.0.0", int(port)


def sticks_main(argv: list[str]) -> int:
    """`ihd-bridge sticks [PORT …] [--timeout S]`: which Zigbee stick is on which port,
    and whether it can join a smart meter's network."""
    parser = _OneLineParser(prog="ihd-bridge sticks")
    parser.add_argument("ports", nargs="*", help="ports to probe (default: all serial ports)")
    parser.add_argument("--timeout", type=_positive_float, default=8.0, metavar="S",
                        help="seconds per radio library per port (default 8)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="what each radio library said")
    args = parser.parse_args(argv)
    from bridge.han.radio.probe import probe_sticks

    results = asyncio.run(probe_sticks(args.ports or None, timeout=args.timeout))
    if not results:
        print("ihd-bridge: no serial ports found (is the stick plugged in?)",
              file=sys.stderr)
        return 1
    for result in results:
        print(result.summary)
        if args.verbose:
            print(f"    {result.detail}")
    return 0 if any(r.radio is not None for r in results) else 1


def join_main(argv: list[str]) -> int:
    """`ihd-bridge join --device PORT --install-code CODE`: join the meter's Smart Energy
    network with an EZSP stick and run key establishment, saying each step; then
    `ihd-bridge --source joined --device PORT` serves the meter."""
    parser = _OneLineParser(prog="ihd-bridge join")
    parser.add_argument("--device", required=True, metavar="PORT")
    parser.add_argument("--install-code", required=True, metavar="HEX",
                        help="the stick's install code, as registered with the supplier")
    parser.add_argument("--timeout", type=_positive_float, default=8.0, metavar="S",
                        help="seconds to find the stick (default 8)")
    args = parser.parse_args(argv)
    from bridge.han.join.install_code import InstallCodeError, parse_install_code

    try:
        parse_install_code(args.install_code)
    except InstallCodeError as exc:
        print(f"ihd-bridge join: {exc}", file=sys.stderr)
        return 2
    return asyncio.run(_join(args.device, args.install_code, args.timeout))


async def _join(port: str, install_code: str, timeout: float) -> int:  # noqa: ASYNC109
    from bridge.han.join.guided import join_meter  # the display's stick card runs it too
    from bridge.han.radio.probe import probe_port

    found = await probe_port(port, timeout=timeout)
    print(found.summary, file=sys.stderr)
    if not found.can_join_meter or found.device_config is None:
        return 1
    result = await join_meter(
        found, install_code,
        lambda s: print(f"ihd-bridge: {s.state.value}: {s.detail}", file=sys.stderr,
                        flush=True))
    return 0 if result.connected else 1


def _printable(text: str) -> str:
    """Control characters (newlines, tabs, escape sequences) shown as escapes."""
    return "".join(c if c.isprintable() and c != "\\" else c.encode("unicode_escape")
                   .decode("ascii") for c in text)


def devices_main(argv: list[str]) -> int:
    """`ihd-bridge devices list|revoke ID [--state-dir DIR]`."""
    parser = _OneLineParser(prog="ihd-bridge devices")
    parser.add_argument("action", choices=["list", "revoke"])
    parser.add_argument("device_id", nargs="?", type=int)
    parser.add_argument("--state-dir", type=Path, default=_default_state_dir())
    args = parser.parse_args(argv)
    from bridge.lan.devices import DeviceRegistry
    from bridge.lan.state_db import StateError

    if not args.state_dir.exists():
        print(f"ihd-bridge: no bridge state in {args.state_dir}", file=sys.stderr)
        return 1
    try:
        registry = DeviceRegistry(args.state_dir / "devices.sqlite3")
    except StateError as exc:
        print(f"ihd-bridge: {exc}", file=sys.stderr)
        return 1
    try:
        if args.action == "list":
            for device, revoked in registry.list():
                # Names come from displays: escaped, so none can fake a line or a column.
                print(f"{device.device_id}\t{_printable(device.name)}\t"
                      f"{_printable(device.premises)}\t{'revoked' if revoked else 'active'}")
            return 0
        if args.device_id is None:
            print("ihd-bridge devices: error: revoke needs a device id", file=sys.stderr)
            return 2
        if not registry.revoke(args.device_id):
            print(f"ihd-bridge: no device {args.device_id}", file=sys.stderr)
            return 1
        print(f"revoked device {args.device_id}")
        return 0
    finally:
        registry.close()


def _make_source(args: argparse.Namespace) -> Source:
    kind = KINDS.get(args.source or "")
    if kind is not None:
        where = kind.from_cli(args)
        if not where:
            raise SourceError(kind.missing_cli)
        return kind.source(where, BuildContext(args.state_dir,
                                               permit_join_s=args.permit_join or 0))
    if not args.sim:
        raise SourceError(f"Choose a source: --sim, or --source {'|'.join(SOURCE_KINDS)}.")
    from bridge.sources.sim import SimSource

    return SimSource(seed=args.seed, speed=args.speed, homes=args.meters, pcap=args.pcap,
                     payment=args.payment, tariff=args.tariff,
                     separate_process=getattr(args, "sim_process", False))


async def run(args: argparse.Namespace, out: object = sys.stdout) -> int:
    try:
        source = _make_source(args)
    except SourceError as exc:
        print(f"ihd-bridge: {exc}", file=sys.stderr)
        return 2
    from bridge.mqtt.cli import make_publisher, start_publisher
    from bridge.mqtt.settings import MqttSettingsError

    try:
        publisher = make_publisher(args, source)
    except MqttSettingsError as exc:
        print(f"ihd-bridge: {exc}", file=sys.stderr)
        return 2
    stream = source.subscribe()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    async def pump() -> None:
        async for update in stream:
            if args.json:
                try:
                    print(json.dumps(to_json(update), ensure_ascii=False), file=out,  # type: ignore[call-overload]
                          flush=True)
                except BrokenPipeError:
                    # The reader went away (`ihd-bridge --json | head`): stop quietly.
                    # Point stdout at /dev/null so the interpreter's last flush is quiet too.
                    if id(out) == id(sys.stdout):  # (not `is`: mypy would narrow stdout)
                        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                    stop.set()
                    return

    pump_task = asyncio.create_task(pump())
    # A source that knows its homes before it starts (a simulated estate) is served at
    # once: displays pair and connect while each home's meters are still being set up,
    # and see a home's data as it arrives. Any other starts first (a missing stick ends
    # the program with its reason before anything is served).
    early = args.listen is not None and source.premises_before_start
    starting: asyncio.Task[None] | None = None
    if not early:
        try:
            await source.start()
        except SourceError as exc:
            print(f"ihd-bridge: {exc}", file=sys.stderr)
            pump_task.cancel()
            return 1
        _announce_demo_codes(source)
        heap.settle()
    running = None
    if args.listen is not None:
        from bridge.lan.limits import DISPLAYS, Capacity
        from bridge.lan.service import open_pairing, serve
        from bridge.lan.state_db import StateError

        host, port = args.listen
        try:
            running = await serve(source, state_dir=args.state_dir, host=host, port=port,
                                  advertise=not args.no_advertise,
                                  capacity=Capacity(getattr(args, "max_displays", None)
                                                    or _max_displays_from_env() or DISPLAYS))
        except StateError as exc:
            print(f"ihd-bridge: {exc}", file=sys.stderr)
            pump_task.cancel()
            await source.stop()
            return 1
        print(f"ihd-bridge: serving https://{host}:{running.port} "
              f"(certificate {running.identity.fingerprint})", file=sys.stderr, flush=True)
        open_pairing(running, source)
    failed: list[int] = []
    if early:
        starting = asyncio.create_task(_start_in_background(source, stop, failed),
                                       name="source-start")
    await start_publisher(publisher, running)
    try:
        if args.duration is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), args.duration)
        else:
            await stop.wait()
    finally:
        if starting is not None:
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
        if publisher is not None:
            await publisher.stop()
        if running is not None:
            await running.stop()
        await source.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await pump_task
    return failed[0] if failed else 0


async def _start_in_background(source: Source, stop: asyncio.Event, failed: list[int]) -> None:
    """Start a source that is already served; say when every meter is set up (an
    operator of an estate waits for that line), or why it could not start, and stop."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    try:
        await source.start()
    except SourceError as exc:
        print(f"ihd-bridge: {exc}", file=sys.stderr, flush=True)
        failed.append(1)
        stop.set()
        return
    _announce_demo_codes(source)
    heap.settle()  # the homes' objects stay: out of the collector's full passes
    print(f"ihd-bridge: {len(source.meters)} meters set up in {loop.time() - began:.1f} s",
          file=sys.stderr, flush=True)


def _announce_demo_codes(source: Source) -> None:
    addresses = getattr(source, "addresses", None)
    if not addresses:
        return
    from bridge.sim.utrn import demo_codes

    for esme_eui64, _hub in addresses:
        codes = ", ".join(demo_codes(esme_eui64))
        print(f"ihd-bridge: demo meter {esme_eui64} accepts top-up codes: {codes}",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["devices"]:
        return devices_main(argv[1:])
    if argv[:1] == ["sticks"]:
        return sticks_main(argv[1:])
    if argv[:1] == ["join"]:
        return join_main(argv[1:])
    if argv[:1] == ["estate"]:
        from bridge.mqtt.cli import estate_main

        return estate_main(argv[1:])
    if argv[:1] == ["ports"]:
        from bridge.sources.raven import serial_ports

        ports = serial_ports()
        for device, description in ports:
            print(f"{device}\t{description}")
        if not ports:
            print("ihd-bridge: no serial ports found (is the stick plugged in?)",
                  file=sys.stderr)
        return 0
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    if args.source is None and args.sim:
        args.source = "sim"
    if args.max_displays is None:
        args.max_displays = _max_displays_from_env()
        if args.max_displays is None:
            print("ihd-bridge: error: IHD_BRIDGE_MAX_DISPLAYS must be a whole number "
                  "of at least 1", file=sys.stderr)
            return 2
    if args.source is None:
        print(f"ihd-bridge: error: choose a source: --sim, or --source "
              f"{'|'.join(SOURCE_KINDS)}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(run(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
