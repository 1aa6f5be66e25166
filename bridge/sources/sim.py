"""The demo source: simulated GB homes behind a zigpy virtual radio.

Real ZCL bytes cross the virtual air both ways; the display side is the same zigpy +
`HanClient` stack a Zigbee stick uses, so the demo exercises the real decoding path.
"""

from __future__ import annotations

import itertools
import logging
from datetime import datetime, timedelta
from pathlib import Path

from bridge.han.client import HanClient
from bridge.han.se_profile import with_smart_energy
from bridge.model import MeterIdentity
from bridge.pcap import PcapWriter
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import (
    VirtualAir,
    VirtualRadioApplication,
    register_air,
    unregister_air,
    virtual_config,
)
from bridge.sources.han_backed import HanBackedSource
from bridge.status_text import say

log = logging.getLogger(__name__)

_air_names = itertools.count(1)


class SimSource(HanBackedSource):
    """One or more simulated homes (a block of flats when `homes` > 1)."""

    not_running = say("demo.not-running")

    def __init__(self, *, seed: int = 1, speed: float = 1.0, homes: int = 1,
                 start: datetime | None = None, solar: bool | None = None,
                 pcap: Path | None = None, request_timeout_s: float = 5.0,
                 computer_clock_error: timedelta = timedelta(0),
                 payment: str = "prepayment", tariff: str = "tou") -> None:
        """`computer_clock_error`: how far the display computer's clock is from the
        meter's (a kiosk with a wrong clock); the HAN client's clock is that far off."""
        super().__init__()
        if homes < 1:
            raise ValueError("homes must be at least 1")
        self.name = "Demo home (simulated)" if homes == 1 else f"{homes} simulated homes"
        self.seed = seed
        self.clock = SimClock(start=start, speed=speed)
        self.air = VirtualAir()
        self.air.clock = self.clock.now  # pcap times on the simulated clock
        self.homes = [SimHome(self.air, self.clock, seed=seed + i, index=i, solar=solar,
                              payment=payment, tariff=tariff) for i in range(homes)]
        self._pcap_path = pcap
        self._pcap: PcapWriter | None = None
        self._air_name = f"sim-{next(_air_names)}"
        self._request_timeout_s = request_timeout_s
        self.computer_clock_error = computer_clock_error
        self._premises: tuple[int, dict[str, tuple[MeterIdentity, ...]]] | None = None

    @property
    def premises(self) -> dict[str, tuple[MeterIdentity, ...]]:
        """One premises per simulated home: its electricity meter and its gas mirror.
        Built once per set of meters (one pass over them), not on every call."""
        meters = self.meters
        if self._premises is None or self._premises[0] != len(meters):
            home_of = {}
            for index, home in enumerate(self.homes):
                home_of[home.esme_eui64] = home_of[home.hub_eui64] = f"home-{index + 1}"
            grouped: dict[str, list[MeterIdentity]] = {name: [] for name in home_of.values()}
            for meter in meters:
                if meter.eui64 in home_of:
                    grouped[home_of[meter.eui64]].append(meter)
            self._premises = (len(meters), {name: tuple(group)
                                            for name, group in grouped.items()})
        return self._premises[1]

    async def start(self) -> None:
        if self._pcap_path is not None:
            self._pcap = PcapWriter(self._pcap_path)
            pcap = self._pcap
            self.air.taps.append(
                lambda *, timestamp, src_nwk, dst_nwk, src_ep, dst_ep, cluster_id,
                profile_id, payload: pcap.write_zcl(
                    timestamp=timestamp, src_nwk=src_nwk, dst_nwk=dst_nwk, src_ep=src_ep,
                    dst_ep=dst_ep, cluster_id=cluster_id, profile_id=profile_id,
                    zcl=payload))
        path = register_air(self._air_name, self.air)
        app_class = with_smart_energy(VirtualRadioApplication)
        self._app = await app_class.new(virtual_config(path), auto_form=False,
                                        start_radio=True)
        self._han = HanClient(self._app, origin=f"sim:{self.seed}", publish=self._publish,
                              clock=lambda: self.clock.now() + self.computer_clock_error,
                              time_scale=self.clock.speed,
                              request_timeout_s=self._request_timeout_s)
        for home in self.homes:
            home.start()
        try:
            await self._han.start()
        except Exception:
            await self.stop()
            raise

    async def stop(self) -> None:
        if self._han is not None:
            await self._han.stop()
            self._han = None
        for home in self.homes:
            await home.stop()
        await self._stop_han()
        unregister_air(self._air_name)
        if self._pcap is not None:
            self._pcap.close()
            self._pcap = None
        self._close_streams()
