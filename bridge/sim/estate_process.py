"""Simulated homes in a process of their own, on the far end of an air link.

    python -m bridge.sim.estate_process --fd N --homes H [--seed S] [--speed X] ...

Started by `SimSource(separate_process=True)` (`ihd-bridge --sim --sim-process`) with one
end of a socket pair as file descriptor N: the homes' nodes are announced over it, their
frames go to the bridge over it, and the bridge's frames come back. The process ends
when the bridge closes its end (or dies).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import socket
import time
from datetime import datetime, timedelta

import zigpy.exceptions

from bridge.sim.air_link import AirLink
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir

log = logging.getLogger("ihd-sim-estate")


class LinkedAir(VirtualAir):
    """The homes' side of the air: what a node sends the application crosses the link."""

    def __init__(self, link: AirLink) -> None:
        super().__init__()
        self.link = link

    def to_app(self, src_nwk: int, *, src_ep: int, dst_ep: int, cluster_id: int,
               profile_id: int, payload: bytes) -> None:
        self.frames_to_app += 1
        self.link.send_frame(src_nwk, 0x0000, src_ep=src_ep, dst_ep=dst_ep,
                             cluster_id=cluster_id, profile_id=profile_id, payload=payload)


async def run_estate(sock: socket.socket, *, homes: int, seed: int, clock: SimClock,
                     solar: bool | None, payment: str, tariff: str) -> None:
    reader, writer = await asyncio.open_unix_connection(sock=sock)
    link = AirLink(reader, writer)
    air = LinkedAir(link)
    air.clock = clock.now
    estate = [SimHome(air, clock, seed=seed + i, index=i, solar=solar, payment=payment,
                      tariff=tariff) for i in range(homes)]
    for node in air.nodes.values():
        link.send_node(node.nwk, node.ieee)
    link.send_ready()
    for home in estate:
        home.start()

    def deliver(src_nwk: int, dst_nwk: int, *, src_ep: int, dst_ep: int, cluster_id: int,
                profile_id: int, payload: bytes) -> None:
        try:
            air.to_node(dst_nwk, src_ep=src_ep, dst_ep=dst_ep, cluster_id=cluster_id,
                        profile_id=profile_id, payload=payload)
        except zigpy.exceptions.DeliveryError as exc:  # as on the air: lost
            log.info("%s", exc)

    try:
        await link.receive(deliver)
    finally:
        for home in estate:
            await home.stop()
        await link.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bridge.sim.estate_process",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--fd", type=int, required=True, help="this end of the air link")
    parser.add_argument("--homes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--start", type=datetime.fromisoformat, default=None,
                        help="the simulated time at --at (ISO 8601 with a zone)")
    parser.add_argument("--at", type=float, default=None,
                        help="the wall-clock time (Unix seconds) --start was read at")
    parser.add_argument("--solar", choices=("yes", "no", "seed"), default="seed")
    parser.add_argument("--payment", default="prepayment")
    parser.add_argument("--tariff", default="tou")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    start = args.start
    if start is not None and args.at is not None:
        # The same simulated time as the bridge's clock, however long this took to start.
        start += timedelta(seconds=(time.time() - args.at) * args.speed)
    clock = SimClock(start=start, speed=args.speed)
    solar = {"yes": True, "no": False, "seed": None}[args.solar]
    sock = socket.socket(fileno=args.fd)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_estate(sock, homes=args.homes, seed=args.seed, clock=clock,
                               solar=solar, payment=args.payment, tariff=args.tariff))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
