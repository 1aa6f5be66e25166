"""An attacker on the LAN tries to pair with a bridge serving a block of flats.

    .venv/bin/python bench/pairing_attack.py [--homes 16] [--tries 300] [--seconds 60]
                                             [--windows 20]

A real bridge on loopback (TLS, aiohttp, SQLite, SPAKE2) with a pairing code open for
every home. The attacker runs full pairing exchanges with random guesses, spreading them
over every home and over hundreds of loopback source addresses (127.x.y.z), as fast as it
can, up to --tries or --seconds. It succeeds if any exchange gives it a token.

Floor in the same run (calibration): the same attack on bridges whose secrets have 2
digits instead of 8, one fresh pairing window each, so successes are frequent enough to
count. The measured rate there is set against the rate the limits predict; the model that
matches it there is the one that gives the 8-digit bound.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import asyncio
import logging
import math
import random
import secrets
import ssl
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime

import aiohttp

from bridge.lan.devices import MAX_TRIES_PER_CODE, MAX_TRIES_PER_WINDOW, DeviceRegistry
from bridge.lan.pairing import SECRET_DIGITS, DisplaySide, PairingCode, b64, unb64
from bridge.lan.service import RunningBridge, serve
from bridge.sources.sim import SimSource

START = datetime(2026, 1, 14, 18, tzinfo=UTC)


def _no_verify() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _address(n: int) -> str:
    return f"127.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


async def _guess(url: str, fingerprint: str, slot: int, digits: int, address: str,
                 tried: set[tuple[int, str]]) -> str:
    """One full exchange with a fresh guess; 'paired', 'wrong' or 'refused'."""
    while True:  # an attacker never repeats a guess against the same code
        secret = f"{secrets.randbelow(10**digits):0{digits}d}"
        if (slot, secret) not in tried:
            tried.add((slot, secret))
            break
    display = DisplaySide(PairingCode(slot, secret), fingerprint)
    connector = aiohttp.TCPConnector(local_addr=(address, 0), ssl=_no_verify())
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.post(f"{url}/api/v1/pair/start", json={
                "home": slot, "name": "attacker", "message": b64(display.message)}) as rsp:
            started = await rsp.json()
            if rsp.status != 200:
                return "refused"
        proof = display.finish(unb64(started["message"], "m"), unb64(started["confirm"], "c"))
        if proof is None:
            return "wrong"  # it knows at once; telling the bridge changes nothing
        async with session.post(f"{url}/api/v1/pair/finish", json={
                "attempt": started["attempt"], "confirm": b64(proof)}) as rsp:
            return "paired" if rsp.status == 200 else "wrong"


async def _attack(running: RunningBridge, homes: int, digits: int, tries: int,
                  seconds: float, first_address: int) -> Counter[str]:
    url = f"https://127.0.0.1:{running.port}"
    fp = running.identity.fingerprint
    outcome: Counter[str] = Counter()
    tried: set[tuple[int, str]] = set()
    deadline = time.monotonic() + seconds
    for n in range(tries):
        if time.monotonic() > deadline:
            break
        slot = n % homes + 1
        result = await _guess(url, fp, slot, digits, _address(first_address + n), tried)
        outcome[result] += 1
        outcome["addresses"] += 1
    return outcome


def _predicted_window_rate(homes: int, digits: int) -> float:
    """P(the attacker pairs to some home in one window) when it spends the bridge's
    whole budget spread evenly over the homes, each home's code at most
    MAX_TRIES_PER_CODE tries: 1 - prod over homes (N - t_h) / N."""
    space = 10**digits
    budget = min(MAX_TRIES_PER_WINDOW, homes * MAX_TRIES_PER_CODE)
    per_home = [budget // homes + (1 if h < budget % homes else 0) for h in range(homes)]
    return 1 - math.prod((space - t) / space for t in per_home)


async def _bridge(state: Path, homes: int, digits: int) -> tuple[SimSource, RunningBridge]:
    source = SimSource(seed=9, speed=60, homes=homes, start=START, solar=False)
    await source.start()
    running = await serve(source, state_dir=state, host="127.0.0.1", port=0,
                          advertise=False)
    _new_window(running, source, digits)
    return source, running


def _new_window(running: RunningBridge, source: SimSource, digits: int) -> None:
    """A fresh pairing window: a new registry (as a restart gives), codes for all homes."""
    running.devices.close()
    state = running.identity.cert_path.parent
    running.devices = DeviceRegistry(state / "devices.sqlite3", secret_digits=digits)
    running.server.devices = running.devices
    for premises in source.premises:
        running.pins[premises] = running.devices.open_pairing(premises)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--homes", type=int, default=16)
    parser.add_argument("--tries", type=int, default=300, help="exchanges against the "
                        "real bridge (bounded)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--windows", type=int, default=20, help="calibration windows")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    random.seed(1)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"bridge: {args.homes} homes, codes of {SECRET_DIGITS} secret digits, "
              f"limits {MAX_TRIES_PER_CODE} tries per code, {MAX_TRIES_PER_WINDOW} per "
              f"bridge per window")
        source, running = await _bridge(Path(tmp) / "real", args.homes, SECRET_DIGITS)
        try:
            t0 = time.monotonic()
            real = await _attack(running, args.homes, SECRET_DIGITS, args.tries,
                                 args.seconds, first_address=1)
            took = time.monotonic() - t0
        finally:
            await running.stop()
            await source.stop()
        tested = real["wrong"] + real["paired"]
        print(f"attack, 1 window: {sum(real[k] for k in ('wrong', 'paired', 'refused'))} "
              f"exchanges from {real['addresses']} addresses in {took:.1f} s; "
              f"{tested} tested a guess, {real['refused']} refused (429/403); "
              f"paired: {real['paired']}")
        bound = MAX_TRIES_PER_WINDOW / (10**SECRET_DIGITS - MAX_TRIES_PER_CODE)
        print(f"bound per window: {MAX_TRIES_PER_WINDOW} / (10^{SECRET_DIGITS} - "
              f"{MAX_TRIES_PER_CODE}) = {bound:.2e}; predicted for this attack "
              f"{_predicted_window_rate(args.homes, SECRET_DIGITS):.2e}")

        digits = 2
        source, running = await _bridge(Path(tmp) / "calibration", args.homes, digits)
        wins = 0
        try:
            for w in range(args.windows):
                if w:
                    _new_window(running, source, digits)
                out = await _attack(running, args.homes, digits,
                                    MAX_TRIES_PER_WINDOW + 10, args.seconds,
                                    first_address=100_000 + w * 1000)
                wins += out["paired"] > 0
        finally:
            await running.stop()
            await source.stop()
        predicted = _predicted_window_rate(args.homes, digits)
        measured = wins / max(args.windows, 1)
        spread = math.sqrt(predicted * (1 - predicted) / max(args.windows, 1))
        print(f"floor (calibration, {digits}-digit secrets, {args.windows} windows): "
              f"success rate per window measured {measured:.3f}, predicted "
              f"{predicted:.3f} (± {spread:.3f}); measured/predicted "
              f"{measured / predicted:.2f}")
        print(f"success rate per window (real codes): measured {real['paired']}/1, "
              f"bound {bound:.1e} (< 1e-6: {'yes' if bound < 1e-6 else 'NO'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
