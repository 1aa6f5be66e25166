"""Finding bridges on the LAN with zeroconf (mDNS/DNS-SD).

The bridge advertises `_openihd._tcp.local.` with TXT records `api` (protocol version),
`id` (a short identity) and `fp` (its certificate fingerprint, so a display can pin it
before pairing). No meter data is ever in the advertisement.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass

from zeroconf import AddressResolverIPv4, IPVersion, ServiceStateChange
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

SERVICE_TYPE = "_openihd._tcp.local."


@dataclass(frozen=True)
class FoundBridge:
    name: str
    host: str
    port: int
    bridge_id: str
    fingerprint: str
    api: str

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"


class Advertiser:
    def __init__(self, *, bridge_id: str, fingerprint: str, port: int, address: str,
                 interfaces: list[str] | None = None) -> None:
        self.info = AsyncServiceInfo(
            SERVICE_TYPE, f"OpenIHD bridge {bridge_id}.{SERVICE_TYPE}",
            addresses=[socket.inet_aton(address)], port=port,
            properties={"api": "1", "id": bridge_id, "fp": fingerprint},
            server=f"openihd-{bridge_id}.local.")
        # A bridge bound to loopback (tests, demos) announces on loopback only.
        if interfaces is None and address.startswith("127."):
            interfaces = [address]
        self._zc = (AsyncZeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only)
                    if interfaces else AsyncZeroconf(ip_version=IPVersion.V4Only))

    async def start(self) -> None:
        await self._zc.async_register_service(self.info, allow_name_change=True)

    async def stop(self) -> None:
        await self._zc.async_unregister_service(self.info)
        await self._zc.async_close()


async def browse(seconds: float = 3.0, interfaces: list[str] | None = None) -> list[FoundBridge]:
    """Bridges that answer within `seconds` (on every interface unless told which)."""
    zc = (AsyncZeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only) if interfaces
          else AsyncZeroconf(ip_version=IPVersion.V4Only))
    names: set[str] = set()

    def on_change(zeroconf: object, service_type: str, name: str,
                  state_change: ServiceStateChange) -> None:
        if state_change in (ServiceStateChange.Added, ServiceStateChange.Updated):
            names.add(name)

    browser = AsyncServiceBrowser(zc.zeroconf, [SERVICE_TYPE], handlers=[on_change])
    await asyncio.sleep(seconds)
    found = []
    for name in sorted(names):
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if not await info.async_request(zc.zeroconf, 2000):
            continue
        props = {k.decode(): (v or b"").decode() for k, v in info.properties.items()}
        addresses = info.parsed_addresses()
        if not addresses or info.port is None:
            continue
        found.append(FoundBridge(name=name, host=addresses[0], port=info.port,
                                 bridge_id=props.get("id", ""),
                                 fingerprint=props.get("fp", ""), api=props.get("api", "")))
    await browser.async_cancel()
    await zc.async_close()
    return found


async def resolve_host(name: str, *, timeout_s: float = 3.0,
                       interfaces: list[str] | None = None) -> str | None:
    """The IPv4 address of an mDNS host name such as `eagle-004792.local`, or None."""
    fqdn = name if name.endswith(".") else f"{name}."
    zc = (AsyncZeroconf(interfaces=interfaces, ip_version=IPVersion.V4Only) if interfaces
          else AsyncZeroconf(ip_version=IPVersion.V4Only))
    try:
        resolver = AddressResolverIPv4(fqdn)
        if await resolver.async_request(zc.zeroconf, int(timeout_s * 1000)):
            addresses = resolver.parsed_addresses()
            return addresses[0] if addresses else None
        return None
    finally:
        await zc.async_close()
