"""The one guided join of a meter's Smart Energy network, used by `ihd-bridge join` and
the display's stick card: refuse a mistyped install code before touching the radio, say
the stick's EUI64 (what the supplier registers), run the JoinSession (searching →
joining → authenticating → connected / failed, each said), and hand the open stick on
to a JoinedStickSource when asked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bridge.han.join.install_code import parse_install_code
from bridge.han.join.ncp import SeNcp
from bridge.han.join.session import JoinResult, JoinSession, JoinTimeouts
from bridge.han.radio.probe import ProbeResult
from bridge.model import ConnectionState, SourceStatus
from bridge.sources.joined_stick import JoinedStickSource
from bridge.status_text import say, status

OnStatus = Callable[[SourceStatus], None]


async def join_meter(stick: ProbeResult, install_code: str, on_status: OnStatus, *,
                     timeouts: JoinTimeouts | None = None,
                     follow: Callable[[JoinedStickSource], Awaitable[None]] | None = None,
                     ) -> JoinResult:
    """Join the meter's network with `stick` and authenticate (CBKE). A mistyped install
    code is refused (InstallCodeError, in words) before the radio is touched. The stick's
    EUI64 is said first: it and the install code are what the supplier registers.
    Once connected, `follow` gets the meter's data source on the same open stick (no
    second reset), with the trust centre known from the meter's certificate."""
    parse_install_code(install_code)
    if stick.device_config is None:
        raise ValueError("the stick was not found")
    origin = f"ezsp:{stick.port}"
    ncp: SeNcp | None = await SeNcp.open(stick.device_config)
    try:
        assert ncp is not None
        eui64 = await ncp.eui64()
        on_status(status(datetime.now(UTC), origin, ConnectionState.STARTING,
                         say("join.stick-id", eui64=eui64)))
        session = JoinSession(radio=ncp, install_code=install_code, origin=origin,
                              on_status=on_status, timeouts=timeouts or JoinTimeouts())
        result = await session.run()
        if result.connected and follow is not None:
            certificate = result.meter_certificate
            source = JoinedStickSource(
                stick.device_config, ncp=ncp,
                trust_centre_ieee=certificate.subject_eui64 if certificate else None)
            ncp = None  # the source owns the open stick now
            await follow(source)
        return result
    finally:
        if ncp is not None:
            await ncp.close()
