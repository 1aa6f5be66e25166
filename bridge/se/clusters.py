"""SE 1.x cluster definitions zigpy lacks, registered with zigpy on import.

zigpy 2.4 defines Metering (0x0702) but leaves Price (0x0700), Messaging (0x0703),
Prepayment (0x0705) and Key Establishment (0x0800) empty. Subclassing a zigpy cluster with
the same cluster_id replaces its entry in zigpy's registry (`Cluster.__init_subclass__`), so
every zigpy endpoint created after `import bridge.se` parses these clusters' frames with the
definitions below, in both directions.

Public names:
- Clusters: `Price`, `Metering`, `Messaging`, `Prepayment`, `KeyEstablishment`.
  Commands the server receives are `X.ServerCommandDefs.<name>`, commands the client
  receives (server→client, e.g. `Price.ClientCommandDefs.publish_price`) are
  `X.ClientCommandDefs.<name>`; encode with `<def>.schema(**fields).serialize()`.
  Trailing optional fields (PublishPrice after Price, DisplayMessage's extended control,
  MessageConfirmation's control/response, GetBlockPeriod's tariff type…) are zigpy
  optional fields (`name?`): leave them out and they are not sent.
- Enums and bitmaps: `MessageControl`, `ExtendedMessageControl`,
  `MessageConfirmationControl`, `CreditStatus`, `PaymentControlConfiguration`,
  `OriginatingDevice`, `TopUpResultType`, `DebtRecoveryMethod`, `DebtAmountType`,
  `DebtRecoveryFrequency`, `CreditAdjustmentType`, `DebtType`, `PrepaySnapshotPayloadType`,
  `PrepaymentAlarmStatus`, `FriendlyCredit`, `PriceControl`, `CommandOptions`,
  `BlockPeriodControl`, `CppAuth`, `CppPriceTier`, `CreditPaymentStatus`, `CommodityType`,
  `CalorificValueUnit`, `TierBlockMode`, `TariffType`, `TariffResolutionPeriod`,
  `KeyEstablishmentSuite`, `TerminateStatus`.
- Variable-length payload types: `PriceMatrixEntry`/`PriceMatrixEntries`,
  `BlockThresholdSet`, `TierLabelEntry`/`TierLabelEntries`, `TopUpLogEntry`/
  `TopUpLogEntries`, `DebtLogEntry`/`DebtLogEntries`, `RemainingBytes`.
- ID helpers (se-clusters.md §1.2): `tier_label_id`, `block_threshold_id`,
  `tier_block_threshold_id`, `no_tier_block_price_id`, `tier_block_price_id`,
  `price_tier_id`.

Field orders and types: `shared/reference/se-clusters.md` (Wireshark's SE dissector,
Silicon Labs ami.xml, ZBOSS). Where sources disagree on signedness the attribute's type
wins (Credit Remaining is int32 everywhere, so the response fields carrying it are too).
Key Establishment payloads (certificates, ephemeral keys, MACs) are kept as raw bytes:
their length depends on the suite and nothing here does CBKE.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import zigpy.types as t
import zigpy.zcl.foundation as foundation
from zigpy.zcl.clusters import smartenergy as zse
from zigpy.zcl.foundation import BaseAttributeDefs, BaseCommandDefs, ZCLAttributeDef, ZCLCommandDef

# ----------------------------------------------------------------------------------------
# Types


class MessageControl(t.bitmap8):
    NORMAL_AND_INTERPAN = 0x01
    INTERPAN_ONLY = 0x02
    IMPORTANCE_MEDIUM = 0x04
    IMPORTANCE_HIGH = 0x08
    ENHANCED_CONFIRMATION_REQUIRED = 0x20
    CONFIRMATION_REQUIRED = 0x80


class CreditStatus(t.bitmap8):
    CREDIT_OK = 0x01
    LOW_CREDIT = 0x02
    EMERGENCY_CREDIT_ENABLED = 0x04
    EMERGENCY_CREDIT_AVAILABLE = 0x08
    EMERGENCY_CREDIT_SELECTED = 0x10
    EMERGENCY_CREDIT_IN_USE = 0x20
    CREDIT_EXHAUSTED = 0x40


class OriginatingDevice(t.enum8):
    EnergyServiceInterface = 0x00
    Meter = 0x01
    InHomeDisplay = 0x02


class TopUpResultType(t.enum8):
    Accepted = 0x00
    Rejected_Invalid = 0x01
    Rejected_Duplicate = 0x02
    Rejected_Error = 0x03
    Rejected_MaxCreditReached = 0x04
    Rejected_KeypadLock = 0x05
    Rejected_TooLarge = 0x06
    Accepted_SupplyEnabled = 0x10
    Accepted_SupplyDisabled = 0x11
    Accepted_SupplyArmed = 0x12


class PaymentControlConfiguration(t.bitmap16):
    DISCONNECTION_ENABLED = 0x0001
    PREPAYMENT_ENABLED = 0x0002
    CREDIT_MANAGEMENT_ENABLED = 0x0004
    CREDIT_DISPLAY_ENABLED = 0x0010
    ACCOUNT_BASE = 0x0040
    CONTACTOR_FITTED = 0x0080
    STANDING_CHARGE_CONFIGURATION = 0x0100
    EMERGENCY_STANDING_CHARGE_CONFIGURATION = 0x0200
    DEBT_CONFIGURATION = 0x0400
    EMERGENCY_DEBT_CONFIGURATION = 0x0800


class ExtendedMessageControl(t.bitmap8):
    MESSAGE_CONFIRMED = 0x01


class MessageConfirmationControl(t.bitmap8):
    NO_RETURNED = 0x01
    YES_RETURNED = 0x02  # SL only (se-clusters.md §4.1)


class DebtRecoveryMethod(t.enum8):
    TimeBased = 0x00
    PercentageBased = 0x01
    CatchUpBased = 0x02


class DebtAmountType(t.enum8):
    Type1Absolute = 0x00
    Type1Incremental = 0x01
    Type2Absolute = 0x02
    Type2Incremental = 0x03
    Type3Absolute = 0x04
    Type3Incremental = 0x05


class DebtRecoveryFrequency(t.enum8):
    PerHour = 0x00
    PerDay = 0x01
    PerWeek = 0x02
    PerMonth = 0x03
    PerQuarter = 0x04


class CreditAdjustmentType(t.enum8):
    Incremental = 0x00
    Absolute = 0x01


class DebtType(t.enum8):
    Debt1 = 0x00
    Debt2 = 0x01
    Debt3 = 0x02
    AllDebts = 0xFF


class PrepaySnapshotPayloadType(t.enum8):
    DebtCreditStatus = 0x00
    NotUsed = 0xFF


class PrepaymentAlarmStatus(t.bitmap16):
    LOW_CREDIT_WARNING = 0x0001
    TOP_UP_CODE_ERROR = 0x0002
    TOP_UP_CODE_ALREADY_USED = 0x0004
    TOP_UP_CODE_INVALID = 0x0008
    FRIENDLY_CREDIT_IN_USE = 0x0010
    FRIENDLY_CREDIT_PERIOD_END_WARNING = 0x0020
    EC_AVAILABLE = 0x0040
    UNAUTHORISED_ENERGY_USE = 0x0080
    DISCONNECTED_SUPPLY_DUE_TO_CREDIT = 0x0100
    DISCONNECTED_SUPPLY_DUE_TO_TAMPER = 0x0200
    DISCONNECTED_SUPPLY_DUE_TO_HES = 0x0400
    PHYSICAL_ATTACK = 0x0800
    ELECTRONIC_ATTACK = 0x1000
    MANUFACTURE_ALARM_CODE_A = 0x2000
    MANUFACTURE_ALARM_CODE_B = 0x4000


class FriendlyCredit(t.bitmap8):
    FRIENDLY_CREDIT_ENABLED = 0x01


class PriceControl(t.bitmap8):
    PRICE_ACKNOWLEDGEMENT_REQUIRED = 0x01
    TOTAL_TIERS_EXCEEDS_15 = 0x02


class CommandOptions(t.bitmap8):
    REQUESTOR_RX_ON_WHEN_IDLE = 0x01


class BlockPeriodControl(t.bitmap8):
    PRICE_ACKNOWLEDGEMENT_REQUIRED = 0x01
    REPEATING_BLOCK = 0x02


class CppAuth(t.enum8):
    Pending = 0x00
    Accepted = 0x01
    Rejected = 0x02
    Forced = 0x03


class CppPriceTier(t.enum8):
    CPP1 = 0x00
    CPP2 = 0x01


class CreditPaymentStatus(t.enum8):
    Pending = 0x00
    Received = 0x01
    Overdue = 0x02
    TwoPaymentsOverdue = 0x03
    ThreePaymentsOverdue = 0x04


class CommodityType(t.enum8):
    Electricity = 0x00
    Gas = 0x01
    Water = 0x02
    Thermal = 0x03
    Pressure = 0x04
    Heat = 0x05
    Cooling = 0x06
    EVCharging = 0x07
    PVGeneration = 0x08
    WindTurbineGeneration = 0x09
    WaterTurbineGeneration = 0x0A
    MicroGeneration = 0x0B
    SolarHotWater = 0x0C
    ElectricityElementPhase1 = 0x0D
    ElectricityElementPhase2 = 0x0E
    ElectricityElementPhase3 = 0x0F


class CalorificValueUnit(t.enum8):
    MJ_per_m3 = 0x01
    MJ_per_kg = 0x02


class TierBlockMode(t.enum8):
    ActiveBlock = 0x00
    ActiveBlockPriceTier = 0x01
    ActiveBlockPriceTierThreshold = 0x02
    NotUsed = 0xFF


class TariffType(t.enum8):
    """The Tariff Type field of Price commands (ami.xml's TariffType enum)."""

    DeliveredTariff = 0x00
    ReceivedTariff = 0x01
    DeliveredAndReceivedTariff = 0x02


class TariffResolutionPeriod(t.enum8):
    NotDefined = 0x00
    BlockPeriod = 0x01
    OneDay = 0x02


class KeyEstablishmentSuite(t.bitmap16):
    CBKE_ECMQV_K163 = 0x0001  # suite 1, sect163k1
    CBKE_ECMQV_K283 = 0x0002  # suite 2, sect283k1 (GB)


class TerminateStatus(t.enum8):
    UnknownIssuer = 0x01
    BadKeyConfirm = 0x02
    BadMessage = 0x03
    NoResources = 0x04
    UnsupportedSuite = 0x05
    InvalidCertificate = 0x06


class _TailList(list[Any]):
    """Entries repeated to the end of the frame (no count byte on the wire). Items may be
    given as the entry struct, a dict of its fields or a tuple in field order."""

    _item_type: Any = None

    def serialize(self) -> bytes:
        return b"".join(self._entry(item).serialize() for item in self)

    @classmethod
    def _entry(cls, item: Any) -> Any:
        if isinstance(item, cls._item_type):
            return item
        if isinstance(item, Mapping):
            return cls._item_type(**item)
        if isinstance(item, tuple):
            return cls._item_type(*item)
        return cls._item_type(item)

    @classmethod
    def deserialize(cls, data: bytes) -> tuple[_TailList, bytes]:
        items = cls()
        while data:
            item, data = cls._item_type.deserialize(data)
            items.append(item)
        return items, b""


class PriceMatrixEntry(t.Struct):
    tier_block_id: t.uint8_t
    price: t.uint32_t


class PriceMatrixEntries(_TailList):
    _item_type = PriceMatrixEntry


class BlockThresholdSet(list[tuple[int, list[int]]]):
    """PublishBlockThresholds sub-payload: {tier nibble | count nibble, count × uint48}…"""

    def serialize(self) -> bytes:
        out = b""
        for tier, thresholds in self:
            if not 0 <= tier <= 0x0F or not 0 <= len(thresholds) <= 0x0F:
                raise ValueError("tier and threshold count are one nibble each")
            out += t.uint8_t((tier << 4) | len(thresholds)).serialize()
            out += b"".join(t.uint48_t(v).serialize() for v in thresholds)
        return out

    @classmethod
    def deserialize(cls, data: bytes) -> tuple[BlockThresholdSet, bytes]:
        sets = cls()
        while data:
            head, data = t.uint8_t.deserialize(data)
            values = []
            for _ in range(head & 0x0F):
                value, data = t.uint48_t.deserialize(data)
                values.append(int(value))
            sets.append((head >> 4, values))
        return sets, b""


class TopUpLogEntry(t.Struct):
    top_up_code: t.LVBytes
    top_up_amount: t.int32s
    top_up_time: t.UTCTime


class TopUpLogEntries(_TailList):
    _item_type = TopUpLogEntry


class DebtLogEntry(t.Struct):
    collection_time: t.UTCTime
    amount_collected: t.uint32_t
    debt_type: DebtType
    outstanding_debt: t.uint32_t


class DebtLogEntries(_TailList):
    _item_type = DebtLogEntry


class TierLabelEntry(t.Struct):
    tier_id: t.uint8_t
    tier_label: t.LVBytes


class TierLabelEntries(_TailList):
    _item_type = TierLabelEntry


class RemainingBytes(bytes):
    """The rest of the frame, as raw bytes (snapshot payloads, CBKE data)."""

    def serialize(self) -> bytes:
        return bytes(self)

    @classmethod
    def deserialize(cls, data: bytes) -> tuple[RemainingBytes, bytes]:
        return cls(data), b""


# ----------------------------------------------------------------------------------------
# Price 0x0700


def tier_label_id(tier: int) -> int:
    """Tier N Price Label, N = 1..48."""
    _check(tier, 1, 48)
    return 0x0000 + tier - 1


def block_threshold_id(block: int) -> int:
    """Block N Threshold (no tiers), N = 1..15."""
    _check(block, 1, 15)
    return 0x0100 + block - 1


def tier_block_threshold_id(tier: int, block: int) -> int:
    """Tier T Block N Threshold, T = 1..15, N = 1..15."""
    _check(tier, 1, 15)
    _check(block, 1, 15)
    return 0x0110 + 0x10 * (tier - 1) + block - 1


def no_tier_block_price_id(block: int) -> int:
    """No Tier Block N Price, N = 1..16."""
    _check(block, 1, 16)
    return 0x0400 + block - 1


def tier_block_price_id(tier: int, block: int) -> int:
    """Tier T Block N Price, T = 1..15, N = 1..16 (Tier T Block 1 Price is a plain TOU
    tier price)."""
    _check(tier, 1, 15)
    _check(block, 1, 16)
    return 0x0410 + 0x10 * (tier - 1) + block - 1


def price_tier_id(tier: int) -> int:
    """The price attribute of TOU tier N, N = 1..48 (Tier N Block 1 Price below 16,
    Price Tier N from 16)."""
    _check(tier, 1, 48)
    return tier_block_price_id(tier, 1) if tier <= 15 else 0x050F + tier - 16


def _check(value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"{value} is outside {low}..{high}")


# Delivered Price attribute IDs that have a "Received" copy at 0x8000 + id (Wireshark's
# list, se-ids.md). CO2 and Tariff Resolution Period are exceptions handled below.
_RECEIVED_RANGES = ((0x0000, 0x002F), (0x0100, 0x010E), (0x0200, 0x0203), (0x0400, 0x04FF),
                    (0x050F, 0x052F), (0x0610, 0x0613), (0x0700, 0x0702), (0x0704, 0x0704))


def _add_global_attributes(attrs: dict[str, ZCLAttributeDef]) -> None:
    # Fresh definitions: zigpy names (mutates) the ones in foundation when a cluster uses them.
    attrs["cluster_revision"] = ZCLAttributeDef(id=0xFFFD, type=t.uint16_t, access="r")
    attrs["reporting_status"] = ZCLAttributeDef(
        id=0xFFFE, type=foundation.AttributeReportingStatus, access="r")


def _price_attributes() -> dict[str, ZCLAttributeDef]:
    attrs: dict[str, ZCLAttributeDef] = {}

    def add(name: str, attr_id: int, typ: Any) -> None:
        attrs[name] = ZCLAttributeDef(id=attr_id, type=typ, access="r")

    for n in range(1, 49):
        add(f"tier{n}_price_label", tier_label_id(n), t.LVBytes)
    for n in range(1, 16):
        add(f"block{n}_threshold", block_threshold_id(n), t.uint48_t)
    add("block_threshold_count", 0x010F, t.uint8_t)
    for tier in range(1, 16):
        for n in range(1, 16):
            add(f"tier{tier}_block{n}_threshold", tier_block_threshold_id(tier, n), t.uint48_t)
        add(f"tier{tier}_block_threshold_count", 0x011F + 0x10 * (tier - 1), t.uint8_t)
    add("start_of_block_period", 0x0200, t.UTCTime)
    add("block_period_duration", 0x0201, t.uint24_t)
    add("threshold_multiplier", 0x0202, t.uint24_t)
    add("threshold_divisor", 0x0203, t.uint24_t)
    add("block_period_duration_type", 0x0204, t.bitmap8)
    add("commodity_type", 0x0300, CommodityType)
    add("standing_charge", 0x0301, t.uint32_t)
    add("conversion_factor", 0x0302, t.uint32_t)
    add("conversion_factor_trailing_digit", 0x0303, t.bitmap8)
    add("calorific_value", 0x0304, t.uint32_t)
    add("calorific_value_unit", 0x0305, CalorificValueUnit)
    add("calorific_value_trailing_digit", 0x0306, t.bitmap8)
    for n in range(1, 17):
        add(f"no_tier_block{n}_price", no_tier_block_price_id(n), t.uint32_t)
    for tier in range(1, 16):
        for n in range(1, 17):
            add(f"tier{tier}_block{n}_price", tier_block_price_id(tier, n), t.uint32_t)
    for n in range(16, 49):
        add(f"price_tier{n}", price_tier_id(n), t.uint32_t)
    add("cpp1_price", 0x05FE, t.uint32_t)
    add("cpp2_price", 0x05FF, t.uint32_t)
    add("tariff_label", 0x0610, t.LVBytes)
    add("number_of_price_tiers_in_use", 0x0611, t.uint8_t)
    add("number_of_block_thresholds_in_use", 0x0612, t.uint8_t)
    add("tier_block_mode", 0x0613, TierBlockMode)
    add("unit_of_measure", 0x0615, t.enum8)
    add("currency", 0x0616, t.uint16_t)
    add("price_trailing_digit", 0x0617, t.bitmap8)
    add("tariff_resolution_period", 0x0619, TariffResolutionPeriod)
    add("co2", 0x0620, t.uint32_t)
    add("co2_unit", 0x0621, t.enum8)
    add("co2_trailing_digit", 0x0622, t.bitmap8)
    add("current_billing_period_start", 0x0700, t.UTCTime)
    add("current_billing_period_duration", 0x0701, t.uint24_t)
    add("last_billing_period_start", 0x0702, t.UTCTime)
    add("last_billing_period_duration", 0x0703, t.uint24_t)
    add("last_billing_period_consolidated_bill", 0x0704, t.uint32_t)
    add("credit_payment_due_date", 0x0800, t.UTCTime)
    add("credit_payment_status", 0x0801, CreditPaymentStatus)
    add("credit_payment_over_due_amount", 0x0802, t.int32s)
    add("payment_discount", 0x080A, t.int32s)
    add("payment_discount_period", 0x080B, t.enum8)
    for n in range(1, 6):
        base = 0x0810 + 0x10 * (n - 1)
        add(f"credit_payment_{n}", base, t.uint32_t)
        add(f"credit_payment_date_{n}", base + 1, t.UTCTime)
        add(f"credit_payment_ref_{n}", base + 2, t.LVBytes)
    # Export ("received") copies of the tariff: same types at 0x8000 + id.
    for name, attr in list(attrs.items()):
        if any(low <= attr.id <= high for low, high in _RECEIVED_RANGES):
            add(f"received_{name}", 0x8000 + attr.id, attr.type)
    add("received_tariff_resolution_period", 0x8615, TariffResolutionPeriod)
    add("received_co2", 0x8625, t.uint32_t)
    add("received_co2_unit", 0x8626, t.enum8)
    add("received_co2_trailing_digit", 0x8627, t.bitmap8)
    _add_global_attributes(attrs)
    return attrs


_PUBLISH_PRICE_SCHEMA: dict[str, Any] = {
    "provider_id": t.uint32_t,
    "rate_label": t.LVBytes,
    "issuer_event_id": t.uint32_t,
    "current_time": t.UTCTime,
    "unit_of_measure": t.enum8,
    "currency": t.uint16_t,
    "price_trailing_digit_and_price_tier": t.bitmap8,
    "number_of_price_tiers_and_register_tier": t.bitmap8,
    "start_time": t.UTCTime,
    "duration_in_minutes": t.uint16_t,
    "price": t.uint32_t,
    # Optional from here on: older meters stop after Price.
    "price_ratio?": t.uint8_t,
    "generation_price?": t.uint32_t,
    "generation_price_ratio?": t.uint8_t,
    "alternate_cost_delivered?": t.uint32_t,
    "alternate_cost_unit?": t.enum8,
    "alternate_cost_trailing_digit?": t.bitmap8,
    "number_of_block_thresholds?": t.uint8_t,
    "price_control?": PriceControl,
    "number_of_generation_tiers?": t.uint8_t,
    "generation_tier?": t.enum8,
    "extended_number_of_price_tiers?": t.enum8,
    "extended_price_tier?": t.enum8,
    "extended_register_tier?": t.enum8,
}

_EVENT_QUERY: dict[str, Any] = {
    "earliest_start_time": t.UTCTime,
    "min_issuer_event_id": t.uint32_t,
    "number_of_commands": t.uint8_t,
}


class Price(zse.Price):
    """Price cluster (0x0700) with its attributes and commands."""

    AttributeDefs = type("AttributeDefs", (BaseAttributeDefs,), _price_attributes())

    class ServerCommandDefs(BaseCommandDefs):
        get_current_price: Final = ZCLCommandDef(
            id=0x00, schema={"command_options": CommandOptions})
        get_scheduled_prices: Final = ZCLCommandDef(
            id=0x01, schema={"start_time": t.UTCTime, "number_of_events": t.uint8_t})
        price_acknowledgement: Final = ZCLCommandDef(id=0x02, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "price_ack_time": t.UTCTime, "control": PriceControl})
        get_block_period: Final = ZCLCommandDef(id=0x03, schema={
            "start_time": t.UTCTime, "number_of_events": t.uint8_t,
            "tariff_type?": TariffType})
        get_conversion_factor: Final = ZCLCommandDef(id=0x04, schema=_EVENT_QUERY)
        get_calorific_value: Final = ZCLCommandDef(id=0x05, schema=_EVENT_QUERY)
        get_tariff_information: Final = ZCLCommandDef(
            id=0x06, schema={**_EVENT_QUERY, "tariff_type": TariffType})
        get_price_matrix: Final = ZCLCommandDef(id=0x07, schema={"issuer_tariff_id": t.uint32_t})
        get_block_thresholds: Final = ZCLCommandDef(
            id=0x08, schema={"issuer_tariff_id": t.uint32_t})
        get_co2_value: Final = ZCLCommandDef(
            id=0x09, schema={**_EVENT_QUERY, "tariff_type?": TariffType})
        get_tier_labels: Final = ZCLCommandDef(id=0x0A, schema={"issuer_tariff_id": t.uint32_t})
        get_billing_period: Final = ZCLCommandDef(
            id=0x0B, schema={**_EVENT_QUERY, "tariff_type?": TariffType})
        get_consolidated_bill: Final = ZCLCommandDef(
            id=0x0C, schema={**_EVENT_QUERY, "tariff_type?": TariffType})
        cpp_event_response: Final = ZCLCommandDef(
            id=0x0D, schema={"issuer_event_id": t.uint32_t, "cpp_auth": CppAuth})
        get_credit_payment: Final = ZCLCommandDef(
            id=0x0E, schema={"latest_end_time": t.UTCTime, "number_of_records": t.uint8_t})
        get_currency_conversion: Final = ZCLCommandDef(id=0x0F, schema={})
        get_tariff_cancellation: Final = ZCLCommandDef(id=0x10, schema={})

    class ClientCommandDefs(BaseCommandDefs):
        publish_price: Final = ZCLCommandDef(id=0x00, schema=_PUBLISH_PRICE_SCHEMA)
        publish_block_period: Final = ZCLCommandDef(id=0x01, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "block_period_start_time": t.UTCTime, "block_period_duration": t.uint24_t,
            "block_period_control": BlockPeriodControl, "block_period_duration_type": t.bitmap8,
            "tariff_type": TariffType, "tariff_resolution_period": TariffResolutionPeriod})
        publish_conversion_factor: Final = ZCLCommandDef(id=0x02, schema={
            "issuer_event_id": t.uint32_t, "start_time": t.UTCTime,
            "conversion_factor": t.uint32_t, "conversion_factor_trailing_digit": t.bitmap8})
        publish_calorific_value: Final = ZCLCommandDef(id=0x03, schema={
            "issuer_event_id": t.uint32_t, "start_time": t.UTCTime,
            "calorific_value": t.uint32_t, "calorific_value_unit": CalorificValueUnit,
            "calorific_value_trailing_digit": t.bitmap8})
        publish_tariff_information: Final = ZCLCommandDef(id=0x04, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_tariff_id": t.uint32_t, "start_time": t.UTCTime,
            "tariff_type_and_charging_scheme": t.bitmap8, "tariff_label": t.LVBytes,
            "number_of_price_tiers_in_use": t.uint8_t,
            "number_of_block_thresholds_in_use": t.uint8_t, "unit_of_measure": t.enum8,
            "currency": t.uint16_t, "price_trailing_digit": t.bitmap8,
            "standing_charge": t.uint32_t, "tier_block_mode": TierBlockMode,
            "block_threshold_multiplier": t.uint24_t, "block_threshold_divisor": t.uint24_t})
        publish_price_matrix: Final = ZCLCommandDef(id=0x05, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "start_time": t.UTCTime, "issuer_tariff_id": t.uint32_t,
            "command_index": t.uint8_t, "total_number_of_commands": t.uint8_t,
            "sub_payload_control": t.bitmap8, "entries": PriceMatrixEntries})
        publish_block_thresholds: Final = ZCLCommandDef(id=0x06, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "start_time": t.UTCTime, "issuer_tariff_id": t.uint32_t,
            "command_index": t.uint8_t, "total_number_of_commands": t.uint8_t,
            "sub_payload_control": t.bitmap8, "thresholds": BlockThresholdSet})
        publish_co2_value: Final = ZCLCommandDef(id=0x07, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "start_time": t.UTCTime, "tariff_type": TariffType, "co2_value": t.uint32_t,
            "co2_unit": t.enum8, "co2_value_trailing_digit": t.bitmap8})
        publish_tier_labels: Final = ZCLCommandDef(id=0x08, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_tariff_id": t.uint32_t, "command_index": t.uint8_t,
            "total_number_of_commands": t.uint8_t, "number_of_labels": t.uint8_t,
            "labels": TierLabelEntries})
        publish_billing_period: Final = ZCLCommandDef(id=0x09, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "billing_period_start_time": t.UTCTime, "billing_period_duration": t.bitmap24,
            "billing_period_duration_type": t.bitmap8, "tariff_type": TariffType})
        publish_consolidated_bill: Final = ZCLCommandDef(id=0x0A, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "billing_period_start_time": t.UTCTime, "billing_period_duration": t.bitmap24,
            "billing_period_duration_type": t.bitmap8, "tariff_type": TariffType,
            "consolidated_bill": t.uint32_t, "currency": t.uint16_t,
            "bill_trailing_digit": t.bitmap8})
        publish_cpp_event: Final = ZCLCommandDef(id=0x0B, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "start_time": t.UTCTime, "duration_in_minutes": t.uint16_t,
            "tariff_type": TariffType, "cpp_price_tier": CppPriceTier, "cpp_auth": CppAuth})
        publish_credit_payment: Final = ZCLCommandDef(id=0x0C, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "credit_payment_due_date": t.UTCTime,
            "credit_payment_overdue_amount": t.uint32_t,
            "credit_payment_status": CreditPaymentStatus,
            "credit_payment": t.uint32_t, "credit_payment_date": t.UTCTime,
            "credit_payment_ref": t.LVBytes})
        publish_currency_conversion: Final = ZCLCommandDef(id=0x0D, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "start_time": t.UTCTime, "old_currency": t.uint16_t, "new_currency": t.uint16_t,
            "conversion_factor": t.uint32_t, "conversion_factor_trailing_digit": t.bitmap8,
            "currency_change_control_flags": t.bitmap32})
        cancel_tariff: Final = ZCLCommandDef(id=0x0E, schema={
            "provider_id": t.uint32_t, "issuer_tariff_id": t.uint32_t,
            "tariff_type": TariffType})


# ----------------------------------------------------------------------------------------
# Messaging 0x0703

_DISPLAY_MESSAGE_SCHEMA: dict[str, Any] = {
    "message_id": t.uint32_t,
    "message_control": MessageControl,
    "start_time": t.UTCTime,
    "duration_in_minutes": t.uint16_t,
    "message": t.CharacterString,
    "extended_message_control?": ExtendedMessageControl,
}


class Messaging(zse.Messaging):
    class ServerCommandDefs(BaseCommandDefs):
        get_last_message: Final = ZCLCommandDef(id=0x00, schema={})
        message_confirmation: Final = ZCLCommandDef(id=0x01, schema={
            "message_id": t.uint32_t, "confirmation_time": t.UTCTime,
            "message_confirmation_control?": MessageConfirmationControl,
            "message_response?": t.LVBytes})
        get_message_cancellation: Final = ZCLCommandDef(
            id=0x02, schema={"earliest_implementation_time": t.UTCTime})

    class ClientCommandDefs(BaseCommandDefs):
        display_message: Final = ZCLCommandDef(id=0x00, schema=_DISPLAY_MESSAGE_SCHEMA)
        cancel_message: Final = ZCLCommandDef(id=0x01, schema={
            "message_id": t.uint32_t, "message_control": MessageControl})
        display_protected_message: Final = ZCLCommandDef(id=0x02,
                                                         schema=_DISPLAY_MESSAGE_SCHEMA)
        cancel_all_messages: Final = ZCLCommandDef(
            id=0x03, schema={"implementation_time": t.UTCTime})


# ----------------------------------------------------------------------------------------
# Prepayment 0x0705


def _prepayment_attributes() -> dict[str, ZCLAttributeDef]:
    attrs: dict[str, ZCLAttributeDef] = {}

    def add(name: str, attr_id: int, typ: Any) -> None:
        attrs[name] = ZCLAttributeDef(id=attr_id, type=typ, access="r")

    add("payment_control_configuration", 0x0000, PaymentControlConfiguration)
    add("credit_remaining", 0x0001, t.int32s)
    add("emergency_credit_remaining", 0x0002, t.int32s)
    add("credit_status", 0x0003, CreditStatus)
    add("credit_remaining_timestamp", 0x0004, t.UTCTime)
    add("accumulated_debt", 0x0005, t.int32s)
    add("overall_debt_cap", 0x0006, t.int32s)
    add("emergency_credit_limit_allowance", 0x0010, t.uint32_t)
    add("emergency_credit_threshold", 0x0011, t.uint32_t)
    add("total_credit_added", 0x0020, t.uint48_t)
    add("max_credit_limit", 0x0021, t.uint32_t)
    add("max_credit_per_top_up", 0x0022, t.uint32_t)
    add("friendly_credit_warning", 0x0030, t.uint8_t)
    add("low_credit_warning", 0x0031, t.uint32_t)
    add("ihd_low_credit_warning", 0x0032, t.uint32_t)
    add("interrupt_suspend_time", 0x0033, t.uint8_t)
    add("remaining_friendly_credit_time", 0x0034, t.uint16_t)
    add("next_friendly_credit_period", 0x0035, t.UTCTime)
    add("cut_off_value", 0x0040, t.int32s)
    add("token_carrier_id", 0x0080, t.LVBytes)
    for n in range(1, 6):
        base = 0x0100 + 0x10 * (n - 1)
        add(f"top_up_date_time_{n}", base, t.UTCTime)
        add(f"top_up_amount_{n}", base + 1, t.int32s)
        add(f"originating_device_{n}", base + 2, OriginatingDevice)
        add(f"top_up_code_{n}", base + 3, t.LVBytes)
    for n in range(1, 4):
        base = 0x0210 + 0x10 * (n - 1)
        add(f"debt_label_{n}", base, t.LVBytes)
        add(f"debt_amount_{n}", base + 1, t.uint32_t)
        add(f"debt_recovery_method_{n}", base + 2, DebtRecoveryMethod)
        add(f"debt_recovery_start_time_{n}", base + 3, t.UTCTime)
        add(f"debt_recovery_collection_time_{n}", base + 4, t.uint16_t)
        add(f"debt_recovery_frequency_{n}", base + 6, DebtRecoveryFrequency)
        add(f"debt_recovery_amount_{n}", base + 7, t.uint32_t)
        add(f"debt_recovery_top_up_percentage_{n}", base + 9, t.uint16_t)
    add("prepayment_alarm_status", 0x0400, PrepaymentAlarmStatus)
    add("prepay_generic_alarm_mask", 0x0401, t.bitmap16)
    add("prepay_switch_alarm_mask", 0x0402, t.bitmap16)
    add("prepay_event_alarm_mask", 0x0403, t.bitmap16)
    add("historical_cost_consumption_formatting", 0x0500, t.bitmap8)
    add("consumption_unit_of_measurement", 0x0501, t.enum8)
    add("currency_scaling_factor", 0x0502, t.enum8)
    add("currency", 0x0503, t.uint16_t)
    names = ["current_day", "previous_day"] + [f"previous_day_{n}" for n in range(2, 9)]
    for i, name in enumerate(names):
        add(f"{name}_cost_consumption_delivered", 0x051C + 2 * i, t.uint48_t)
        add(f"{name}_cost_consumption_received", 0x051D + 2 * i, t.uint48_t)
    weeks = ["current_week", "previous_week"] + [f"previous_week_{n}" for n in range(2, 6)]
    for i, name in enumerate(weeks):
        add(f"{name}_cost_consumption_delivered", 0x0530 + 2 * i, t.uint48_t)
        add(f"{name}_cost_consumption_received", 0x0531 + 2 * i, t.uint48_t)
    months = ["current_month", "previous_month"] + [f"previous_month_{n}" for n in range(2, 14)]
    for i, name in enumerate(months):
        add(f"{name}_cost_consumption_delivered", 0x0540 + 2 * i, t.uint48_t)
        add(f"{name}_cost_consumption_received", 0x0541 + 2 * i, t.uint48_t)
    add("historical_freeze_time", 0x055C, t.uint16_t)
    _add_global_attributes(attrs)
    return attrs


_SNAPSHOT_QUERY: dict[str, Any] = {
    "earliest_start_time": t.UTCTime, "latest_end_time": t.UTCTime,
    "snapshot_offset": t.uint8_t, "snapshot_cause": t.bitmap32}


class Prepayment(zse.Prepayment):
    """Prepayment cluster (0x0705) with its attributes and commands."""

    AttributeDefs = type("AttributeDefs", (BaseAttributeDefs,), _prepayment_attributes())

    class ServerCommandDefs(BaseCommandDefs):
        select_available_emergency_credit: Final = ZCLCommandDef(id=0x00, schema={
            "command_issue_date_time": t.UTCTime, "originating_device": OriginatingDevice})
        change_debt: Final = ZCLCommandDef(id=0x02, schema={
            "issuer_event_id": t.uint32_t, "debt_label": t.LVBytes,
            "debt_amount": t.int32s, "debt_recovery_method": DebtRecoveryMethod,
            "debt_amount_type": DebtAmountType, "debt_recovery_start_time": t.UTCTime,
            "debt_recovery_collection_time": t.uint16_t,
            "debt_recovery_frequency": DebtRecoveryFrequency, "debt_recovery_amount": t.int32s,
            "debt_recovery_balance_percentage": t.uint16_t})
        emergency_credit_setup: Final = ZCLCommandDef(id=0x03, schema={
            "issuer_event_id": t.uint32_t, "start_time": t.UTCTime,
            "emergency_credit_limit": t.uint32_t, "emergency_credit_threshold": t.uint32_t})
        consumer_top_up: Final = ZCLCommandDef(id=0x04, schema={
            "originating_device": OriginatingDevice, "top_up_code": t.LVBytes})
        credit_adjustment: Final = ZCLCommandDef(id=0x05, schema={
            "issuer_event_id": t.uint32_t, "start_time": t.UTCTime,
            "credit_adjustment_type": CreditAdjustmentType, "credit_adjustment_value": t.int32s})
        change_payment_mode: Final = ZCLCommandDef(id=0x06, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "implementation_date_time": t.UTCTime,
            "proposed_payment_control_configuration": PaymentControlConfiguration,
            "cut_off_value": t.int32s})
        get_prepay_snapshot: Final = ZCLCommandDef(id=0x07, schema=_SNAPSHOT_QUERY)
        get_top_up_log: Final = ZCLCommandDef(
            id=0x08, schema={"latest_end_time": t.UTCTime, "number_of_records": t.uint8_t})
        set_low_credit_warning_level: Final = ZCLCommandDef(
            id=0x09, schema={"low_credit_warning_level": t.uint32_t})
        get_debt_repayment_log: Final = ZCLCommandDef(id=0x0A, schema={
            "latest_end_time": t.UTCTime, "number_of_debts": t.uint8_t,
            "debt_type": DebtType})
        set_maximum_credit_limit: Final = ZCLCommandDef(id=0x0B, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "implementation_date_time": t.UTCTime, "maximum_credit_level": t.uint32_t,
            "maximum_credit_per_top_up": t.uint32_t})
        set_overall_debt_cap: Final = ZCLCommandDef(id=0x0C, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "implementation_date_time": t.UTCTime, "overall_debt_cap": t.int32s})

    class ClientCommandDefs(BaseCommandDefs):
        publish_prepay_snapshot: Final = ZCLCommandDef(id=0x01, schema={
            "snapshot_id": t.uint32_t, "snapshot_time": t.UTCTime,
            "total_snapshots_found": t.uint8_t, "command_index": t.uint8_t,
            "total_number_of_commands": t.uint8_t, "snapshot_cause": t.bitmap32,
            "snapshot_payload_type": PrepaySnapshotPayloadType,
            "snapshot_payload": RemainingBytes})
        change_payment_mode_response: Final = ZCLCommandDef(id=0x02, schema={
            "friendly_credit": FriendlyCredit, "friendly_credit_calendar_id": t.uint32_t,
            "emergency_credit_limit": t.uint32_t, "emergency_credit_threshold": t.uint32_t})
        consumer_top_up_response: Final = ZCLCommandDef(id=0x03, schema={
            "result_type": TopUpResultType, "top_up_value": t.int32s,
            "source_of_top_up": OriginatingDevice, "credit_remaining": t.int32s})
        publish_top_up_log: Final = ZCLCommandDef(id=0x05, schema={
            "command_index": t.uint8_t, "total_number_of_commands": t.uint8_t,
            "top_ups": TopUpLogEntries})
        publish_debt_log: Final = ZCLCommandDef(id=0x06, schema={
            "command_index": t.uint8_t, "total_number_of_commands": t.uint8_t,
            "debt_payloads": DebtLogEntries})


# ----------------------------------------------------------------------------------------
# Metering 0x0702: zigpy's, with formatting types corrected and the IHD history added


def _metering_attributes() -> dict[str, ZCLAttributeDef]:
    attrs = {a.name: a for a in zse.Metering.AttributeDefs}

    def put(name: str, attr_id: int, typ: Any) -> None:
        for existing_name, existing in list(attrs.items()):
            if existing.id == attr_id:
                del attrs[existing_name]
        attrs[name] = ZCLAttributeDef(id=attr_id, type=typ, access="r")

    # SL, ZS and herdsman agree these are map8; zigpy says uint8/enum8 (se-clusters §2.5).
    put("summation_formatting", 0x0303, t.bitmap8)
    put("demand_formatting", 0x0304, t.bitmap8)
    put("historical_consumption_formatting", 0x0305, t.bitmap8)
    put("metering_device_type", 0x0306, t.bitmap8)
    for n in range(2, 9):
        put(f"previous_day{n}_consumption_delivered", 0x0420 + 2 * (n - 2), t.uint24_t)
        put(f"previous_day{n}_consumption_received", 0x0421 + 2 * (n - 2), t.uint24_t)
    put("current_week_consumption_delivered", 0x0430, t.uint24_t)
    put("current_week_consumption_received", 0x0431, t.uint24_t)
    for n in range(1, 6):
        put(f"previous_week{n}_consumption_delivered", 0x0432 + 2 * (n - 1), t.uint24_t)
        put(f"previous_week{n}_consumption_received", 0x0433 + 2 * (n - 1), t.uint24_t)
    put("current_month_consumption_delivered", 0x0440, t.uint32_t)
    put("current_month_consumption_received", 0x0441, t.uint32_t)
    for n in range(1, 14):
        put(f"previous_month{n}_consumption_delivered", 0x0442 + 2 * (n - 1), t.uint32_t)
        put(f"previous_month{n}_consumption_received", 0x0443 + 2 * (n - 1), t.uint32_t)
    put("interval_read_reporting_period", 0x0010, t.uint16_t)
    for n in range(16, 49):  # zigpy stops at tier 15
        put(f"current_tier{n}_summ_delivered", 0x0100 + 2 * (n - 1), t.uint48_t)
        put(f"current_tier{n}_summ_received", 0x0101 + 2 * (n - 1), t.uint48_t)
    put("cpp1_summation_delivered", 0x01FC, t.uint48_t)
    put("cpp2_summation_delivered", 0x01FE, t.uint48_t)
    put("historical_freeze_time", 0x045C, t.uint16_t)
    put("bill_to_date_delivered", 0x0A00, t.uint32_t)
    put("bill_to_date_time_stamp_delivered", 0x0A01, t.UTCTime)
    put("projected_bill_delivered", 0x0A02, t.uint32_t)
    put("projected_bill_time_stamp_delivered", 0x0A03, t.UTCTime)
    put("bill_delivered_trailing_digit", 0x0A04, t.bitmap8)
    return attrs


def _retyped(defs: type[BaseCommandDefs], changes: Mapping[str, Mapping[str, Any]],
             replaced: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """zigpy's command definitions with some fields' types changed (same names, order
    and optional markers) and some schemas replaced whole."""
    out: dict[str, Any] = {}
    for command in defs:
        if replaced and command.name in replaced:
            schema: Mapping[str, Any] = replaced[command.name]
        else:
            fix = changes.get(command.name, {})
            schema = {f.name + ("?" if f.optional else ""): fix.get(f.name, f.type)
                      for f in command.schema.fields}
        out[command.name] = ZCLCommandDef(id=command.id, schema=dict(schema),
                                          direction=command.direction)
    return out


# ami.xml gives these command fields named enumerations where zigpy has uint8 (one byte
# either way); ConfigureNotificationFlag carries one flat sub-payload, not a list.
_METERING_SERVER_ENUMS = {
    "get_profile": {"interval_channel": t.enum8},
    "start_sampling": {"sample_type": t.enum8},
    "get_sampled_data": {"sample_type": t.enum8},
    "change_supply": {"proposed_supply_status": t.enum8},
    "local_change_supply": {"proposed_supply_status": t.enum8},
    "set_supply_status": {"supply_tamper_state": t.enum8, "supply_depletion_state": t.enum8,
                          "supply_uncontrolled_flow_state": t.enum8,
                          "load_limit_supply_state": t.enum8},
    "set_uncontrolled_flow_threshold": {"unit_of_measure": t.enum8},
}
_METERING_CLIENT_ENUMS = {
    "get_profile_response": {"status": t.enum8, "profile_interval_period": t.enum8},
    "take_snapshot_response": {"snapshot_confirmation": t.enum8},
    "get_sampled_data_response": {"sample_type": t.enum8},
    "supply_status_response": {"supply_status": t.enum8},
}
_METERING_CLIENT_REPLACED = {
    "configure_notification_flag": {
        "issuer_event_id": t.uint32_t, "notification_scheme": t.uint8_t,
        "notification_flag_attribute_id": t.uint16_t, "bit_field_allocation": t.uint16_t,
        "manufacturer_code": t.uint16_t, "number_of_commands": t.uint8_t,
        "command_ids": RemainingBytes},
}


class Metering(zse.Metering):
    """zigpy's Metering (0x0702) with map8 formatting/device-type attributes and the
    day/week/month history, tiers 16-48 and bill-to-date attributes an IHD reads;
    commands as zigpy defines them, with the field types ami.xml gives."""

    AttributeDefs = type("AttributeDefs", (BaseAttributeDefs,), _metering_attributes())
    ServerCommandDefs = type("ServerCommandDefs", (BaseCommandDefs,), _retyped(
        zse.Metering.ServerCommandDefs, _METERING_SERVER_ENUMS))
    ClientCommandDefs = type("ClientCommandDefs", (BaseCommandDefs,), _retyped(
        zse.Metering.ClientCommandDefs, _METERING_CLIENT_ENUMS, _METERING_CLIENT_REPLACED))


# ----------------------------------------------------------------------------------------
# Device Management 0x0708: the change-of-tenancy announcement an IHD must act on.


class DeviceManagement(zse.DeviceManagement):
    class AttributeDefs(BaseAttributeDefs):
        provider_id: Final = ZCLAttributeDef(id=0x0100, type=t.uint32_t, access="r")
        provider_name: Final = ZCLAttributeDef(id=0x0101, type=t.LVBytes, access="r")
        provider_contact_details: Final = ZCLAttributeDef(id=0x0102, type=t.LVBytes,
                                                          access="r")
        proposed_provider_id: Final = ZCLAttributeDef(id=0x0110, type=t.uint32_t, access="r")
        proposed_provider_name: Final = ZCLAttributeDef(id=0x0111, type=t.LVBytes, access="r")
        proposed_provider_change_date_time: Final = ZCLAttributeDef(
            id=0x0112, type=t.UTCTime, access="r")
        proposed_provider_change_control: Final = ZCLAttributeDef(
            id=0x0113, type=t.bitmap32, access="r")
        change_of_tenancy_update_date_time: Final = ZCLAttributeDef(
            id=0x0200, type=t.UTCTime, access="r")
        proposed_tenancy_change_control: Final = ZCLAttributeDef(
            id=0x0201, type=t.bitmap32, access="r")

    class ServerCommandDefs(BaseCommandDefs):
        get_change_of_tenancy: Final = ZCLCommandDef(id=0x00, schema={})
        get_change_of_supplier: Final = ZCLCommandDef(id=0x01, schema={})

    class ClientCommandDefs(BaseCommandDefs):
        publish_change_of_tenancy: Final = ZCLCommandDef(id=0x00, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "tariff_type": t.enum8, "implementation_date_time": t.UTCTime,
            "proposed_tenancy_change_control": t.bitmap32})
        publish_change_of_supplier: Final = ZCLCommandDef(id=0x01, schema={
            "current_provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "tariff_type": t.enum8, "proposed_provider_id": t.uint32_t,
            "provider_change_implementation_time": t.UTCTime,
            "provider_change_control": t.bitmap32, "proposed_provider_name": t.LVBytes,
            "proposed_provider_contact_details": t.LVBytes})


# ----------------------------------------------------------------------------------------
# Key Establishment 0x0800 (CBKE): IDs and fixed fields; key material as raw bytes.


class KeyEstablishment(zse.KeyEstablishment):
    class AttributeDefs(BaseAttributeDefs):
        key_establishment_suite: Final = ZCLAttributeDef(id=0x0000, type=t.enum16,
                                                         access="r", mandatory=True)

    class ServerCommandDefs(BaseCommandDefs):
        initiate_key_establishment_request: Final = ZCLCommandDef(id=0x00, schema={
            "key_establishment_suite": KeyEstablishmentSuite,
            "ephemeral_data_generate_time": t.uint8_t,
            "confirm_key_generate_time": t.uint8_t, "identity": RemainingBytes})
        ephemeral_data_request: Final = ZCLCommandDef(
            id=0x01, schema={"ephemeral_data": RemainingBytes})
        confirm_key_data_request: Final = ZCLCommandDef(
            id=0x02, schema={"secure_message_authentication_code": RemainingBytes})
        terminate_key_establishment: Final = ZCLCommandDef(id=0x03, schema={
            "status_code": TerminateStatus, "wait_time": t.uint8_t,
            "key_establishment_suite": KeyEstablishmentSuite})

    class ClientCommandDefs(BaseCommandDefs):
        initiate_key_establishment_response: Final = ZCLCommandDef(id=0x00, schema={
            "requested_key_establishment_suite": KeyEstablishmentSuite,
            "ephemeral_data_generate_time": t.uint8_t,
            "confirm_key_generate_time": t.uint8_t, "identity": RemainingBytes})
        ephemeral_data_response: Final = ZCLCommandDef(
            id=0x01, schema={"ephemeral_data": RemainingBytes})
        confirm_key_data_response: Final = ZCLCommandDef(
            id=0x02, schema={"secure_message_authentication_code": RemainingBytes})
        terminate_key_establishment: Final = ZCLCommandDef(id=0x03, schema={
            "status_code": TerminateStatus, "wait_time": t.uint8_t,
            "key_establishment_suite": KeyEstablishmentSuite})
