"""The domain model: frozen, typed facts about a home's meters.

Everything a Source produces is one of the `Update` types below. Units are normalised
(energy in kWh, power in kW, gas volume in m³) and money is `Money` (a Decimal with an
ISO 4217 currency), never a float. Every update carries the meter it is about, the time
the meter stated it (UTC) and the origin that produced it, so stale data can be shown as
stale and mixed sources can be told apart.
"""

from __future__ import annotations

import enum
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal

# ---------------------------------------------------------------------------------------
# Money and currency


@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency: alphabetic code, numeric code (as SE carries it), minor digits."""

    code: str
    numeric: int
    minor_digits: int

    @classmethod
    def from_numeric(cls, numeric: int) -> Currency:
        known = _CURRENCIES_BY_NUMERIC.get(numeric)
        if known is not None:
            return known
        # An unknown currency is still carried faithfully: two minor digits is the common case.
        return cls(code=f"N{numeric:03d}", numeric=numeric, minor_digits=2)

    @property
    def symbol(self) -> str:
        """How a person writes it: £, $, €; the ISO code where there is no sign."""
        return _SYMBOLS.get(self.code, self.code)

    @classmethod
    def from_code(cls, code: str) -> Currency:
        try:
            return _CURRENCIES_BY_CODE[code]
        except KeyError:
            pass
        # The code from_numeric gives a currency outside the table ("N756"), read back
        # from a stored figure.
        if len(code) == 4 and code[0] == "N" and code[1:].isdigit():
            return cls.from_numeric(int(code[1:]))
        raise ValueError(f"unknown currency code {code!r}")


# A short table from Debian iso-codes' iso_4217.json: the currencies of SE 1.x markets.
_CURRENCY_TABLE = (
    Currency("GBP", 826, 2),
    Currency("USD", 840, 2),
    Currency("CAD", 124, 2),
    Currency("EUR", 978, 2),
    Currency("AUD", 36, 2),
    Currency("NZD", 554, 2),
    Currency("SEK", 752, 2),
    Currency("JPY", 392, 0),
)
_CURRENCIES_BY_NUMERIC = {c.numeric: c for c in _CURRENCY_TABLE}
_CURRENCIES_BY_CODE = {c.code: c for c in _CURRENCY_TABLE}
_SYMBOLS = {"GBP": "£", "USD": "$", "CAD": "$", "EUR": "€", "AUD": "$", "NZD": "$"}
GBP = _CURRENCIES_BY_CODE["GBP"]
USD = _CURRENCIES_BY_CODE["USD"]


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount of money in the currency's major unit (pounds, dollars)."""

    amount: Decimal
    currency: Currency

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"Money needs a Decimal amount, got {type(self.amount).__name__}")

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: Currency = GBP) -> Money:
        return cls(Decimal(amount), currency)

    @classmethod
    def from_minor(cls, minor: int, currency: Currency = GBP) -> Money:
        return cls(Decimal(minor).scaleb(-currency.minor_digits), currency)

    @property
    def minor_units(self) -> int:
        """Whole minor units (pence), rounded half away from zero."""
        quantum = Decimal(1).scaleb(-self.currency.minor_digits)
        return int(self.amount.quantize(quantum, rounding="ROUND_HALF_UP").scaleb(
            self.currency.minor_digits))

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency.code} and {other.currency.code}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * Decimal(factor), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __str__(self) -> str:
        quantum = Decimal(1).scaleb(-self.currency.minor_digits)
        value = abs(self.amount).quantize(quantum, rounding="ROUND_HALF_UP")
        sign = "-" if self.amount < 0 and value != 0 else ""
        prefix = _SYMBOLS.get(self.currency.code)
        if prefix is None:
            return f"{sign}{value:,} {self.currency.code}"
        return f"{sign}{prefix}{value:,}"


# ---------------------------------------------------------------------------------------
# Meters


class Fuel(enum.StrEnum):
    ELECTRICITY = "electricity"
    GAS = "gas"
    WATER = "water"
    HEAT = "heat"
    OTHER = "other"


class UnitOfMeasure(enum.IntEnum):
    """SE Metering/Price Unit of Measure (low 7 bits; bit 7 means BCD on the wire)."""

    KWH = 0x00
    M3 = 0x01
    FT3 = 0x02
    CCF = 0x03
    US_GAL = 0x04
    IMP_GAL = 0x05
    BTU = 0x06
    LITRES = 0x07
    KPA_GAUGE = 0x08
    KPA_ABSOLUTE = 0x09
    MCF = 0x0A
    UNITLESS = 0x0B
    MJ = 0x0C
    KVAR = 0x0D

    @property
    def label(self) -> str:
        return _UOM_LABELS[self]


_UOM_LABELS = {
    UnitOfMeasure.KWH: "kWh",
    UnitOfMeasure.M3: "m³",
    UnitOfMeasure.FT3: "ft³",
    UnitOfMeasure.CCF: "ccf",
    UnitOfMeasure.US_GAL: "US gal",
    UnitOfMeasure.IMP_GAL: "gal",
    UnitOfMeasure.BTU: "BTU",
    UnitOfMeasure.LITRES: "l",
    UnitOfMeasure.KPA_GAUGE: "kPa",
    UnitOfMeasure.KPA_ABSOLUTE: "kPa",
    UnitOfMeasure.MCF: "mcf",
    UnitOfMeasure.UNITLESS: "",
    UnitOfMeasure.MJ: "MJ",
    UnitOfMeasure.KVAR: "kvarh",
}

_EUI64_RE = re.compile(r"^([0-9a-f]{2}:){7}[0-9a-f]{2}$")


@dataclass(frozen=True, slots=True)
class MeterIdentity:
    """Which meter a fact is about: the device's EUI64, its SE endpoint and its fuel."""

    eui64: str
    endpoint: int
    fuel: Fuel

    def __post_init__(self) -> None:
        if not _EUI64_RE.match(self.eui64):
            raise ValueError(f"EUI64 must look like 00:11:22:33:44:55:66:77, got {self.eui64!r}")
        if not 0 <= self.endpoint <= 0xFF:
            raise ValueError(f"endpoint out of range: {self.endpoint}")

    @property
    def key(self) -> str:
        """A stable string key, e.g. for a database row or a URL."""
        return f"{self.eui64}/{self.endpoint}/{self.fuel.value}"


# Kilowatt-hours per megajoule, exact.
_KWH_PER_MJ = Decimal(1) / Decimal("3.6")


@dataclass(frozen=True, slots=True)
class GasConversion:
    """Turns a gas volume into energy: kWh = m³ × conversion factor × CV (MJ/m³) ÷ 3.6.

    GB suppliers use a volume correction factor of 1.02264 and a calorific value around
    39-40 MJ/m³; the meter's Price cluster publishes both (attributes 0x0302, 0x0304).
    """

    calorific_value_mj_per_m3: Decimal
    conversion_factor: Decimal = Decimal("1.02264")

    def kwh_from_m3(self, volume_m3: Decimal) -> Decimal:
        return volume_m3 * self.conversion_factor * self.calorific_value_mj_per_m3 * _KWH_PER_MJ


def utc_now() -> datetime:
    return datetime.now(UTC)


def _require_aware(name: str, value: datetime | None) -> None:
    if value is not None and value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware (meters count in UTC)")


# ---------------------------------------------------------------------------------------
# Updates a Source produces


@dataclass(frozen=True, slots=True)
class MeterReading:
    """One metering observation. Registers are cumulative; None means not reported.

    For gas, `volume_delivered_m3` is the register as the meter counts it and
    `energy_delivered_kwh` is derived through the published calorific value.
    """

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    energy_delivered_kwh: Decimal | None = None
    energy_received_kwh: Decimal | None = None
    demand_kw: Decimal | None = None
    volume_delivered_m3: Decimal | None = None

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)


@dataclass(frozen=True, slots=True)
class Price:
    """A price in force (PublishPrice): money per unit of measure during a window."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    unit_price: Money
    unit: UnitOfMeasure
    tier: int
    rate_label: str
    start: datetime
    duration: timedelta | None  # None: until changed
    provider_id: int = 0
    issuer_event_id: int = 0
    generation_price: Money | None = None  # export rate, where published
    block_thresholds_kwh: tuple[Decimal, ...] = ()

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("start", self.start)

    @property
    def end(self) -> datetime | None:
        return None if self.duration is None else self.start + self.duration

    def in_force_at(self, when: datetime) -> bool:
        end = self.end
        return self.start <= when and (end is None or when < end)


@dataclass(frozen=True, slots=True)
class TierPrice:
    tier: int
    label: str
    unit_price: Money


@dataclass(frozen=True, slots=True)
class Tariff:
    """The tariff as a whole (PublishTariffInformation + price matrix + thresholds)."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    label: str
    issuer_tariff_id: int
    start: datetime
    unit: UnitOfMeasure
    standing_charge_per_day: Money | None
    tier_prices: tuple[TierPrice, ...] = ()
    block_thresholds_kwh: tuple[Decimal, ...] = ()

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("start", self.start)


class CalendarTimeReference(enum.IntEnum):
    """Which clock a calendar's day profiles count minutes in (Calendar Time Reference)."""

    UTC = 0
    STANDARD = 1
    LOCAL = 2


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day profile: (minutes after midnight, price tier) from each change on."""

    day_id: int
    changes: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class CalendarWeek:
    week_id: int
    day_ids: tuple[int, ...]  # Monday first


@dataclass(frozen=True, slots=True)
class CalendarSeason:
    start: date
    week_id: int


@dataclass(frozen=True, slots=True)
class CalendarSpecialDay:
    day: date
    day_id: int


@dataclass(frozen=True, slots=True)
class MeterCalendar:
    """A calendar a meter publishes (Calendar cluster): day profiles of (minute, value)
    changes, week profiles, seasons and special days. The value is a price tier in a
    `TariffCalendar`, friendly credit on (1) or off (0) in a `FriendlyCreditCalendar`."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    provider_id: int
    issuer_calendar_id: int
    issuer_event_id: int
    name: str
    start: datetime
    time_reference: CalendarTimeReference
    days: tuple[CalendarDay, ...]
    weeks: tuple[CalendarWeek, ...]
    seasons: tuple[CalendarSeason, ...]
    special_days: tuple[CalendarSpecialDay, ...] = ()

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("start", self.start)

    def profile_for(self, day: date) -> CalendarDay | None:
        """The day profile in force on `day`: a special day's, else its season's week's."""
        days = {d.day_id: d for d in self.days}
        for special in self.special_days:
            if special.day == day:
                return days.get(special.day_id)
        weeks = {w.week_id: w for w in self.weeks}
        seasons = sorted(self.seasons, key=lambda s: s.start)
        season = next((s for s in reversed(seasons) if s.start <= day), None)
        if season is None and seasons:
            season = seasons[-1]  # before the first season: seasons repeat, the last runs on
        week = weeks.get(season.week_id) if season is not None else (
            self.weeks[0] if self.weeks else None)
        if week is None or len(week.day_ids) != 7:
            return None
        return days.get(week.day_ids[day.weekday()])

    def _midnight(self, day: date, zone: tzinfo) -> datetime:
        if self.time_reference == CalendarTimeReference.UTC:
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        local_midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        if self.time_reference == CalendarTimeReference.STANDARD:
            standard = (local_midnight.utcoffset() or timedelta(0)) - (
                local_midnight.dst() or timedelta(0))
            return datetime(day.year, day.month, day.day, tzinfo=timezone(standard))
        return local_midnight

    def _at(self, day: date, minute: int, zone: tzinfo) -> datetime:
        midnight = self._midnight(day, zone)
        if self.time_reference != CalendarTimeReference.LOCAL:
            return midnight + timedelta(minutes=minute)
        # Wall-clock minutes: a clock-change day is 23 or 25 hours long.
        wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
        return wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)

    def windows(self, start: datetime, end: datetime,
                zone: tzinfo) -> list[tuple[datetime, datetime, int]]:
        """(from, to, tier) for every stretch of one tier overlapping [start, end)."""
        first = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date() + timedelta(days=1)
        changes: list[tuple[datetime, int]] = []
        day = first
        while day <= last:
            profile = self.profile_for(day)
            if profile is not None:
                changes += [(self._at(day, minute, zone), tier)
                            for minute, tier in profile.changes if 0 <= minute < 24 * 60]
            day += timedelta(days=1)
        changes.sort(key=lambda c: c[0])
        merged: list[tuple[datetime, int]] = []
        for at, tier in changes:
            if not merged or merged[-1][1] != tier:
                merged.append((at, tier))
        if merged:  # the last stretch runs at least to the end of the last day looked at
            merged.append((self._midnight(last + timedelta(days=1), zone), -1))
        out = []
        for (at, tier), (nxt, _) in itertools.pairwise(merged):
            if nxt > start and at < end:
                out.append((at, nxt, tier))
        return out


@dataclass(frozen=True, slots=True)
class TariffCalendar(MeterCalendar):
    """The time-of-use calendar (Calendar Type 0x00/0x02): which price tier is in force
    when. With the tariff's tier prices it gives the price of any half hour, also those
    before the first PublishPrice a display saw."""


@dataclass(frozen=True, slots=True)
class FriendlyCreditCalendar(MeterCalendar):
    """The friendly-credit calendar (Calendar Type 0x03): when a prepayment meter keeps
    the supply on even with no credit left (GB: the ESME's non-disablement calendar)."""

    def periods(self, start: datetime, end: datetime,
                zone: tzinfo) -> list[tuple[datetime, datetime]]:
        """(from, to) of every friendly-credit period overlapping [start, end)."""
        return [(a, b) for a, b, on in self.windows(start, end, zone) if on]

    def period_at(self, at: datetime, zone: tzinfo,
                  horizon: timedelta = timedelta(days=8)) -> tuple[datetime, datetime] | None:
        """The friendly period `at` falls in (its start and end looked for up to
        `horizon` either side)."""
        return next(((a, b) for a, b in self.periods(at - horizon, at + horizon, zone)
                     if a <= at < b), None)

    def next_period(self, at: datetime, zone: tzinfo,
                    horizon: timedelta = timedelta(days=8)) -> tuple[datetime, datetime] | None:
        """The first friendly period that starts after `at`, within `horizon`."""
        return next(((a, b) for a, b in self.periods(at, at + horizon, zone) if a > at), None)


@dataclass(frozen=True, slots=True)
class BlockPrice:
    tier: int  # 0: the same for every tier (a block tariff without time-of-use)
    block: int  # 1-based
    unit_price: Money


@dataclass(frozen=True, slots=True)
class BlockTariff:
    """Block pricing as the meter states it (Price cluster block attributes): within each
    block period, once the energy used passes a threshold the next block's price applies."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    period_start: datetime
    period: timedelta  # the block period; it repeats from `period_start`
    thresholds_kwh: tuple[Decimal, ...]  # energy used in the period where block 2, 3… start
    prices: tuple[BlockPrice, ...]

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("period_start", self.period_start)
        if self.period <= timedelta(0):
            raise ValueError("a block period must have a length")

    def period_containing(self, at: datetime) -> tuple[datetime, datetime]:
        n = (at - self.period_start) // self.period
        start = self.period_start + n * self.period
        return start, start + self.period

    def block_at(self, used_kwh: Decimal) -> int:
        """The block (1-based) the next kWh falls in, `used_kwh` into the period."""
        return 1 + sum(1 for t in self.thresholds_kwh if used_kwh >= t)

    def price(self, tier: int, block: int) -> Money | None:
        for wanted in (tier, 0):
            for p in self.prices:
                if p.tier == wanted and p.block == block:
                    return p.unit_price
        return None

    def cost(self, energy_kwh: Decimal, used_before_kwh: Decimal, tier: int) -> Money | None:
        """What `energy_kwh` costs, used `used_before_kwh` into the period, in `tier`:
        split at each threshold it crosses. None when a block's price is unknown."""
        if energy_kwh <= 0:
            price = self.price(tier, self.block_at(used_before_kwh))
            return None if price is None else price * 0
        total: Money | None = None
        used, left = used_before_kwh, energy_kwh
        while left > 0:
            block = self.block_at(used)
            upper = (self.thresholds_kwh[block - 1] if block - 1 < len(self.thresholds_kwh)
                     else None)
            part = left if upper is None else min(left, upper - used)
            price = self.price(tier, block)
            if price is None:
                return None
            total = price * part if total is None else total + price * part
            used, left = used + part, left - part
        return total


class CreditStatus(enum.IntFlag):
    """Prepayment Credit Status (0x0705/0x0003) bits."""

    CREDIT_OK = 0x01
    LOW_CREDIT = 0x02
    EMERGENCY_CREDIT_ENABLED = 0x04
    EMERGENCY_CREDIT_AVAILABLE = 0x08
    EMERGENCY_CREDIT_SELECTED = 0x10
    EMERGENCY_CREDIT_IN_USE = 0x20
    CREDIT_EXHAUSTED = 0x40


class EmergencyCreditState(enum.StrEnum):
    """The GB display states for emergency credit."""

    AVAILABLE = "available"
    SELECTED = "selected"
    IN_USE = "in use"
    EXHAUSTED = "exhausted"
    UNAVAILABLE = "unavailable"


class DebtRecoveryFrequency(enum.IntEnum):
    PER_HOUR = 0
    PER_DAY = 1
    PER_WEEK = 2
    PER_MONTH = 3
    PER_QUARTER = 4


@dataclass(frozen=True, slots=True)
class DebtRecovery:
    label: str
    outstanding: Money
    recovery_amount: Money
    frequency: DebtRecoveryFrequency


@dataclass(frozen=True, slots=True)
class PrepaymentState:
    meter: MeterIdentity
    timestamp: datetime
    origin: str
    credit_remaining: Money
    emergency_credit_remaining: Money
    accumulated_debt: Money
    credit_status: CreditStatus
    emergency_credit_limit: Money | None = None
    low_credit_warning: Money | None = None
    # Emergency Credit Threshold (0x0011): emergency credit is offered once the credit
    # falls below it (None: the meter does not state it).
    emergency_credit_threshold: Money | None = None
    debts: tuple[DebtRecovery, ...] = ()
    # Friendly credit, where the meter states it (None: not stated). From Prepayment
    # Alarm Status (0x0400) bits FriendlyCreditInUse (0x0010: the supply is on friendly
    # credit now) and FriendlyCreditPeriodEndWarning (0x0020), Remaining Friendly Credit
    # Time (0x0034, minutes), Next Friendly Credit Period (0x0035) and Friendly Credit
    # Warning (0x0030, minutes before the end that the warning comes).
    friendly_credit_in_use: bool | None = None
    friendly_credit_ending: bool | None = None
    friendly_credit_minutes_left: int | None = None
    next_friendly_credit: datetime | None = None
    friendly_credit_warning_minutes: int | None = None

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("next_friendly_credit", self.next_friendly_credit)

    @property
    def emergency_credit_state(self) -> EmergencyCreditState:
        status = self.credit_status
        if CreditStatus.EMERGENCY_CREDIT_IN_USE in status:
            if self.emergency_credit_remaining.amount <= 0:
                return EmergencyCreditState.EXHAUSTED
            return EmergencyCreditState.IN_USE
        if CreditStatus.EMERGENCY_CREDIT_SELECTED in status:
            return EmergencyCreditState.SELECTED
        if CreditStatus.EMERGENCY_CREDIT_AVAILABLE in status:
            return EmergencyCreditState.AVAILABLE
        if (CreditStatus.CREDIT_EXHAUSTED in status
                and CreditStatus.EMERGENCY_CREDIT_ENABLED in status):
            return EmergencyCreditState.EXHAUSTED
        return EmergencyCreditState.UNAVAILABLE

    @property
    def low_credit(self) -> bool:
        return CreditStatus.LOW_CREDIT in self.credit_status


class PaymentMode(enum.StrEnum):
    """How the home pays, as the meter states it (Payment Control Configuration)."""

    PREPAYMENT = "prepayment"
    CREDIT = "credit"


class CreditPaymentStatus(enum.IntEnum):
    """Credit Payment Status (PublishCreditPayment)."""

    PENDING = 0
    RECEIVED = 1
    OVERDUE = 2
    TWO_PAYMENTS_OVERDUE = 3
    THREE_PAYMENTS_OVERDUE = 4


@dataclass(frozen=True, slots=True)
class Account:
    """A home's account as its meter states it. For a credit (pay-after) customer: the
    bill so far and projected for the billing period (Metering 0x0A00-0x0A04), the
    period (PublishBillingPeriod), the last payment (PublishCreditPayment) and the
    consolidated bill (PublishConsolidatedBill), each None until the meter sends it."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    payment_mode: PaymentMode
    bill_to_date: Money | None = None
    bill_to_date_at: datetime | None = None
    projected_bill: Money | None = None
    projected_bill_at: datetime | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None
    consolidated_bill: Money | None = None
    last_payment: Money | None = None
    last_payment_at: datetime | None = None
    payment_due: datetime | None = None
    payment_overdue: Money | None = None
    payment_status: CreditPaymentStatus | None = None
    payment_reference: str = ""

    def __post_init__(self) -> None:
        for name in ("timestamp", "bill_to_date_at", "projected_bill_at", "period_start",
                     "period_end", "last_payment_at", "payment_due"):
            _require_aware(name, getattr(self, name))


class MessageImportance(enum.IntEnum):
    LOW = 0
    MEDIUM = 1
    HIGH = 2
    CRITICAL = 3


@dataclass(frozen=True, slots=True)
class SupplierMessage:
    meter: MeterIdentity
    timestamp: datetime
    origin: str
    message_id: int
    text: str
    start: datetime
    duration: timedelta | None  # None: until changed
    importance: MessageImportance = MessageImportance.LOW
    confirmation_required: bool = False

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("start", self.start)


@dataclass(frozen=True, slots=True)
class MessageCancelled:
    meter: MeterIdentity
    timestamp: datetime
    origin: str
    message_id: int | None  # None: all messages


class TenancyChangeControl(enum.IntFlag):
    """Proposed Tenancy Change Control (Device Management 0x0708) bits an IHD acts on."""

    PRE_SNAPSHOTS = 1 << 0
    POST_SNAPSHOTS = 1 << 1
    RESET_CREDIT_REGISTER = 1 << 2
    RESET_DEBIT_REGISTER = 1 << 3
    RESET_BILLING_PERIOD = 1 << 4
    CLEAR_TARIFF_PLAN = 1 << 5
    CLEAR_STANDING_CHARGE = 1 << 6
    BLOCK_HISTORICAL_LOAD_PROFILE = 1 << 7
    CLEAR_HISTORICAL_LOAD_PROFILE = 1 << 8
    CLEAR_IHD_DATA_CONSUMER = 1 << 9
    CLEAR_IHD_DATA_SUPPLIER = 1 << 10


@dataclass(frozen=True, slots=True)
class TenancyChange:
    """The supplier announces a change of tenancy (PublishChangeOfTenancy). From
    `effective`, an IHD clears the previous occupier's data if the control says so."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    provider_id: int
    issuer_event_id: int
    effective: datetime
    control: TenancyChangeControl

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("effective", self.effective)

    @property
    def clears_display(self) -> bool:
        return bool(self.control & (TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER
                                    | TenancyChangeControl.CLEAR_IHD_DATA_SUPPLIER))


@dataclass(frozen=True, slots=True)
class Supplier:
    """Who supplies the home and how to reach them (Device Management Provider Name and
    Contact Details), and a change of supplier the meter has announced
    (PublishChangeOfSupplier / the Proposed Provider attributes)."""

    meter: MeterIdentity
    timestamp: datetime
    origin: str
    provider_id: int
    name: str
    contact: str
    next_provider_id: int | None = None
    next_name: str = ""
    next_contact: str = ""
    next_from: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("next_from", self.next_from)


class TopUpResultCode(enum.IntEnum):
    """Consumer Top Up Result Type (Prepayment ConsumerTopUpResponse)."""

    ACCEPTED = 0x00
    REJECTED_INVALID = 0x01
    REJECTED_DUPLICATE = 0x02
    REJECTED_ERROR = 0x03
    REJECTED_MAX_CREDIT = 0x04
    REJECTED_KEYPAD_LOCK = 0x05
    REJECTED_TOO_LARGE = 0x06
    ACCEPTED_SUPPLY_ENABLED = 0x10
    ACCEPTED_SUPPLY_DISABLED = 0x11
    ACCEPTED_SUPPLY_ARMED = 0x12
    # Not on the wire: the meter never answered.
    NO_ANSWER = 0xFF

    @property
    def accepted(self) -> bool:
        return self in (TopUpResultCode.ACCEPTED, TopUpResultCode.ACCEPTED_SUPPLY_ENABLED,
                        TopUpResultCode.ACCEPTED_SUPPLY_DISABLED,
                        TopUpResultCode.ACCEPTED_SUPPLY_ARMED)

    @property
    def explanation(self) -> str:
        return _TOP_UP_EXPLANATIONS[self]


_TOP_UP_EXPLANATIONS = {
    TopUpResultCode.ACCEPTED: "Top-up accepted.",
    TopUpResultCode.REJECTED_INVALID: "The meter did not accept this code. Check the digits.",
    TopUpResultCode.REJECTED_DUPLICATE: "This code has already been used.",
    TopUpResultCode.REJECTED_ERROR: "The meter could not apply the top-up. Try again later.",
    TopUpResultCode.REJECTED_MAX_CREDIT: "The meter is at its maximum credit.",
    TopUpResultCode.REJECTED_KEYPAD_LOCK: "Top-ups are locked on this meter.",
    TopUpResultCode.REJECTED_TOO_LARGE: "This top-up is larger than the meter allows.",
    TopUpResultCode.ACCEPTED_SUPPLY_ENABLED: "Top-up accepted. Your supply is on.",
    TopUpResultCode.ACCEPTED_SUPPLY_DISABLED: "Top-up accepted. Your supply is still off.",
    TopUpResultCode.ACCEPTED_SUPPLY_ARMED:
        "Top-up accepted. Press the button on your meter to restore supply.",
    TopUpResultCode.NO_ANSWER: "The meter did not answer. Your code was not used; try again.",
}


class TopUpCodeError(ValueError):
    """A top-up code that cannot be sent (wrong length, non-digits). `said`: what is wrong
    as a bridge.status_text code, for the display to say in the reader's language."""

    def __init__(self, code: str, **values: object) -> None:
        from bridge.status_text import say  # status_text builds on this module

        self.said = say(code, **values)
        super().__init__(self.said.english())


@dataclass(frozen=True, slots=True)
class TopUpCode:
    """A 20-digit GB UTRN (or any all-digit vend code up to 25 digits). A credential:
    `repr` and `masked` never show more than the last four digits."""

    digits: str = field(repr=False)

    GB_UTRN_LENGTH = 20

    def __post_init__(self) -> None:
        if not self.digits.isascii() or not self.digits.isdigit():
            raise TopUpCodeError("topup.digits-only")
        if not 1 <= len(self.digits) <= 25:
            raise TopUpCodeError("topup.too-long")

    @classmethod
    def parse(cls, text: str, *, length: int = GB_UTRN_LENGTH) -> TopUpCode:
        """Accept what a person types: spaces and dashes between groups are fine."""
        digits = re.sub(r"[\s-]", "", text)
        if not digits.isascii() or not digits.isdigit():
            raise TopUpCodeError("topup.digits-only")
        if len(digits) != length:
            raise TopUpCodeError("topup.length", length=length, digits=len(digits))
        return cls(digits)

    @property
    def masked(self) -> str:
        return "•" * (len(self.digits) - 4) + self.digits[-4:]

    @property
    def grouped(self) -> str:
        return " ".join(self.digits[i:i + 4] for i in range(0, len(self.digits), 4))

    def __repr__(self) -> str:
        return f"TopUpCode({self.masked!r})"


class OriginatingDevice(enum.IntEnum):
    ENERGY_SERVICE_INTERFACE = 0
    METER = 1
    IN_HOME_DISPLAY = 2


@dataclass(frozen=True, slots=True)
class TopUpResult:
    meter: MeterIdentity
    timestamp: datetime
    origin: str
    result: TopUpResultCode
    code_masked: str
    value: Money | None = None
    credit_remaining: Money | None = None
    source: OriginatingDevice = OriginatingDevice.IN_HOME_DISPLAY

    @property
    def accepted(self) -> bool:
        return self.result.accepted


@dataclass(frozen=True, slots=True)
class MeterClock:
    """The time as the meter's network states it (Time cluster 0x000A on the comms hub).

    In GB the hub's UTC and local offset are managed from the WAN, so a display takes its
    day boundaries, half hours, tariff bands and on-screen clock from here, not from the
    computer it runs on (a kiosk's clock may be wrong). `received_at` is the reading
    computer's own clock at the same moment, so the two can be compared.
    """

    timestamp: datetime  # the meter's UTC time (Time attribute) when read
    origin: str
    received_at: datetime  # the reading computer's clock at that moment
    standard_offset: timedelta  # TimeZone: local standard time minus UTC
    dst_shift: timedelta = timedelta(0)  # DstShift: added during daylight saving
    dst_start: datetime | None = None  # DstStart (UTC): this year's daylight saving
    dst_end: datetime | None = None  # DstEnd (UTC)
    stated_local_offset: timedelta | None = None  # LocalTime − Time, where the hub gives it
    synchronised: bool = True  # TimeStatus says Master or Synchronized

    def __post_init__(self) -> None:
        _require_aware("timestamp", self.timestamp)
        _require_aware("received_at", self.received_at)
        _require_aware("dst_start", self.dst_start)
        _require_aware("dst_end", self.dst_end)

    @property
    def skew(self) -> timedelta:
        """How far the reading computer's clock is ahead of the meter's."""
        return self.received_at - self.timestamp

    def offset_at(self, at: datetime) -> timedelta:
        """Local time minus UTC at `at`, by the rules the meter states."""
        if self.dst_start is None or self.dst_end is None or not self.dst_shift:
            return self.standard_offset
        if self.dst_start <= self.dst_end:  # northern hemisphere: one window a year
            in_dst = self.dst_start <= at < self.dst_end
        else:  # southern: daylight saving spans the new year
            in_dst = at >= self.dst_start or at < self.dst_end
        return self.standard_offset + (self.dst_shift if in_dst else timedelta(0))


class ConnectionState(enum.StrEnum):
    STARTING = "starting"
    SEARCHING = "searching"
    JOINING = "joining"
    AUTHENTICATING = "authenticating"
    CONNECTED = "connected"
    STALE = "stale"
    DISCONNECTED = "disconnected"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """How the source itself is doing, in words a person can act on.

    `code` and `args` say what happened (a bridge.status_text code and the values of its
    {names}): the display puts them into the reader's language. `detail` is the same in
    English, for logs, `--json`, MQTT and displays older than the codes; `retry_in` is
    the wait before the source tries again, when it will."""

    timestamp: datetime
    origin: str
    state: ConnectionState
    detail: str = ""
    meter: MeterIdentity | None = None
    code: str = ""  # "" from a source older than the codes: show `detail`
    args: tuple[tuple[str, str], ...] = ()
    retry_in: timedelta | None = None


Update = (MeterReading | Price | Tariff | PrepaymentState | SupplierMessage | MessageCancelled
          | TopUpResult | SourceStatus | TenancyChange | MeterClock | TariffCalendar
          | FriendlyCreditCalendar | Account | Supplier | BlockTariff)
