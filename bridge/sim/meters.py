"""State machines of the simulated meters, free of any Zigbee detail.

`TouTariff` says which band is in force when; `PrepaymentAccount` keeps credit, emergency
credit and debt as a GB prepayment meter does; `RegisterPair` integrates the household's
power into import/export registers. `bridge.sim.home` puts them behind ZCL clusters.
All money is integer pence; all energy is integer watt-hours (the meters' resolution).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

# The meter speaks wire values: the SE enums, not the display's model enums.
from bridge.se.clusters import CreditStatus, TopUpResultType
from bridge.sim.utrn import UtrnLedger, decode_utrn

LOCAL = ZoneInfo("Europe/London")
_R = TopUpResultType  # called, so type checkers see the enum, not its int values


@dataclass(frozen=True)
class Band:
    tier: int
    label: str
    start_minute: int  # local time, minutes after midnight
    end_minute: int
    price_milli_pence: int  # 1/1000 p per kWh: 24.500p = 24500 (trailing digit 5 in £)


@dataclass(frozen=True)
class TouTariff:
    label: str
    bands: tuple[Band, ...]  # cover the whole day; checked in __post_init__
    standing_charge_milli_pence_per_day: int
    export_price_milli_pence: int | None = None
    # (month, day) of days with their own bands (a calendar's special days)
    holidays: tuple[tuple[int, int], ...] = ()
    holiday_bands: tuple[Band, ...] = ()
    # Block pricing: above `block_threshold_kwh` used in the day (the block period, from
    # local midnight) each kWh costs `block2_adder_milli_pence` more than its band's price.
    block_threshold_kwh: int | None = None
    block2_adder_milli_pence: int = 0

    def __post_init__(self) -> None:
        for bands in (self.bands, self.holiday_bands or self.bands):
            minutes = sorted((b.start_minute, b.end_minute) for b in bands)
            covered = 0
            for start, end in minutes:
                if start != covered:
                    raise ValueError("tariff bands must cover the day without gaps")
                covered = end
            if covered != 24 * 60:
                raise ValueError("tariff bands must end at midnight")

    def bands_on(self, day: date) -> tuple[Band, ...]:
        if self.holiday_bands and (day.month, day.day) in self.holidays:
            return self.holiday_bands
        return self.bands

    def band_at(self, at: datetime) -> Band:
        local = at.astimezone(LOCAL)
        minute = local.hour * 60 + local.minute
        for band in self.bands_on(local.date()):
            if band.start_minute <= minute < band.end_minute:
                return band
        raise AssertionError("bands cover the day")  # pragma: no cover

    def band_window(self, at: datetime) -> tuple[datetime, datetime]:
        """UTC start and end of the band in force at `at`."""
        band = self.band_at(at)
        local = at.astimezone(LOCAL)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        start = _local_minute(midnight, band.start_minute)
        end = _local_minute(midnight, band.end_minute)
        return start, end

    def price_at(self, at: datetime, used_today_kwh: float) -> int:
        """The price of the next kWh at `at`, `used_today_kwh` into the block period."""
        price = self.band_at(at).price_milli_pence
        if self.block_threshold_kwh is not None and used_today_kwh >= self.block_threshold_kwh:
            price += self.block2_adder_milli_pence
        return price

    def tiers(self) -> dict[int, Band]:
        return {b.tier: b for b in (*self.holiday_bands, *self.bands)}


def _local_minute(midnight: datetime, minute: int) -> datetime:
    # Build wall-clock times day by day so clock changes give 23/25-hour days.
    day = midnight.date() + timedelta(days=minute // (24 * 60))
    minute %= 24 * 60
    naive = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
    return naive.replace(tzinfo=LOCAL)


def gb_time_of_use_tariff() -> TouTariff:
    """An Economy-style GB electricity tariff with an evening peak."""
    return TouTariff(
        label="OpenIHD Demo Flex",
        bands=(
            Band(2, "Off-peak", 0, 7 * 60, 13_500),
            Band(1, "Standard", 7 * 60, 16 * 60, 24_500),
            Band(3, "Peak", 16 * 60, 19 * 60, 38_200),
            Band(1, "Standard", 19 * 60, 24 * 60, 24_500),
        ),
        standing_charge_milli_pence_per_day=53_350,
        export_price_milli_pence=15_000,
        # Christmas Day and Boxing Day are off-peak all day (the calendar's special days).
        holidays=((12, 25), (12, 26)),
        holiday_bands=(Band(2, "Off-peak", 0, 24 * 60, 13_500),),
    )


def block_tariff() -> TouTariff:
    """One rate all day in two blocks: the first 8 kWh a day at 20.00p, the rest at 30.00p."""
    return TouTariff(label="OpenIHD Demo Blocks",
                     bands=(Band(1, "Standard", 0, 24 * 60, 20_000),),
                     standing_charge_milli_pence_per_day=53_350,
                     block_threshold_kwh=8, block2_adder_milli_pence=10_000)


def tou_block_tariff() -> TouTariff:
    """The time-of-use bands with a second block: above 8 kWh a day, 6.00p more a kWh."""
    return replace(gb_time_of_use_tariff(), label="OpenIHD Demo Flex Blocks",
                   block_threshold_kwh=8, block2_adder_milli_pence=6_000)


TARIFFS = {"tou": gb_time_of_use_tariff, "block": block_tariff, "tou-block": tou_block_tariff}


def gb_gas_tariff() -> TouTariff:
    return TouTariff(label="OpenIHD Demo Gas", bands=(Band(1, "Standard", 0, 24 * 60, 6_240),),
                     standing_charge_milli_pence_per_day=31_430)


@dataclass
class RegisterPair:
    """Cumulative import/export registers in watt-hours, with exact carry of fractions."""

    delivered_wh: int
    received_wh: int = 0
    _carry_in: float = 0.0
    _carry_out: float = 0.0

    def add(self, imported_kwh: float, exported_kwh: float) -> tuple[int, int]:
        """Advance; returns the whole watt-hours added (import, export)."""
        total_in = imported_kwh * 1000 + self._carry_in
        total_out = exported_kwh * 1000 + self._carry_out
        whole_in, whole_out = int(total_in), int(total_out)
        self._carry_in, self._carry_out = total_in - whole_in, total_out - whole_out
        self.delivered_wh += whole_in
        self.received_wh += whole_out
        return whole_in, whole_out


class EmergencyCredit(enum.Enum):
    NOT_OFFERED = 0
    AVAILABLE = 1
    SELECTED = 2


@dataclass
class PrepaymentAccount:
    """A GB-style prepayment account in pence.

    Credit falls with the cost of energy and the standing charge; debt is recovered at a
    fixed amount per day. When credit drops below the emergency threshold the consumer
    may select emergency credit, which is used once credit reaches zero and repaid first
    by the next top-up. In friendly-credit hours (`friendly_now`, set by the home from its
    friendly-credit calendar) the supply stays on with nothing left: credit goes below
    zero, and the next top-up pays that back first too.
    """

    meter_eui64: str
    credit_pence: int = 1840
    debt_pence: int = 12_000
    debt_recovery_pence_per_day: int = 150
    emergency_limit_pence: int = 1000
    emergency_threshold_pence: int = 200
    low_credit_pence: int = 500
    max_credit_pence: int = 50_000
    max_top_up_pence: int = 25_000
    emergency_used_pence: int = 0
    emergency: EmergencyCredit = EmergencyCredit.NOT_OFFERED
    total_added_pence: int = 0
    ledger: UtrnLedger = field(default_factory=UtrnLedger)
    top_up_log: list[tuple[datetime, str, int]] = field(default_factory=list)
    _milli_pence_carry: int = 0
    friendly_now: bool = False  # in friendly-credit hours

    @property
    def emergency_remaining_pence(self) -> int:
        return self.emergency_limit_pence - self.emergency_used_pence

    @property
    def _credit_or_emergency(self) -> bool:
        return self.credit_pence > 0 or (self.emergency == EmergencyCredit.SELECTED
                                         and self.emergency_remaining_pence > 0)

    @property
    def supply_on(self) -> bool:
        return self._credit_or_emergency or self.friendly_now

    @property
    def on_friendly_credit(self) -> bool:
        """Nothing left, and the supply kept on only by friendly-credit hours."""
        return self.friendly_now and not self._credit_or_emergency

    def status(self) -> CreditStatus:
        status = CreditStatus.EMERGENCY_CREDIT_ENABLED
        if self.credit_pence > self.low_credit_pence:
            status |= CreditStatus.CREDIT_OK
        elif self.credit_pence > 0:
            status |= CreditStatus.LOW_CREDIT
        if self.emergency == EmergencyCredit.AVAILABLE:
            status |= CreditStatus.EMERGENCY_CREDIT_AVAILABLE
        if self.emergency == EmergencyCredit.SELECTED:
            status |= CreditStatus.EMERGENCY_CREDIT_SELECTED
            if self.credit_pence <= 0 and self.emergency_used_pence > 0:
                status |= CreditStatus.EMERGENCY_CREDIT_IN_USE
        if not self._credit_or_emergency:
            status |= CreditStatus.CREDIT_EXHAUSTED
        return CreditStatus(status)

    def charge(self, milli_pence: int) -> None:
        """Take the cost of energy and standing charge (1/1000 p) from the account."""
        total = milli_pence + self._milli_pence_carry
        pence, self._milli_pence_carry = divmod(total, 1000)
        while pence > 0:
            if self.credit_pence > 0:
                take = min(pence, self.credit_pence)
                self.credit_pence -= take
            elif (self.emergency == EmergencyCredit.SELECTED
                  and self.emergency_remaining_pence > 0):
                take = min(pence, self.emergency_remaining_pence)
                self.emergency_used_pence += take
            elif self.friendly_now:
                take = pence  # friendly credit: below zero, paid back by the next top-up
                self.credit_pence -= take
            else:
                break  # supply is off: nothing more is used
            pence -= take
        self._update_emergency_offer()

    def recover_debt(self, pence: int) -> None:
        pence = min(pence, self.debt_pence)
        if pence <= 0:
            return
        self.debt_pence -= pence
        self.charge(pence * 1000)

    def _update_emergency_offer(self) -> None:
        if (self.emergency == EmergencyCredit.NOT_OFFERED
                and self.credit_pence < self.emergency_threshold_pence):
            self.emergency = EmergencyCredit.AVAILABLE

    def select_emergency_credit(self) -> bool:
        if self.emergency != EmergencyCredit.AVAILABLE:
            return False
        self.emergency = EmergencyCredit.SELECTED
        return True

    def top_up(self, code: str, at: datetime) -> tuple[TopUpResultType, int]:
        """Apply a UTRN; returns the result and the value credited (pence)."""
        token = decode_utrn(code, self.meter_eui64, self.ledger.highest)
        if token is None:
            return _R(_R.Rejected_Invalid), 0
        if self.ledger.seen(token.counter):
            return _R(_R.Rejected_Duplicate), 0
        if token.value_minor > self.max_top_up_pence:
            return _R(_R.Rejected_TooLarge), 0
        if self.credit_pence + token.value_minor > self.max_credit_pence:
            return _R(_R.Rejected_MaxCreditReached), 0
        self.ledger.accept(token.counter)
        value = token.value_minor
        # Emergency credit used is repaid first.
        repay = min(value, self.emergency_used_pence)
        self.emergency_used_pence -= repay
        was_off = not self.supply_on
        self.credit_pence += value - repay
        self.total_added_pence += value
        if self.emergency_used_pence == 0 and self.credit_pence >= self.emergency_threshold_pence:
            self.emergency = EmergencyCredit.NOT_OFFERED
        self._update_emergency_offer()
        self.top_up_log.insert(0, (at, code, value))
        del self.top_up_log[5:]
        if was_off and self.supply_on:
            return _R(_R.Accepted_SupplyEnabled), value
        return _R(_R.Accepted), value
