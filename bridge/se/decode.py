"""From SE attribute values and commands to `bridge.model` objects. Pure: no I/O.

Rules (shared/reference/se-clusters.md):
- Metering values in the Unit of Measure = raw × Multiplier ÷ Divisor; a zero or absent
  multiplier or divisor counts as 1 (two vendors' manuals agree). The formatting bytes
  (digits left/right, suppress leading zeros) are display hints, not scaling.
- InstantaneousDemand is int24: positive import, negative export.
- Prices: raw × 10^−(trailing digits), in the currency's major unit, per unit of measure.
  The trailing digits are the high nibble of the trailing-digit byte.
- Currency is ISO 4217 numeric. Prepayment money uses the Currency Scaling Factor
  (0x0502: 0x00 = ×10⁻⁶ … 0x06 = ×1) when the meter gives one, else minor units (pence).
- UTCTime counts seconds from 2000-01-01 00:00 UTC; Start Time 0 means now and a
  duration of 0xFFFF minutes means until changed.

Anything malformed raises `SEDecodeError`, and nothing else.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import zigpy.zcl
import zigpy.zcl.foundation as foundation

from bridge.model import (
    CreditStatus,
    Currency,
    DebtRecovery,
    DebtRecoveryFrequency,
    GasConversion,
    MessageImportance,
    MeterIdentity,
    MeterReading,
    Money,
    OriginatingDevice,
    PrepaymentState,
    Price,
    SupplierMessage,
    Tariff,
    TierPrice,
    TopUpCode,
    TopUpResult,
    TopUpResultCode,
    UnitOfMeasure,
)

UTC_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
UNTIL_CHANGED = 0xFFFF
NOT_USED_32 = 0xFFFFFFFF


class SEDecodeError(ValueError):
    """An SE value or frame that cannot be turned into a model object."""


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


def trailing_digits(byte: int) -> int:
    """Digits right of the point: bits 7-4 of a trailing-digit byte."""
    return (int(byte) >> 4) & 0x0F


def _scaled(raw: int, digits: int) -> Decimal:
    return Decimal(int(raw)).scaleb(-digits)


def _unit(raw: int) -> UnitOfMeasure:
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


def parse_frame(cluster_id: int, frame: bytes) -> tuple[Any, Any]:
    """A ZCL frame as zigpy parses it with our definitions: (header, command fields).

    For frames taken off the air outside zigpy's own path (captures, the bridge's
    journal). Direction comes from the frame control; anything malformed, truncated or
    unknown raises SEDecodeError.
    """
    try:
        hdr, rest = foundation.ZCLHeader.deserialize(frame)
        if hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND:
            command = foundation.GENERAL_COMMANDS[foundation.GeneralCommand(hdr.command_id)]
        else:
            cluster = zigpy.zcl.Cluster._registry[cluster_id]
            from_server = hdr.frame_control.direction == foundation.Direction.Server_to_Client
            defs = cluster.client_commands if from_server else cluster.server_commands
            command = defs[hdr.command_id]
        args, leftover = command.schema.deserialize(rest)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, OverflowError,
            UnicodeDecodeError) as exc:
        raise SEDecodeError(f"cannot parse frame for cluster 0x{cluster_id:04X}: "
                            f"{exc!r}") from exc
    if leftover:
        raise SEDecodeError(f"{len(leftover)} unexpected bytes after the command")
    return hdr, args


# ----------------------------------------------------------------------------------------
# Metering


@dataclass(frozen=True)
class MeteringFormat:
    """How to read one meter's registers (Metering 0x0300-0x0306)."""

    unit: UnitOfMeasure = UnitOfMeasure.KWH
    bcd: bool = False
    multiplier: int = 1
    divisor: int = 1
    summation_formatting: int = 0
    demand_formatting: int = 0
    historical_formatting: int = 0
    device_type: int = 0

    @classmethod
    def from_attributes(cls, attrs: Mapping[int, Any]) -> MeteringFormat:
        raw_unit = int(attrs.get(0x0300, 0))
        multiplier = int(attrs.get(0x0301, 1) or 1)  # 0 or absent counts as 1
        divisor = int(attrs.get(0x0302, 1) or 1)
        if multiplier < 0 or divisor < 0:
            raise SEDecodeError("multiplier and divisor are unsigned")
        return cls(unit=_unit(raw_unit), bcd=bool(raw_unit & 0x80), multiplier=multiplier,
                   divisor=divisor, summation_formatting=int(attrs.get(0x0303, 0)),
                   demand_formatting=int(attrs.get(0x0304, 0)),
                   historical_formatting=int(attrs.get(0x0305, 0)),
                   device_type=int(attrs.get(0x0306, 0)))

    def _value(self, raw: int) -> Decimal:
        raw = _bcd_to_int(raw) if self.bcd else int(raw)
        return Decimal(raw) * self.multiplier / self.divisor

    def summation(self, raw: int) -> Decimal:
        """A register (summation or consumption) in the unit of measure."""
        if int(raw) < 0:
            raise SEDecodeError("summations are unsigned")
        return self._value(raw)

    def demand(self, raw: int) -> Decimal:
        """Instantaneous demand in the rate unit (kW for kWh meters); signed."""
        return self._value(raw)


def format_value(value: Decimal, formatting: int) -> str:
    """Display a value as the meter's formatting byte asks (digits right; bit 7 = suppress
    leading zeros, otherwise pad to the digits-left width)."""
    right = formatting & 0x07
    left = (formatting >> 3) & 0x0F
    text = f"{value:.{right}f}"
    if not formatting & 0x80 and left:
        whole, _, frac = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        whole = whole.lstrip("-").zfill(left)
        text = sign + whole + ("." + frac if frac else "")
    return text


# GB gas meters count m³; ft³-based meters (NA) convert at 0.0283168 m³/ft³ (exact).
_M3_PER_UNIT = {UnitOfMeasure.M3: Decimal(1), UnitOfMeasure.FT3: Decimal("0.028316846592"),
                UnitOfMeasure.CCF: Decimal("2.8316846592"),
                UnitOfMeasure.MCF: Decimal("28.316846592")}


def reading_from_metering_attributes(attrs: Mapping[int, Any], fmt: MeteringFormat, *,
                                     meter: MeterIdentity, origin: str, timestamp: datetime,
                                     gas: GasConversion | None = None) -> MeterReading | None:
    """A MeterReading from any of Summation Delivered/Received and Instantaneous Demand.

    Electricity (kWh) registers become energy; gas volume registers become m³ and, where
    the calorific value is known, kWh. None when the attributes hold no reading.
    """
    try:
        delivered = fmt.summation(attrs[0x0000]) if 0x0000 in attrs else None
        received = fmt.summation(attrs[0x0001]) if 0x0001 in attrs else None
        demand = fmt.demand(attrs[0x0400]) if 0x0400 in attrs else None
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise SEDecodeError(f"bad metering value: {exc}") from exc
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


def profile_intervals(rsp: Any, fmt: MeteringFormat) -> list[tuple[datetime, Decimal | None]]:
    """GetProfileResponse -> [(interval start, energy or None)], oldest first.

    Intervals arrive most recent first; 0xFFFFFF marks an invalid interval (a gap).
    """
    periods = {0: timedelta(days=1), 1: timedelta(minutes=60), 2: timedelta(minutes=30),
               3: timedelta(minutes=15), 4: timedelta(minutes=10),
               5: timedelta(minutes=7, seconds=30), 6: timedelta(minutes=5),
               7: timedelta(minutes=2, seconds=30), 8: timedelta(minutes=1)}
    try:
        if int(rsp.status) != 0:
            return []
        step = periods[int(rsp.profile_interval_period)]
        end = from_utc_time(int(rsp.end_time))
        out: list[tuple[datetime, Decimal | None]] = []
        for n, raw in enumerate(rsp.intervals):
            start = end - step * (n + 1)
            out.append((start, None if int(raw) == 0xFFFFFF else fmt.summation(raw)))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad profile response: {exc}") from exc
    out.reverse()
    return out


# ----------------------------------------------------------------------------------------
# Price


def _rate_label(raw: Any) -> str:
    data = bytes(raw) if not isinstance(raw, str) else raw.encode()
    return data.decode("utf-8", errors="replace").strip("\x00 ")


def price_from_publish_price(cmd: Any, *, meter: MeterIdentity, origin: str,
                             received_at: datetime) -> Price:
    """PublishPrice (Price 0x0700, server->client 0x00) -> Price."""
    try:
        currency = Currency.from_numeric(int(cmd.currency))
        digits = trailing_digits(cmd.price_trailing_digit_and_price_tier)
        tier = int(cmd.price_trailing_digit_and_price_tier) & 0x0F
        extended = getattr(cmd, "extended_price_tier", None)
        if tier == 0x0F and extended:
            tier = 15 + int(extended)
        start = received_at if int(cmd.start_time) == 0 else from_utc_time(int(cmd.start_time))
        minutes = int(cmd.duration_in_minutes)
        duration = None if minutes == UNTIL_CHANGED else timedelta(minutes=minutes)
        generation = getattr(cmd, "generation_price", None)
        generation_price = (None if generation is None or int(generation) == NOT_USED_32
                            else Money(_scaled(generation, digits), currency))
        label = _rate_label(cmd.rate_label)
        return Price(meter=meter, timestamp=received_at, origin=origin,
                     unit_price=Money(_scaled(cmd.price, digits), currency),
                     unit=_unit(cmd.unit_of_measure), tier=tier,
                     rate_label=label or f"Tier {tier}", start=start, duration=duration,
                     provider_id=int(cmd.provider_id),
                     issuer_event_id=int(cmd.issuer_event_id),
                     generation_price=generation_price)
    except SEDecodeError:
        raise
    except (AttributeError, TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad PublishPrice: {exc}") from exc


def tariff_from_price_attributes(attrs: Mapping[int, Any], *, meter: MeterIdentity,
                                 origin: str, received_at: datetime) -> Tariff | None:
    """The tariff as the Price server's attributes describe it (labels, tier prices,
    standing charge). None when the server publishes no tariff attributes."""
    if 0x0616 not in attrs and 0x0301 not in attrs:
        return None
    try:
        currency = Currency.from_numeric(int(attrs.get(0x0616, 826)))
        digits = trailing_digits(attrs.get(0x0617, 0))
        standing = attrs.get(0x0301)
        standing_money = (None if standing is None or int(standing) == NOT_USED_32
                          else Money(_scaled(standing, digits), currency))
        tiers = []
        for tier in range(1, 16):
            price_id = 0x0410 + 0x10 * (tier - 1)
            if price_id in attrs:
                label_raw = attrs.get(tier - 1)
                label = _rate_label(label_raw) if label_raw is not None else f"Tier {tier}"
                tiers.append(TierPrice(tier, label, Money(_scaled(attrs[price_id], digits),
                                                          currency)))
        return Tariff(meter=meter, timestamp=received_at, origin=origin,
                      label=_rate_label(attrs.get(0x0610, b"")) or "Tariff",
                      issuer_tariff_id=0, start=received_at,
                      unit=_unit(attrs.get(0x0615, 0)), standing_charge_per_day=standing_money,
                      tier_prices=tuple(tiers))
    except SEDecodeError:
        raise
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad price attributes: {exc}") from exc


def gas_conversion_from_price_attributes(attrs: Mapping[int, Any]) -> GasConversion | None:
    """Conversion factor (0x0302/0x0303) and calorific value (0x0304-0x0306)."""
    if 0x0304 not in attrs:
        return None
    cv = _scaled(attrs[0x0304], trailing_digits(attrs.get(0x0306, 0)))
    if int(attrs.get(0x0305, 1)) != 1:
        return None  # MJ/kg cannot convert a volume
    if 0x0302 in attrs:
        factor = _scaled(attrs[0x0302], trailing_digits(attrs.get(0x0303, 0)))
        return GasConversion(calorific_value_mj_per_m3=cv, conversion_factor=factor)
    return GasConversion(calorific_value_mj_per_m3=cv)


# ----------------------------------------------------------------------------------------
# Prepayment


def prepayment_scale(scaling: Any) -> int:
    """Decimal exponent of Prepayment money: Currency Scaling Factor, else minor units."""
    if scaling is None:
        return -2
    value = int(scaling)
    if not 0 <= value <= 0x0C:
        raise SEDecodeError(f"currency scaling factor out of range: {value}")
    return value - 6


def prepayment_from_attributes(attrs: Mapping[int, Any], *, meter: MeterIdentity,
                               origin: str, timestamp: datetime,
                               currency: Currency) -> PrepaymentState | None:
    if 0x0001 not in attrs:
        return None
    try:
        if 0x0503 in attrs:
            currency = Currency.from_numeric(int(attrs[0x0503]))
        exponent = prepayment_scale(attrs.get(0x0502))

        def money(raw: Any) -> Money:
            return Money(Decimal(int(raw)).scaleb(exponent), currency)

        debts = []
        for n in range(3):
            base = 0x0210 + 0x10 * n
            if base + 1 in attrs and int(attrs[base + 1]) > 0:
                frequency = attrs.get(base + 6, 1)
                try:
                    freq = DebtRecoveryFrequency(int(frequency))
                except ValueError:
                    freq = DebtRecoveryFrequency.PER_DAY
                debts.append(DebtRecovery(
                    label=_rate_label(attrs.get(base, b"")) or f"Debt {n + 1}",
                    outstanding=money(attrs[base + 1]),
                    recovery_amount=money(attrs.get(base + 7, 0)), frequency=freq))
        stamp = (from_utc_time(int(attrs[0x0004])) if int(attrs.get(0x0004, 0))
                 else timestamp)
        return PrepaymentState(
            meter=meter, timestamp=stamp, origin=origin,
            credit_remaining=money(attrs[0x0001]),
            emergency_credit_remaining=money(attrs.get(0x0002, 0)),
            accumulated_debt=money(attrs.get(0x0005, 0)),
            credit_status=CreditStatus(int(attrs.get(0x0003, 0)) & 0x7F),
            emergency_credit_limit=money(attrs[0x0010]) if 0x0010 in attrs else None,
            low_credit_warning=money(attrs[0x0031]) if 0x0031 in attrs else None,
            debts=tuple(debts))
    except SEDecodeError:
        raise
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad prepayment attributes: {exc}") from exc


def prepayment_snapshot_attributes(cmd: Any) -> dict[int, int]:
    """PublishPrepaySnapshot, payload type 0 (Debt/Credit Status), as the Prepayment
    attributes it refreshes. Layout from ZBOSS (one source): accumulated debt int32,
    type 1/2/3 debt remaining uint32 ×3, emergency credit remaining int32, credit
    remaining int32. Other payload types carry nothing we show: {}."""
    try:
        if int(cmd.snapshot_payload_type) != 0:
            return {}
        payload = bytes(cmd.snapshot_payload)
    except (AttributeError, TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad PublishPrepaySnapshot: {exc}") from exc
    if len(payload) < 24:
        raise SEDecodeError(f"prepay snapshot payload is {len(payload)} bytes, not 24")
    debt, _t1, _t2, _t3, emergency, credit = struct.unpack_from("<iIIIii", payload)
    return {0x0005: debt, 0x0002: emergency, 0x0001: credit,
            0x0004: int(cmd.snapshot_time)}


def encode_top_up_code(code: TopUpCode) -> bytes:
    """The Top Up Code octet string: the digits as ASCII. The GB on-air encoding of a
    UTRN is not confirmed by a second public source; ASCII is what the one
    vendor implementation seen accepts."""
    return code.digits.encode("ascii")


def top_up_result_from_response(rsp: Any, *, meter: MeterIdentity, origin: str,
                                received_at: datetime, currency: Currency, code: TopUpCode,
                                scaling: Any = None) -> TopUpResult:
    try:
        result = TopUpResultCode(int(rsp.result_type))
    except (AttributeError, TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad ConsumerTopUpResponse: {exc}") from exc
    exponent = prepayment_scale(scaling)
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


def message_from_display_message(cmd: Any, *, meter: MeterIdentity, origin: str,
                                 received_at: datetime) -> SupplierMessage:
    try:
        control = int(cmd.message_control)
        start = received_at if int(cmd.start_time) == 0 else from_utc_time(int(cmd.start_time))
        minutes = int(cmd.duration_in_minutes)
        text = str(cmd.message)
        return SupplierMessage(
            meter=meter, timestamp=received_at, origin=origin,
            message_id=int(cmd.message_id), text=text, start=start,
            duration=None if minutes == UNTIL_CHANGED else timedelta(minutes=minutes),
            importance=MessageImportance((control >> 2) & 0x03),
            confirmation_required=bool(control & 0x80) or bool(control & 0x20))
    except SEDecodeError:
        raise
    except (AttributeError, TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad DisplayMessage: {exc}") from exc
