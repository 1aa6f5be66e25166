"""Pairing as the tests need it: a real SPAKE2 exchange, in process or from a chosen
loopback address (a LAN attacker has as many addresses as it likes)."""

from __future__ import annotations

import ssl

import aiohttp

from bridge.lan.devices import Device, DeviceRegistry
from bridge.lan.pairing import DisplaySide, PairingCode, b64, unb64

FINGERPRINT = "ab" * 32


def pair_locally(registry: DeviceRegistry, premises: str, name: str) -> tuple[str, Device]:
    code = PairingCode.parse(registry.open_pairing(premises))
    display = DisplaySide(code, FINGERPRINT)
    attempt, side = registry.begin(code.slot, display.message, name, FINGERPRINT)
    proof = display.finish(side.message, side.confirm)
    assert proof is not None
    return registry.finish(attempt, proof)


def _no_verify() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def try_code(url: str, code: str, fingerprint: str, *, source: str = "127.0.0.1",
                   name: str = "guess") -> tuple[int, str]:
    """One pairing try from `source`: (status of the last answer, its error or token)."""
    parsed = PairingCode.parse(code)
    display = DisplaySide(parsed, fingerprint)
    connector = aiohttp.TCPConnector(local_addr=(source, 0), ssl=_no_verify())
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.post(f"{url}/api/v1/pair/start", json={
                "home": parsed.slot, "name": name, "message": b64(display.message)}) as rsp:
            started = await rsp.json()
            if rsp.status != 200:
                return rsp.status, started["error"]
        proof = display.finish(unb64(started["message"], "m"), unb64(started["confirm"], "c"))
        async with session.post(f"{url}/api/v1/pair/finish", json={
                "attempt": started["attempt"], "confirm": b64(proof or b"wrong")}) as rsp:
            body = await rsp.json()
            return rsp.status, body.get("token") or body["error"]
