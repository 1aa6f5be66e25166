"""A Source whose updates the test chooses (the publisher under test is real)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bridge.model import (
    GBP,
    CreditStatus,
    Fuel,
    MeterIdentity,
    MeterReading,
    Money,
    PrepaymentState,
    TopUpCode,
    TopUpResult,
    TopUpResultCode,
    Update,
)
from bridge.sources.base import Source

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
GAS = MeterIdentity("00:0d:6f:00:0c:00:00:02", 0x7B, Fuel.GAS)
T0 = datetime(2026, 1, 14, 18, tzinfo=UTC)


class ScriptedSource(Source):
    name = "scripted"

    def __init__(self, homes: dict[str, tuple[MeterIdentity, ...]] | None = None) -> None:
        super().__init__()
        self._homes = homes or {"flat-1": (ELEC, GAS)}
        self.codes: list[str] = []

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return tuple(m for ms in self._homes.values() for m in ms)

    @property
    def premises(self) -> dict[str, tuple[MeterIdentity, ...]]:
        return self._homes

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        self._close_streams()

    def emit(self, update: Update) -> None:
        self._publish(update)

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        self.codes.append(code.digits)
        return TopUpResult(meter=meter, timestamp=T0, origin=self.name,
                           result=TopUpResultCode.ACCEPTED, code_masked=code.masked,
                           value=Money.of("10"), credit_remaining=Money.of("15.50"))

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        pass


def reading(kwh: str, kw: str = "0.5", meter: MeterIdentity = ELEC,
            at: datetime = T0) -> MeterReading:
    return MeterReading(meter=meter, timestamp=at, origin="scripted",
                        energy_delivered_kwh=Decimal(kwh), demand_kw=Decimal(kw))


def prepayment(credit: str, meter: MeterIdentity = ELEC) -> PrepaymentState:
    return PrepaymentState(meter=meter, timestamp=T0, origin="scripted",
                           credit_remaining=Money(Decimal(credit), GBP),
                           emergency_credit_remaining=Money.of("5"),
                           accumulated_debt=Money.of("12.30"),
                           credit_status=CreditStatus.CREDIT_OK
                           | CreditStatus.EMERGENCY_CREDIT_AVAILABLE)
