"""The demo source: simulated GB homes behind a zigpy virtual radio.

Real ZCL bytes cross the virtual air both ways; the display side is the same zigpy +
`HanClient` stack a Zigbee stick uses, so the demo exercises the real decoding path.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from bridge.han.client import HanClient
from bridge.han.se_profile import with_smart_energy
from bridge.model import MeterIdentity
from bridge.pcap import PcapWriter
from bridge.sim.air_link import AirLink, RemoteNode
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome, node_addresses
from bridge.sim.radio import (
    VirtualAir,
    VirtualRadioApplication,
    register_air,
    unregister_air,
    virtual_config,
)
from bridge.sources.base import SourceError
from bridge.sources.han_backed import HanBackedSource
from bridge.status_text import say
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

_air_names = itertools.count(1)
ESTATE_START_LIMIT_S = 600  # building 1,024 homes' nodes takes seconds on a busy machine


class SimSource(HanBackedSource):
    """One or more simulated homes (a block of flats when `homes` > 1)."""

    not_running = say("demo.not-running")
    premises_before_start = True  # home-1 … home-N, whatever their meters say

    def __init__(self, *, seed: int = 1, speed: float = 1.0, homes: int = 1,
                 start: datetime | None = None, solar: bool | None = None,
                 pcap: Path | None = None, request_timeout_s: float = 5.0,
                 computer_clock_error: timedelta = timedelta(0),
                 payment: str = "prepayment", tariff: str = "tou",
                 separate_process: bool = False) -> None:
        """`computer_clock_error`: how far the display computer's clock is from the
        meter's (a kiosk with a wrong clock); the HAN client's clock is that far off.
        `separate_process`: the homes run in a process of their own
        (bridge.sim.estate_process) and only their frames reach this one, so this
        process's CPU is the bridge's alone; `homes` is then empty (the homes' state is
        in the other process)."""
        super().__init__()
        if homes < 1:
            raise ValueError("homes must be at least 1")
        self.said_name = say("name.demo") if homes == 1 else say("name.demo-homes",
                                                                   count=homes)
        self.name = self.said_name.english()
        self.seed = seed
        self.clock = SimClock(start=start, speed=speed)
        self.air = VirtualAir()
        self.air.clock = self.clock.now  # pcap times on the simulated clock
        self._estate_args = ["--homes", str(homes), "--seed", str(seed),
                             "--solar", {True: "yes", False: "no", None: "seed"}[solar],
                             "--payment", payment, "--tariff", tariff]
        self._separate = separate_process
        self._child: subprocess.Popen[bytes] | None = None
        self._link: AirLink | None = None
        self._link_task: asyncio.Task[None] | None = None
        self.homes = [] if separate_process else [
            SimHome(self.air, self.clock, seed=seed + i, index=i, solar=solar,
                    payment=payment, tariff=tariff) for i in range(homes)]
        #: each home's (electricity meter, comms hub) IEEE addresses, whichever process
        #: the homes run in
        self.addresses = [node_addresses(i) for i in range(homes)]
        self._pcap_path = pcap
        self._pcap: PcapWriter | None = None
        self._air_name = f"sim-{next(_air_names)}"
        self._request_timeout_s = request_timeout_s
        self.computer_clock_error = computer_clock_error
        self._premises: tuple[int, dict[str, tuple[MeterIdentity, ...]]] | None = None
        # Which home each node belongs to, known before any meter is set up: routing an
        # update is one look-up however many meters are still joining.
        self._home_of = {eui64: f"home-{index + 1}"
                         for index, pair in enumerate(self.addresses) for eui64 in pair}

    @property
    def premises(self) -> dict[str, tuple[MeterIdentity, ...]]:
        """One premises per simulated home: its electricity meter and its gas mirror.
        Built once per set of meters (one pass over them), not on every call."""
        meters = self.meters
        if self._premises is None or self._premises[0] != len(meters):
            home_of = self._home_of
            grouped: dict[str, list[MeterIdentity]] = {name: [] for name in home_of.values()}
            for meter in meters:
                if meter.eui64 in home_of:
                    grouped[home_of[meter.eui64]].append(meter)
            self._premises = (len(meters), {name: tuple(group)
                                            for name, group in grouped.items()})
        return self._premises[1]

    def premises_of(self, meter: MeterIdentity) -> str | None:
        return self._home_of.get(meter.eui64)

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
        if self._separate:
            await self._start_estate_process()
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

    async def _start_estate_process(self) -> None:
        """The homes in their own process, joined to this one's air by a socket pair;
        returns when every node is on the air."""
        ours, theirs = socket.socketpair()
        self._child = subprocess.Popen(  # noqa: ASYNC220 (returns at once)
            [sys.executable, "-m", "bridge.sim.estate_process", "--fd", str(theirs.fileno()),
             "--speed", str(self.clock.speed), "--start", self.clock.now().isoformat(),
             "--at", str(time.time()), *self._estate_args], pass_fds=[theirs.fileno()])
        theirs.close()
        reader, writer = await asyncio.open_unix_connection(sock=ours)
        link = self._link = AirLink(reader, writer)
        ready = asyncio.Event()
        self._link_task = asyncio.create_task(link.receive(
            self._frame_from_estate,
            on_node=lambda nwk, ieee: self.air.add_node(RemoteNode(link, nwk, ieee)),
            on_ready=ready.set), name="sim-air-link")
        waiter = asyncio.ensure_future(ready.wait())
        await asyncio.wait({self._link_task, waiter}, timeout=ESTATE_START_LIMIT_S,
                           return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if not ready.is_set():
            await self._stop_estate_process()
            raise SourceError(say("demo.estate-did-not-start"))

    def _frame_from_estate(self, src_nwk: int, dst_nwk: int, *, src_ep: int, dst_ep: int,
                           cluster_id: int, profile_id: int, payload: bytes) -> None:
        self.air.to_app(src_nwk, src_ep=src_ep, dst_ep=dst_ep, cluster_id=cluster_id,
                        profile_id=profile_id, payload=payload)

    async def _stop_estate_process(self) -> None:
        if self._link is not None:
            await self._link.close()
            self._link = None
        if self._link_task is not None:
            await cancel_and_wait([self._link_task])
            self._link_task = None
        if self._child is not None:
            child, self._child = self._child, None
            try:
                await asyncio.to_thread(child.wait, 10)
            except subprocess.TimeoutExpired:
                child.kill()
                await asyncio.to_thread(child.wait)

    async def stop(self) -> None:
        if self._han is not None:
            await self._han.stop()
            self._han = None
        for home in self.homes:
            await home.stop()
        await self._stop_han()
        await self._stop_estate_process()
        unregister_air(self._air_name)
        if self._pcap is not None:
            self._pcap.close()
            self._pcap = None
        self._close_streams()
