"""From SE attribute values and commands to `bridge.model` objects. Pure: no I/O.

Public names:
- Errors and time: `SEDecodeError`, `utc_time`, `from_utc_time`, `trailing_digits`.
- Frames: `decode_zcl_frame` (header + command fields, or attribute dict for reports and
  read responses; every failure is SEDecodeError), `parse_frame` (strict variant for
  captures and tests: no trailing bytes allowed, global commands left as schemas),
  `check_received_frame` (what the HAN side applies to every frame before use).
- Metering: `MeteringFormat` (`from_attributes`, `summation`, `historical`, `demand`,
  `unit`, `bcd`, `fuel`, `mirrored`), `fuel_from_device_type`,
  `reading_from_metering_attributes`, `profile_intervals`.
- Price: `price_from_publish_price`, `tariff_from_tariff_information`, `price_matrix`,
  `block_thresholds`, `tier_labels`, `tariff_from_price_attributes`,
  `gas_conversion_from_price_attributes`, `gas_conversion_from_commands`,
  `conversion_factor`.
- Prepayment: `prepayment_scale`, `prepayment_from_attributes`,
  `prepayment_snapshot_attributes`, `encode_top_up_code`, `top_up_result_from_response`.
- Messaging: `message_from_display_message`, `message_cancelled_from_cancel_message`,
  `message_cancelled_from_cancel_all`.

Rules (shared/reference/se-clusters.md):
- Metering values in the Unit of Measure = raw × Multiplier ÷ Divisor; a zero or absent
  multiplier or divisor counts as 1 (two vendors' manuals agree). The formatting bytes
  (digits left/right, suppress leading zeros) are display hints, not scaling.
- InstantaneousDemand is int24: positive import, negative export.
- Prices: raw × 10^−(trailing digits), in the currency's major unit, per unit of measure.
  The trailing digits are the high nibble of the trailing-digit byte. The standing charge
  is a daily charge with the Price Trailing Digit's decimals.
- Currency is ISO 4217 numeric. Prepayment money uses the Currency Scaling Factor
  (0x0502: 0x00 = ×10⁻⁶ … 0x06 = ×1 … 0x0C = ×10⁶; one source, ZBOSS) when the meter
  gives one. Without it the amounts are taken as minor units of the currency (pence for
  GBP): that is what GB meters and the RAVEn/EAGLE gateways show, and a meter that
  counted whole pounds would be off by 100, which is visible at once, whereas an assumed
  ×1 would turn £18.40 into £1840.
- UTCTime counts seconds from 2000-01-01 00:00 UTC; a Start Time of 0 or 0xFFFFFFFF
  means now and a duration of 0xFFFF minutes means until changed.
- GB meters (prices in GBP) are read by GBCS rules: PublishPrice's fields after Price
  are ignored (`price_from_publish_price`).

Every public decoder raises `SEDecodeError` for malformed input, and nothing else.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

import zigpy.zcl
import zigpy.zcl.foundation as foundation

from bridge.model import (
    CreditStatus,
    Currency,
    DebtRecovery,
    DebtRecoveryFrequency,
    Fuel,
    GasConversion,
    MessageCancelled,
    MessageImportance,
    MeterIdentity,
    MeterReading,
    Money,
    OriginatingDevice,
    PrepaymentState,
    Price,
    SupplierMessage,
    Tariff,
    TenancyChange,
    TenancyChangeControl,
    TierPrice,
    TopUpCode,
    TopUpResult,
    TopUpResultCode,
    UnitOfMeasure,
)
from bridge.se import clusters as se_clusters

# Attribute ids, named through the cluster definitions (bridge/se/clusters.py; not via
# bridge.se.vocabulary, which imports the Calendar cluster, which imports this module).


def attribute_id(cluster: Any, name: str) -> int:
    return int(cluster.attributes_by_name[name].id)


_M, _PR, _PP = se_clusters.Metering, se_clusters.Price, se_clusters.Prepayment
M_UNIT_OF_MEASURE = attribute_id(_M, "unit_of_measure")
M_MULTIPLIER = attribute_id(_M, "multiplier")
M_DIVISOR = attribute_id(_M, "divisor")
M_SUMMATION_FORMATTING = attribute_id(_M, "summation_formatting")
M_DEMAND_FORMATTING = attribute_id(_M, "demand_formatting")
M_HISTORICAL_FORMATTING = attribute_id(_M, "historical_consumption_formatting")
M_DEVICE_TYPE = attribute_id(_M, "metering_device_type")
M_SUMM_DELIVERED = attribute_id(_M, "current_summ_delivered")
M_SUMM_RECEIVED = attribute_id(_M, "current_summ_received")
M_DEMAND = attribute_id(_M, "instantaneous_demand")
PR_STANDING_CHARGE = attribute_id(_PR, "standing_charge")
PR_CONVERSION_FACTOR = attribute_id(_PR, "conversion_factor")
PR_CONVERSION_FACTOR_DIGITS = attribute_id(_PR, "conversion_factor_trailing_digit")
PR_CALORIFIC_VALUE = attribute_id(_PR, "calorific_value")
PR_CALORIFIC_VALUE_UNIT = attribute_id(_PR, "calorific_value_unit")
PR_CALORIFIC_VALUE_DIGITS = attribute_id(_PR, "calorific_value_trailing_digit")
PR_TARIFF_LABEL = attribute_id(_PR, "tariff_label")
PR_UNIT_OF_MEASURE = attribute_id(_PR, "unit_of_measure")
PR_CURRENCY = attribute_id(_PR, "currency")
PR_PRICE_DIGITS = attribute_id(_PR, "price_trailing_digit")
PP_CREDIT_REMAINING = attribute_id(_PP, "credit_remaining")
PP_EMERGENCY_CREDIT_REMAINING = attribute_id(_PP, "emergency_credit_remaining")
PP_CREDIT_STATUS = attribute_id(_PP, "credit_status")
PP_CREDIT_REMAINING_TIMESTAMP = attribute_id(_PP, "credit_remaining_timestamp")
PP_ACCUMULATED_DEBT = attribute_id(_PP, "accumulated_debt")
PP_EMERGENCY_CREDIT_LIMIT = attribute_id(_PP, "emergency_credit_limit_allowance")
PP_LOW_CREDIT_WARNING = attribute_id(_PP, "low_credit_warning")
PP_EMERGENCY_CREDIT_THRESHOLD = attribute_id(_PP, "emergency_credit_threshold")
PP_SCALING = attribute_id(_PP, "currency_scaling_factor")
PP_CURRENCY = attribute_id(_PP, "currency")
PP_FRIENDLY_CREDIT_WARNING = attribute_id(_PP, "friendly_credit_warning")
PP_REMAINING_FRIENDLY_CREDIT_TIME = attribute_id(_PP, "remaining_friendly_credit_time")
PP_NEXT_FRIENDLY_CREDIT_PERIOD = attribute_id(_PP, "next_friendly_credit_period")
PP_ALARM_STATUS = attribute_id(_PP, "prepayment_alarm_status")
# Prepayment Alarm Status bits (ami.xml PrepaymentAlarmStatus; not Credit Status, whose
# 0x10 and 0x20 are Emergency Credit Selected and In Use).
ALARM_FRIENDLY_CREDIT_IN_USE = int(se_clusters.PrepaymentAlarmStatus.FRIENDLY_CREDIT_IN_USE)
ALARM_FRIENDLY_CREDIT_ENDING = int(
    se_clusters.PrepaymentAlarmStatus.FRIENDLY_CREDIT_PERIOD_END_WARNING)


def _debt_ids(n: int) -> tuple[int, int, int, int]:
    """(label, amount, recovery frequency, recovery amount) of debt n (1-3)."""
    return (attribute_id(_PP, f"debt_label_{n}"), attribute_id(_PP, f"debt_amount_{n}"),
            attribute_id(_PP, f"debt_recovery_frequency_{n}"),
            attribute_id(_PP, f"debt_recovery_amount_{n}"))

UTC_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
UNTIL_CHANGED = 0xFFFF
NOT_USED_32 = 0xFFFFFFFF
INVALID_INTERVAL = 0xFFFFFF


class SEDecodeError(ValueError):
    """An SE value or frame that cannot be turned into a model object."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _decoder(what: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Any failure inside a decoder becomes SEDecodeError: values off the air are
    arbitrary, and callers should have exactly one thing to catch."""

    def wrap(func: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(func)
        def inner(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return func(*args, **kwargs)
            except SEDecodeError:
                raise
            except Exception as exc:  # values off the air: convert everything
                reason = (f"no value {exc.args[0]!r} in its table" if isinstance(exc, KeyError)
                          else str(exc) or type(exc).__name__)
                raise SEDecodeError(f"bad {what}: {reason}") from exc

        return inner

    return wrap


def utc_time(at: datetime) -> int:
    """ZCL UTCTime for an aware datetime."""
    seconds = int((at - UTC_EPOCH_2000).total_seconds())
    if not 0 <= seconds <= 0xFFFFFFFE:
        raise SEDecodeError(f"{at} is outside the ZCL UTCTime range")
    return seconds


def from_utc_time(raw: int) -> datetime:
    if not 0 <= int(raw) <= 0xFFFFFFFF:
        raise SEDecodeError(f"UTCTime out of range: {raw}")
    return UTC_EPOCH_2000 + timedelta(seconds=int(raw))


def _start(raw: Any, received_at: datetime) -> datetime:
    """A Start Time: 0x00000000 and 0xFFFFFFFF both mean "now" (the time received)."""
    return received_at if int(raw) in (0, NOT_USED_32) else from_utc_time(int(raw))


def _duration(raw: Any) -> timedelta | None:
    minutes = int(raw)
    return None if minutes == UNTIL_CHANGED else timedelta(minutes=minutes)


def trailing_digits(byte: int) -> int:
    """Digits right of the point: bits 7-4 of a trailing-digit byte."""
    return (int(byte) >> 4) & 0x0F


def _scaled(raw: Any, digits: int) -> Decimal:
    return Decimal(int(raw)).scaleb(-digits)


def _unit(raw: Any) -> UnitOfMeasure:
    try:
        return UnitOfMeasure(int(raw) & 0x7F)
    except ValueError:
        raise SEDecodeError(f"unknown unit of measure 0x{int(raw):02X}") from None


def _bcd_to_int(raw: int) -> int:
    """Values of a BCD unit (UoM bit 7 set): each nibble a decimal digit."""
    value, scale = 0, 1
    raw = int(raw)
    if raw < 0:
        raise SEDecodeError("BCD values are unsigned")
    while raw:
        nibble = raw & 0x0F
        if nibble > 9:
            raise SEDecodeError("not a BCD value")
        value += nibble * scale
        scale *= 10
        raw >>= 4
    return value


def _text(raw: Any) -> str:
    """An octet string shown as text: UTF-8, bad bytes replaced, padding stripped."""
    data = raw.encode() if isinstance(raw, str) else bytes(raw)
    return data.decode("utf-8", errors="replace").strip("\x00 ")


# ----------------------------------------------------------------------------------------
# Frames


def _command_def(cluster_id: int, hdr: Any) -> Any:
    """The definition of the frame's command; SEDecodeError naming what is unknown."""
    if hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND:
        try:
            return foundation.GENERAL_COMMANDS[foundation.GeneralCommand(hdr.command_id)]
        except (KeyError, ValueError):
            raise SEDecodeError(f"unknown ZCL global command 0x{hdr.command_id:02X}") from None
    if hdr.frame_control.is_manufacturer_specific:
        raise SEDecodeError(f"manufacturer-specific command 0x{hdr.command_id:02X} "
                            f"(manufacturer 0x{int(hdr.manufacturer):04X})")
    cluster = zigpy.zcl.Cluster._registry.get(cluster_id)
    if cluster is None:
        raise SEDecodeError(f"unknown cluster 0x{cluster_id:04X}")
    from_server = hdr.frame_control.direction == foundation.Direction.Server_to_Client
    defs = cluster.client_commands if from_server else cluster.server_commands
    if hdr.command_id not in defs:
        way = "server→client" if from_server else "client→server"
        raise SEDecodeError(f"{cluster.__name__} (0x{cluster_id:04X}) has no {way} "
                            f"command 0x{hdr.command_id:02X}")
    return defs[hdr.command_id]


# What a server sends a client: a report or read response going the other way is not
# one we asked for (we read and configure servers only).
_SERVER_TO_CLIENT_ONLY = (foundation.GeneralCommand.Report_Attributes,
                          foundation.GeneralCommand.Read_Attributes_rsp,
                          foundation.GeneralCommand.Configure_Reporting_rsp)


def check_received_frame(cluster_id: int, data: bytes) -> tuple[Any, Any]:
    """A ZCL frame a display received from a meter, checked before anything uses it:
    the header and every field parse, nothing is left over after the last field, a
    string's length byte does not run past the end, and reports and read responses
    travel server→client. Returns (header, fields); SEDecodeError says what is wrong."""
    hdr, args = parse_frame(cluster_id, data)
    if (hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND
            and hdr.command_id in _SERVER_TO_CLIENT_ONLY
            and hdr.frame_control.direction != foundation.Direction.Server_to_Client):
        raise SEDecodeError(f"{foundation.GeneralCommand(hdr.command_id).name} with the "
                            "client→server direction bit: not from a server")
    return hdr, args


def decode_zcl_frame(cluster_id: int, data: bytes, *,
                     direction: foundation.Direction | None = None) -> tuple[Any, Any]:
    """A ZCL frame received from the radio, parsed with zigpy and our definitions.

    Returns (header, payload). The payload is the command's schema instance, except for
    Report Attributes and Read Attributes Response, which become {attribute id: value}
    (unsuccessful read records are left out). Fields after the last one we know are
    ignored, as ZCL asks of receivers (newer spec revisions append fields). `direction`,
    when given, must match the frame's. Every failure raises SEDecodeError.
    """
    try:
        hdr, rest = foundation.ZCLHeader.deserialize(bytes(data))
        if direction is not None and hdr.frame_control.direction != direction:
            raise SEDecodeError(f"frame goes {hdr.frame_control.direction.name}, "
                                f"expected {direction.name}")
        command = _command_def(cluster_id, hdr)
        args, _extra = command.schema.deserialize(rest)
        if hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND:
            if hdr.command_id == foundation.GeneralCommand.Report_Attributes:
                return hdr, {int(r.attrid): r.value.value for r in args.attribute_reports}
            if hdr.command_id == foundation.GeneralCommand.Read_Attributes_rsp:
                return hdr, {int(r.attrid): r.value.value for r in args.status_records
                             if r.status == foundation.Status.SUCCESS}
        return hdr, args
    except SEDecodeError:
        raise
    except Exception as exc:  # anything off the air becomes one error
        raise SEDecodeError(f"cannot parse frame for cluster 0x{cluster_id:04X}: "
                            f"{_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "too short" in text.lower():
        return "the frame ends inside a field (a length byte runs past the end?)"
    return text or type(exc).__name__


def parse_frame(cluster_id: int, frame: bytes) -> tuple[Any, Any]:
    """Strict parse for captures and tests: (header, schema instance); trailing bytes
    after the last field are an error. Every failure raises SEDecodeError."""
    try:
        hdr, rest = foundation.ZCLHeader.deserialize(bytes(frame))
        args, leftover = _command_def(cluster_id, hdr).schema.deserialize(rest)
    except SEDecodeError:
        raise
    except Exception as exc:  # as above
        raise SEDecodeError(f"cannot parse frame for cluster 0x{cluster_id:04X}: "
                            f"{_reason(exc)}") from exc
    if leftover:
        raise SEDecodeError(f"{len(leftover)} unexpected bytes after the last field of "
                            f"command 0x{hdr.command_id:02X} (cluster 0x{cluster_id:04X})")
    return hdr, args


# ----------------------------------------------------------------------------------------
# Metering


def fuel_from_device_type(device_type: int) -> Fuel:
    """Metering Device Type (0x0306) / Price Commodity Type: 0-15 direct, 127-142 the same
    mirrored (a Comms Hub's copy of a battery meter, e.g. 0x80 mirrored gas)."""
    value = int(device_type)
    base = value - 127 if 127 <= value <= 142 else value
    if base in (0, 7, 8, 9, 10, 11, 13, 14, 15):  # electricity, EV, generation, phases
        return Fuel.ELECTRICITY
    if base == 1:
        return Fuel.GAS
    if base == 2:
        return Fuel.WATER
    if base in (3, 5, 6, 12):  # thermal, heat, cooling, solar hot water
        return Fuel.HEAT
    return Fuel.OTHER


@dataclass(frozen=True)
class MeteringFormat:
    """How to read one meter's registers (Metering 0x0300-0x0306).

    `unit_of_measure` is the raw 0x0300 byte: bit 7 set means the values are BCD.
    Multiplier and divisor 0 count as 1 (se-clusters.md §2.3 rule 3).
    """

    unit_of_measure: int = 0x00
    multiplier: int = 1
    divisor: int = 1
    summation_formatting: int = 0
    demand_formatting: int = 0
    historical_formatting: int = 0
    device_type: int = 0

    def __post_init__(self) -> None:
        _unit(self.unit_of_measure)  # unknown units fail here, not at the first reading
        for name in ("multiplier", "divisor"):
            value = int(getattr(self, name))
            if not 0 <= value <= 0xFFFFFF:
                raise SEDecodeError(f"{name} out of range: {value}")
            object.__setattr__(self, name, value or 1)

    @classmethod
    @_decoder("metering format attributes")
    def from_attributes(cls, attrs: Mapping[int, Any]) -> MeteringFormat:
        return cls(unit_of_measure=int(attrs.get(M_UNIT_OF_MEASURE, 0)),
                   multiplier=int(attrs.get(M_MULTIPLIER, 1) or 1),
                   divisor=int(attrs.get(M_DIVISOR, 1) or 1),
                   summation_formatting=int(attrs.get(M_SUMMATION_FORMATTING, 0)),
                   demand_formatting=int(attrs.get(M_DEMAND_FORMATTING, 0)),
                   historical_formatting=int(attrs.get(M_HISTORICAL_FORMATTING, 0)),
                   device_type=int(attrs.get(M_DEVICE_TYPE, 0)))

    @property
    def unit(self) -> UnitOfMeasure:
        return _unit(self.unit_of_measure)

    @property
    def bcd(self) -> bool:
        return bool(self.unit_of_measure & 0x80)

    @property
    def fuel(self) -> Fuel:
        return fuel_from_device_type(self.device_type)

    @property
    def mirrored(self) -> bool:
        """A mirror (device type 127-142, 0xFE) on a Comms Hub, not the meter itself."""
        return 127 <= self.device_type <= 142 or self.device_type == 0xFE

    def _value(self, raw: Any) -> Decimal:
        value = _bcd_to_int(raw) if self.bcd else int(raw)
        return Decimal(value) * self.multiplier / self.divisor

    @_decoder("summation")
    def summation(self, raw: int) -> Decimal:
        """A register (summation) in the unit of measure: exact."""
        if int(raw) < 0:
            raise SEDecodeError("summations are unsigned")
        return self._value(raw)

    def historical(self, raw: int) -> Decimal:
        """A day/week/month consumption or profile interval: same scaling as summation."""
        return self.summation(raw)

    @_decoder("demand")
    def demand(self, raw: int) -> Decimal:
        """Instantaneous demand in the rate unit (kW for kWh meters); int24, signed."""
        if self.bcd:
            if int(raw) < 0:
                raise SEDecodeError("BCD demand cannot be negative")
            return self._value(raw)
        if not -(2**23) <= int(raw) < 2**23:
            raise SEDecodeError(f"demand {raw} does not fit int24")
        return self._value(raw)


# GB gas meters count m³; ft³-based meters (NA) convert at 0.028316846592 m³/ft³ (exact).
_M3_PER_UNIT = {UnitOfMeasure.M3: Decimal(1), UnitOfMeasure.FT3: Decimal("0.028316846592"),
                UnitOfMeasure.CCF: Decimal("2.8316846592"),
                UnitOfMeasure.MCF: Decimal("28.316846592")}


@_decoder("metering attributes")
def reading_from_metering_attributes(attrs: Mapping[int, Any], fmt: MeteringFormat, *,
                                     meter: MeterIdentity, origin: str, timestamp: datetime,
                                     gas: GasConversion | None = None) -> MeterReading | None:
    """A MeterReading from any of Summation Delivered/Received and Instantaneous Demand.

    Electricity (kWh) registers become energy; gas volume registers become m³ and, where
    the calorific value is known, kWh. None when the attributes hold no reading.
    """
    delivered = fmt.summation(attrs[M_SUMM_DELIVERED]) if M_SUMM_DELIVERED in attrs else None
    received = fmt.summation(attrs[M_SUMM_RECEIVED]) if M_SUMM_RECEIVED in attrs else None
    demand = fmt.demand(attrs[M_DEMAND]) if M_DEMAND in attrs else None
    if delivered is None and received is None and demand is None:
        return None
    if fmt.unit == UnitOfMeasure.KWH:
        return MeterReading(meter=meter, timestamp=timestamp, origin=origin,
                            energy_delivered_kwh=delivered, energy_received_kwh=received,
                            demand_kw=demand)
    if fmt.unit in _M3_PER_UNIT:
        factor = _M3_PER_UNIT[fmt.unit]
        volume = delivered * factor if delivered is not None else None
        energy = (gas.kwh_from_m3(volume).quantize(Decimal("0.001"))
                  if gas is not None and volume is not None else None)
        return MeterReading(meter=meter, timestamp=timestamp, origin=origin,
                            volume_delivered_m3=volume, energy_delivered_kwh=energy)
    if fmt.unit == UnitOfMeasure.MJ:
        return MeterReading(meter=meter, timestamp=timestamp, origin=origin,
                            energy_delivered_kwh=_mj_to_kwh(delivered),
                            energy_received_kwh=_mj_to_kwh(received),
                            demand_kw=demand * 1000 if demand is not None else None)
    raise SEDecodeError(f"meters counting {fmt.unit.name} are not supported")


def _mj_to_kwh(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / Decimal("3.6")


_PROFILE_PERIODS = {0: timedelta(days=1), 1: timedelta(minutes=60), 2: timedelta(minutes=30),
                    3: timedelta(minutes=15), 4: timedelta(minutes=10),
                    5: timedelta(minutes=7, seconds=30), 6: timedelta(minutes=5),
                    7: timedelta(minutes=2, seconds=30), 8: timedelta(minutes=1)}


@_decoder("GetProfileResponse")
def profile_intervals(rsp: Any, fmt: MeteringFormat) -> list[tuple[datetime, Decimal | None]]:
    """GetProfileResponse -> [(interval start, consumption or None)], oldest first.

    Intervals arrive most recent first, the first one ending at End Time; 0xFFFFFF marks
    an invalid interval (a gap). A non-zero status means no intervals.
    """
    if int(rsp.status) != 0:
        return []
    period = int(rsp.profile_interval_period)
    if period not in _PROFILE_PERIODS:
        raise SEDecodeError(f"unknown profile interval period {period} (0-8 are defined)")
    step = _PROFILE_PERIODS[period]
    end = from_utc_time(int(rsp.end_time))
    out: list[tuple[datetime, Decimal | None]] = []
    for n, raw in enumerate(rsp.intervals):
        start = end - step * (n + 1)
        out.append((start, None if int(raw) == INVALID_INTERVAL else fmt.historical(raw)))
    out.reverse()
    return out


# ----------------------------------------------------------------------------------------
# Price


GBP_NUMERIC = 826


def gbcs_rules(currency_numeric: int) -> bool:
    """A price in pounds sterling comes from a GB (GBCS) meter: no other SE deployment
    prices in GBP."""
    return int(currency_numeric) == GBP_NUMERIC


@_decoder("PublishPrice")
def price_from_publish_price(cmd: Any, *, meter: MeterIdentity, origin: str,
                             received_at: datetime) -> Price | None:
    """PublishPrice (Price 0x0700, server->client 0x00) -> Price; None when the meter
    says no price is available (Price 0xFFFFFFFF).

    Price = raw × 10^−(bits 7-4 of the trailing-digit byte) in the currency's major unit
    per unit of measure; tier = bits 3-0, or 15 + Extended Price Tier when that is set.
    Start Time 0 or 0xFFFFFFFF = now; Duration 0xFFFF = until changed; Generation Price
    0xFFFFFFFF = none.

    GB meters (GBCS, recognised by their GBP currency) may send 19 more octets after
    Price that "do not contain meaningful information and … should be ignored by all
    parties" (GBCS, as quoted in Smart DCC's gbcs-parser src/zigbee.ts): read by
    GBCS rules, nothing after Price is used, so those octets never become a generation
    price or an extended tier.
    """
    if int(cmd.price) == NOT_USED_32:
        return None
    currency = Currency.from_numeric(int(cmd.currency))
    digits = trailing_digits(cmd.price_trailing_digit_and_price_tier)
    tier = int(cmd.price_trailing_digit_and_price_tier) & 0x0F
    gb = gbcs_rules(cmd.currency)
    extended = None if gb else getattr(cmd, "extended_price_tier", None)
    if extended is not None and 1 <= int(extended) <= 0x21:
        tier = 15 + int(extended)
    generation = None if gb else getattr(cmd, "generation_price", None)
    generation_price = (None if generation is None or int(generation) == NOT_USED_32
                        else Money(_scaled(generation, digits), currency))
    label = _text(cmd.rate_label)
    return Price(meter=meter, timestamp=received_at, origin=origin,
                 unit_price=Money(_scaled(cmd.price, digits), currency),
                 unit=_unit(cmd.unit_of_measure), tier=tier,
                 rate_label=label or f"Tier {tier}",
                 start=_start(cmd.start_time, received_at),
                 duration=_duration(cmd.duration_in_minutes),
                 provider_id=int(cmd.provider_id), issuer_event_id=int(cmd.issuer_event_id),
                 generation_price=generation_price)


@_decoder("PublishPriceMatrix")
def price_matrix(commands: Iterable[Any], *, digits: int,
                 currency: Currency) -> dict[tuple[int, int], Money]:
    """PublishPriceMatrix commands of one tariff -> {(tier, block): price}.

    TOU entries (sub-payload control bit 0 = 1) carry a tier ID: block is 1. Block
    entries carry tier (high nibble; 0 = no tier) and block − 1 (low nibble).
    """
    prices: dict[tuple[int, int], Money] = {}
    for cmd in commands:
        tou = bool(int(cmd.sub_payload_control) & 0x01)
        for entry in cmd.entries:
            raw_id = int(entry.tier_block_id)
            key = (raw_id, 1) if tou else (raw_id >> 4, (raw_id & 0x0F) + 1)
            prices[key] = Money(_scaled(entry.price, digits), currency)
    return prices


@_decoder("PublishBlockThresholds")
def block_thresholds(commands: Iterable[Any], *, multiplier: int = 1, divisor: int = 1,
                     fmt: MeteringFormat | None = None) -> dict[int, tuple[Decimal, ...]]:
    """PublishBlockThresholds commands -> {tier: thresholds}, tier 0 = all tiers.

    Thresholds × Block Threshold Multiplier ÷ Divisor are in Metering units; with the
    meter's `fmt` they are also scaled by its multiplier/divisor into its unit of measure.
    """
    scale = Decimal(int(multiplier) or 1) / Decimal(int(divisor) or 1)
    if fmt is not None:
        scale = scale * fmt.multiplier / fmt.divisor
    out: dict[int, tuple[Decimal, ...]] = {}
    for cmd in commands:
        all_tiers = bool(int(cmd.sub_payload_control) & 0x01)
        for tier, values in cmd.thresholds:
            key = 0 if all_tiers else int(tier)
            out[key] = out.get(key, ()) + tuple(Decimal(int(v)) * scale for v in values)
    return out


@_decoder("PublishTierLabels")
def tier_labels(commands: Iterable[Any]) -> dict[int, str]:
    """PublishTierLabels commands -> {tier: label}."""
    return {int(entry.tier_id): _text(entry.tier_label)
            for cmd in commands for entry in cmd.labels}


@_decoder("PublishTariffInformation")
def tariff_from_tariff_information(info: Any, *, meter: MeterIdentity, origin: str,
                                   received_at: datetime, matrix: Iterable[Any] = (),
                                   thresholds: Iterable[Any] = (),
                                   labels: Iterable[Any] = (),
                                   fmt: MeteringFormat | None = None) -> Tariff:
    """PublishTariffInformation + its PublishPriceMatrix / PublishBlockThresholds /
    PublishTierLabels commands -> Tariff.

    Only commands with the tariff's Issuer Tariff ID are used. `tier_prices` lists each
    tier's block-1 price (a TOU tariff's tier prices); `block_thresholds_kwh` are the
    thresholds that apply to all tiers, else tier 1's (scaled as in `block_thresholds`;
    they are kWh when the meter counts kWh). Standing charge: daily, Price Trailing
    Digit decimals, 0xFFFFFFFF = not used.
    """
    tariff_id = int(info.issuer_tariff_id)
    currency = Currency.from_numeric(int(info.currency))
    digits = trailing_digits(info.price_trailing_digit)
    standing = int(info.standing_charge)
    standing_money = None if standing == NOT_USED_32 else Money(_scaled(standing, digits),
                                                                currency)
    mine = [c for c in matrix if int(c.issuer_tariff_id) == tariff_id]
    prices = price_matrix(mine, digits=digits, currency=currency)
    names = tier_labels([c for c in labels if int(c.issuer_tariff_id) == tariff_id])
    tiers = tuple(TierPrice(tier, names.get(tier) or f"Tier {tier}", money)
                  for (tier, block), money in sorted(prices.items())
                  if block == 1 and tier >= 1)
    sets = block_thresholds([c for c in thresholds if int(c.issuer_tariff_id) == tariff_id],
                            multiplier=int(info.block_threshold_multiplier),
                            divisor=int(info.block_threshold_divisor), fmt=fmt)
    chosen = sets.get(0) or (sets[min(sets)] if sets else ())
    return Tariff(meter=meter, timestamp=received_at, origin=origin,
                  label=_text(info.tariff_label) or "Tariff", issuer_tariff_id=tariff_id,
                  start=_start(info.start_time, received_at), unit=_unit(info.unit_of_measure),
                  standing_charge_per_day=standing_money, tier_prices=tiers,
                  block_thresholds_kwh=tuple(chosen))


@_decoder("price attributes")
def tariff_from_price_attributes(attrs: Mapping[int, Any], *, meter: MeterIdentity,
                                 origin: str, received_at: datetime) -> Tariff | None:
    """The tariff as the Price server's attributes describe it (labels, tier prices,
    standing charge). None when the server publishes no tariff attributes."""
    if PR_CURRENCY not in attrs and PR_STANDING_CHARGE not in attrs:
        return None
    currency = Currency.from_numeric(int(attrs.get(PR_CURRENCY, GBP_NUMERIC)))
    digits = trailing_digits(attrs.get(PR_PRICE_DIGITS, 0))
    standing = attrs.get(PR_STANDING_CHARGE)
    standing_money = (None if standing is None or int(standing) == NOT_USED_32
                      else Money(_scaled(standing, digits), currency))
    tiers = []
    for tier in range(1, 16):
        price_id = attribute_id(_PR, f"tier{tier}_block1_price")
        if price_id in attrs:
            label_raw = attrs.get(attribute_id(_PR, f"tier{tier}_price_label"))
            label = (_text(label_raw) if label_raw is not None else "") or f"Tier {tier}"
            tiers.append(TierPrice(tier, label, Money(_scaled(attrs[price_id], digits),
                                                      currency)))
    return Tariff(meter=meter, timestamp=received_at, origin=origin,
                  label=_text(attrs.get(PR_TARIFF_LABEL, b"")) or "Tariff",
                  issuer_tariff_id=0, start=received_at,
                  unit=_unit(attrs.get(PR_UNIT_OF_MEASURE, 0)),
                  standing_charge_per_day=standing_money,
                  tier_prices=tuple(tiers))


def _gas_conversion(cv_raw: Any, cv_digits_byte: Any, cv_unit: Any,
                    factor_raw: Any, factor_digits_byte: Any) -> GasConversion | None:
    if int(cv_unit) != 1:
        return None  # MJ/kg cannot convert a volume
    cv = _scaled(cv_raw, trailing_digits(cv_digits_byte))
    if factor_raw is None:
        return GasConversion(calorific_value_mj_per_m3=cv)
    factor = _scaled(factor_raw, trailing_digits(factor_digits_byte))
    return GasConversion(calorific_value_mj_per_m3=cv, conversion_factor=factor)


@_decoder("gas conversion attributes")
def gas_conversion_from_price_attributes(attrs: Mapping[int, Any]) -> GasConversion | None:
    """Conversion factor (0x0302/0x0303) and calorific value (0x0304-0x0306), each with
    its trailing-digit nibble. None without a calorific value in MJ/m³."""
    if PR_CALORIFIC_VALUE not in attrs:
        return None
    return _gas_conversion(attrs[PR_CALORIFIC_VALUE], attrs.get(PR_CALORIFIC_VALUE_DIGITS, 0),
                           attrs.get(PR_CALORIFIC_VALUE_UNIT, 1),
                           attrs.get(PR_CONVERSION_FACTOR),
                           attrs.get(PR_CONVERSION_FACTOR_DIGITS, 0))


@_decoder("PublishConversionFactor")
def conversion_factor(cmd: Any) -> Decimal:
    """PublishConversionFactor's factor, with its trailing-digit nibble."""
    return _scaled(cmd.conversion_factor, trailing_digits(cmd.conversion_factor_trailing_digit))


@_decoder("PublishCalorificValue/PublishConversionFactor")
def gas_conversion_from_commands(calorific_value: Any,
                                 conversion_factor: Any | None = None) -> GasConversion | None:
    """PublishCalorificValue (+ PublishConversionFactor) -> GasConversion."""
    return _gas_conversion(
        calorific_value.calorific_value, calorific_value.calorific_value_trailing_digit,
        calorific_value.calorific_value_unit,
        None if conversion_factor is None else conversion_factor.conversion_factor,
        0 if conversion_factor is None else conversion_factor.conversion_factor_trailing_digit)


# ----------------------------------------------------------------------------------------
# Prepayment


def prepayment_scale(scaling: Any, currency: Currency | None = None) -> int:
    """Decimal exponent of Prepayment money: the Currency Scaling Factor (0x0502) when
    given, else the currency's minor units (−2 for GBP)."""
    if scaling is None:
        return -(currency.minor_digits if currency is not None else 2)
    try:
        value = int(scaling)
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad currency scaling factor: {scaling!r}") from exc
    if not 0 <= value <= 0x0C:
        raise SEDecodeError(f"currency scaling factor out of range: {value}")
    return value - 6


@_decoder("prepayment attributes")
def prepayment_from_attributes(attrs: Mapping[int, Any], *, meter: MeterIdentity,
                               origin: str, timestamp: datetime,
                               currency: Currency) -> PrepaymentState | None:
    """Prepayment server attributes -> PrepaymentState (None without Credit Remaining).

    The Prepayment Currency attribute (0x0503) overrides `currency`; money scaling is
    `prepayment_scale` (module docstring). Debts with a zero amount are left out.
    """
    if PP_CREDIT_REMAINING not in attrs:
        return None
    if PP_CURRENCY in attrs:
        currency = Currency.from_numeric(int(attrs[PP_CURRENCY]))
    exponent = prepayment_scale(attrs.get(PP_SCALING), currency)

    def money(raw: Any) -> Money:
        return Money(Decimal(int(raw)).scaleb(exponent), currency)

    debts = []
    for n in range(1, 4):
        label_id, amount_id, frequency_id, recovery_id = _debt_ids(n)
        if amount_id in attrs and int(attrs[amount_id]) > 0:
            try:
                freq = DebtRecoveryFrequency(int(attrs.get(frequency_id, 1)))
            except ValueError:
                freq = DebtRecoveryFrequency.PER_DAY
            debts.append(DebtRecovery(
                label=_text(attrs.get(label_id, b"")) or f"Debt {n}",
                outstanding=money(attrs[amount_id]),
                recovery_amount=money(attrs.get(recovery_id, 0)), frequency=freq))
    stamp = (from_utc_time(int(attrs[PP_CREDIT_REMAINING_TIMESTAMP]))
             if int(attrs.get(PP_CREDIT_REMAINING_TIMESTAMP, 0)) else timestamp)
    alarms = int(attrs[PP_ALARM_STATUS]) if PP_ALARM_STATUS in attrs else None
    next_friendly = int(attrs.get(PP_NEXT_FRIENDLY_CREDIT_PERIOD, 0))
    return PrepaymentState(
        meter=meter, timestamp=stamp, origin=origin,
        credit_remaining=money(attrs[PP_CREDIT_REMAINING]),
        emergency_credit_remaining=money(attrs.get(PP_EMERGENCY_CREDIT_REMAINING, 0)),
        accumulated_debt=money(attrs.get(PP_ACCUMULATED_DEBT, 0)),
        credit_status=CreditStatus(int(attrs.get(PP_CREDIT_STATUS, 0)) & 0x7F),
        emergency_credit_limit=(money(attrs[PP_EMERGENCY_CREDIT_LIMIT])
                                if PP_EMERGENCY_CREDIT_LIMIT in attrs else None),
        low_credit_warning=(money(attrs[PP_LOW_CREDIT_WARNING])
                            if PP_LOW_CREDIT_WARNING in attrs else None),
        emergency_credit_threshold=(money(attrs[PP_EMERGENCY_CREDIT_THRESHOLD])
                                    if PP_EMERGENCY_CREDIT_THRESHOLD in attrs else None),
        debts=tuple(debts),
        friendly_credit_in_use=(None if alarms is None
                                else bool(alarms & ALARM_FRIENDLY_CREDIT_IN_USE)),
        friendly_credit_ending=(None if alarms is None
                                else bool(alarms & ALARM_FRIENDLY_CREDIT_ENDING)),
        friendly_credit_minutes_left=_optional_int(attrs, PP_REMAINING_FRIENDLY_CREDIT_TIME),
        # 0 and 0xFFFFFFFF: no next period stated (UTCTime's "not used").
        next_friendly_credit=(None if next_friendly in (0, NOT_USED_32)
                              else from_utc_time(next_friendly)),
        friendly_credit_warning_minutes=_optional_int(attrs, PP_FRIENDLY_CREDIT_WARNING))


def _optional_int(attrs: Mapping[int, Any], attr_id: int) -> int | None:
    return int(attrs[attr_id]) if attr_id in attrs else None


_DEBT_CREDIT_STATUS = struct.Struct("<iIIIii")


def _debt_credit_payload(cmd: Any) -> tuple[int, ...] | None:
    if int(cmd.snapshot_payload_type) != 0:
        return None
    payload = bytes(cmd.snapshot_payload)
    if len(payload) < _DEBT_CREDIT_STATUS.size:
        raise SEDecodeError(f"prepay snapshot payload is {len(payload)} bytes, "
                            f"not {_DEBT_CREDIT_STATUS.size}")
    return _DEBT_CREDIT_STATUS.unpack_from(payload)


@_decoder("PublishPrepaySnapshot")
def prepayment_snapshot_attributes(cmd: Any) -> dict[int, int]:
    """PublishPrepaySnapshot, payload type 0 (Debt/Credit Status), as the Prepayment
    attributes it refreshes: accumulated debt int32, type 1/2/3 debt remaining uint32 ×3,
    emergency credit remaining int32, credit remaining int32. Other payload types carry
    nothing we show: {}."""
    values = _debt_credit_payload(cmd)
    if values is None:
        return {}
    debt, _t1, _t2, _t3, emergency, credit = values
    return {PP_ACCUMULATED_DEBT: debt, PP_EMERGENCY_CREDIT_REMAINING: emergency,
            PP_CREDIT_REMAINING: credit, PP_CREDIT_REMAINING_TIMESTAMP: int(cmd.snapshot_time)}


def encode_top_up_code(code: TopUpCode) -> bytes:
    """The ConsumerTopUp Top Up Code octet string for a code: its digits as ASCII.

    For a GB UTRN that is a length byte of 20 and the 20 digits as ASCII characters:
    how Smart DCC's GBCS parser reads a ConsumerTopUp (src/zigbee.ts, parseZclUtrn:
    character codes − 0x30, 19 digits less the PTD offset), and what Silicon Labs'
    prepayment plugin and Wireshark show as the code.
    """
    return code.digits.encode("ascii")


@_decoder("ConsumerTopUpResponse")
def top_up_result_from_response(rsp: Any, *, meter: MeterIdentity, origin: str,
                                received_at: datetime, currency: Currency, code: TopUpCode,
                                scaling: Any = None) -> TopUpResult:
    """ConsumerTopUpResponse -> TopUpResult. Top Up Value and Credit Remaining are
    read as int32 (the Credit Remaining attribute's type) and scaled as Prepayment money.
    Only the masked code is kept."""
    try:
        result = TopUpResultCode(int(rsp.result_type))
    except ValueError:
        raise SEDecodeError(f"unknown top-up result 0x{int(rsp.result_type):02X}") from None
    if result == TopUpResultCode.NO_ANSWER:
        raise SEDecodeError("0xFF is not a result a meter sends")
    exponent = prepayment_scale(scaling, currency)
    try:
        source = OriginatingDevice(int(rsp.source_of_top_up))
    except ValueError:
        source = OriginatingDevice.IN_HOME_DISPLAY
    return TopUpResult(
        meter=meter, timestamp=received_at, origin=origin, result=result,
        code_masked=code.masked,
        value=Money(Decimal(int(rsp.top_up_value)).scaleb(exponent), currency),
        credit_remaining=Money(Decimal(int(rsp.credit_remaining)).scaleb(exponent), currency),
        source=source)


# ----------------------------------------------------------------------------------------
# Messaging

MESSAGE_IMPORTANCE_SHIFT = 2
MESSAGE_ENHANCED_CONFIRMATION = 0x20
MESSAGE_CONFIRMATION_REQUIRED = 0x80


@_decoder("DisplayMessage")
def message_from_display_message(cmd: Any, *, meter: MeterIdentity, origin: str,
                                 received_at: datetime) -> SupplierMessage:
    """DisplayMessage / DisplayProtectedMessage -> SupplierMessage. Importance is bits 3-2
    of Message Control; confirmation is required when bit 7 (confirmation) or bit 5
    (enhanced confirmation) is set."""
    control = int(cmd.message_control)
    return SupplierMessage(
        meter=meter, timestamp=received_at, origin=origin,
        message_id=int(cmd.message_id), text=str(cmd.message),
        start=_start(cmd.start_time, received_at), duration=_duration(cmd.duration_in_minutes),
        importance=MessageImportance((control >> MESSAGE_IMPORTANCE_SHIFT) & 0x03),
        confirmation_required=bool(control & (MESSAGE_CONFIRMATION_REQUIRED
                                              | MESSAGE_ENHANCED_CONFIRMATION)))


@_decoder("PublishChangeOfTenancy")
def tenancy_change_from_publish(cmd: Any, *, meter: MeterIdentity, origin: str,
                                received_at: datetime) -> TenancyChange:
    """Device Management PublishChangeOfTenancy -> TenancyChange (implementation time 0
    means now)."""
    return TenancyChange(
        meter=meter, timestamp=received_at, origin=origin,
        provider_id=int(cmd.provider_id), issuer_event_id=int(cmd.issuer_event_id),
        effective=_start(cmd.implementation_date_time, received_at),
        control=TenancyChangeControl(int(cmd.proposed_tenancy_change_control) & 0x7FF))


@_decoder("CancelMessage")
def message_cancelled_from_cancel_message(cmd: Any, *, meter: MeterIdentity, origin: str,
                                          received_at: datetime) -> MessageCancelled:
    return MessageCancelled(meter=meter, timestamp=received_at, origin=origin,
                            message_id=int(cmd.message_id))


@_decoder("CancelAllMessages")
def message_cancelled_from_cancel_all(cmd: Any, *, meter: MeterIdentity, origin: str,
                                      received_at: datetime) -> MessageCancelled:
    """CancelAllMessages -> MessageCancelled(message_id=None), stamped with the
    implementation time (0 = now)."""
    return MessageCancelled(meter=meter, origin=origin, message_id=None,
                            timestamp=_start(cmd.implementation_time, received_at))
