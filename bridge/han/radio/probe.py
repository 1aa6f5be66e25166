"""Find Zigbee sticks: probe each serial port with each installed radio library.

For the display's stick picker: `await probe_sticks()` gives one `ProbeResult` per port
with a sentence a person can read. Each library's own `ControllerApplication.probe` does
the talking (it knows its stick's handshake and baud rates); every attempt is bounded by
`timeout`, so a silent port costs `timeout` × the number of installed libraries. An EZSP
stick is then asked for its Smart Energy certificates, the one thing that decides whether
it can join a real meter's network.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bridge.errors import error_words
from bridge.han.join.certificates import Suite
from bridge.han.join.ncp import SeNcp
from bridge.han.radio.libraries import EZSP, RADIO_LIBRARIES, RadioLibrary
from bridge.han.radio.ports import list_serial_ports
from bridge.status_text import Said, say

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 8.0  # bellows alone needs ~3 s per baud rate on a stick that resets slowly


class Outcome(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not found"
    NOT_INSTALLED = "library not installed"


@dataclass(frozen=True)
class Attempt:
    """One library's try at one port."""

    library: RadioLibrary
    outcome: Outcome
    reason: str
    elapsed_s: float = 0.0
    device_config: dict[str, Any] | None = None  # what worked (baud rate …), when found


@dataclass(frozen=True)
class ProbeResult:
    port: str
    label: str
    attempts: tuple[Attempt, ...]
    # EZSP only: suites the stick has certificates for; None when not asked (or not EZSP).
    certificates: tuple[Suite, ...] | None = None
    certificate_error: str | None = None

    @property
    def found(self) -> Attempt | None:
        return next((a for a in self.attempts if a.outcome is Outcome.FOUND), None)

    @property
    def radio(self) -> RadioLibrary | None:
        found = self.found
        return found.library if found else None

    @property
    def can_join_meter(self) -> bool:
        radio = self.radio
        if radio is None or not radio.can_join_meter:
            return False
        return self.certificates is None or bool(self.certificates)

    @property
    def device_config(self) -> dict[str, Any] | None:
        found = self.found
        return found.device_config if found else None

    @property
    def summary(self) -> str:
        return self.said.english()

    @property
    def said(self) -> Said:
        """What was found, for the display to say in the reader's language."""
        radio = self.radio
        if radio is None:
            return say("probe.nothing", port=self.port)
        if not radio.can_join_meter:
            return say("probe.demo-only", radio=radio.name, port=self.port)
        if self.certificates is None:
            if self.certificate_error:
                return say("probe.unchecked", radio=radio.name, port=self.port,
                           reason=self.certificate_error)
            return say("probe.if-certificate", radio=radio.name, port=self.port)
        if not self.certificates:
            return say("probe.no-certificate", radio=radio.name, port=self.port)
        curves = " and ".join(s.curve for s in self.certificates)
        return say("probe.can-join", radio=radio.name, port=self.port, curves=curves)

    @property
    def detail(self) -> str:
        """Each library's outcome, for a "details" fold-out."""
        return "; ".join(f"{a.library.name}: {a.reason}" for a in self.attempts)


def _probing_class(library: RadioLibrary) -> Any:
    """The library's application class, made safe to cancel at our time limit.

    bellows runs the serial port in an I/O thread of its own by default and stops it only
    on an Exception; the CancelledError of a timed-out probe left the thread running, and
    `ihd-bridge sticks` then hung at exit waiting for it. Probing without the thread keeps
    everything on our event loop, where cancellation reaches it."""
    app_class = library.application_class()
    if library is not EZSP:
        return app_class

    class WithoutIoThread(app_class):  # type: ignore[misc,valid-type]
        def __init__(self, config: dict[str, Any]) -> None:
            super().__init__({**config, "use_thread": False})

    return WithoutIoThread


async def _try(library: RadioLibrary, port: str, within_s: float) -> Attempt:
    if not library.installed:
        return Attempt(library, Outcome.NOT_INSTALLED,
                       f"not tried: {library.package} is not installed")
    started = time.monotonic()
    try:
        async with asyncio.timeout(within_s):
            config = await _probing_class(library).probe({"path": port})
    except TimeoutError:
        return Attempt(library, Outcome.NOT_FOUND, f"no answer within {within_s:g} s",
                       time.monotonic() - started)
    except Exception as exc:  # a library's probe should not raise, but a port can vanish
        log.info("%s probe of %s failed: %r", library.radio_type, port, exc)
        return Attempt(library, Outcome.NOT_FOUND, f"error: {exc}",
                       time.monotonic() - started)
    elapsed = time.monotonic() - started
    if config is False:
        return Attempt(library, Outcome.NOT_FOUND, "did not answer as one", elapsed)
    return Attempt(library, Outcome.FOUND, f"answered in {elapsed:.1f} s", elapsed,
                   dict(config) if isinstance(config, dict) else {"path": port})


async def read_certificates(device_config: dict[str, Any],
                            within_s: float) -> tuple[Suite, ...]:
    """The SE suites an EZSP stick holds certificates for (empty: none, or no CBKE
    library in its firmware)."""
    async with asyncio.timeout(within_s):
        ncp = await SeNcp.open(device_config)
        try:
            return tuple([s for s in (Suite.CBKE_283K1, Suite.CBKE_163K1)
                          if await ncp.get_certificate(s) is not None])
        finally:
            await ncp.close()


# `timeout` bounds each library's attempt (and the certificate read), not the whole call:
# a caller's asyncio.timeout could not say which library ran out of time.
async def probe_port(port: str, *, timeout: float = DEFAULT_TIMEOUT_S,  # noqa: ASYNC109
                     libraries: Sequence[RadioLibrary] = RADIO_LIBRARIES,
                     check_certificate: bool = True, label: str | None = None) -> ProbeResult:
    attempts: list[Attempt] = []
    for library in libraries:
        attempt = await _try(library, port, timeout)
        attempts.append(attempt)
        if attempt.outcome is Outcome.FOUND:
            break
    result = ProbeResult(port=port, label=label or port, attempts=tuple(attempts))
    found = result.found
    if found is None or found.library is not EZSP or not check_certificate:
        return result
    assert found.device_config is not None
    try:
        certificates = await read_certificates(found.device_config, timeout)
    except Exception as exc:  # TimeoutError included: the stick stopped answering
        log.info("certificate check on %s failed: %r", port, exc)
        return ProbeResult(port=port, label=result.label, attempts=result.attempts,
                           certificate_error=error_words(exc))
    return ProbeResult(port=port, label=result.label, attempts=result.attempts,
                       certificates=certificates)


async def probe_sticks(ports: Sequence[str] | None = None, *,
                       timeout: float = DEFAULT_TIMEOUT_S,  # noqa: ASYNC109 (per attempt)
                       libraries: Sequence[RadioLibrary] = RADIO_LIBRARIES,
                       check_certificate: bool = True) -> list[ProbeResult]:
    """One result per port (all serial ports when `ports` is None), probed in parallel:
    different ports are different sticks."""
    if ports is None:
        targets = [(p.device, p.label) for p in list_serial_ports()]
    else:
        targets = [(p, p) for p in ports]
    return list(await asyncio.gather(*(
        probe_port(device, timeout=timeout, libraries=libraries,
                   check_certificate=check_certificate, label=label)
        for device, label in targets)))
