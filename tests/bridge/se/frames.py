"""Byte vectors for every SE command we define, written out by hand from the field tables
of shared/reference/se-clusters.md (§1.4-§4.4) and the worked examples of its §8.

Each vector: (cluster class, defs side, command name, fields, expected payload bytes).
"client" = ClientCommandDefs (server→client, what the IHD receives); "server" =
ServerCommandDefs (client→server, what the IHD sends).
"""

from __future__ import annotations

import struct
from typing import Any

import bridge.se  # noqa: F401  (registers the clusters)
from bridge.se.clusters import KeyEstablishment, Messaging, Metering, Prepayment, Price


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


CLUSTER_IDS: dict[type, int] = {Price: 0x0700, Metering: 0x0702, Messaging: 0x0703,
                                Prepayment: 0x0705, KeyEstablishment: 0x0800}

# §8 golden ZCL frames (header + payload).
GOLDEN_PUBLISH_PRICE = h(
    "09 01 00 44 33 22 11 08 53 74 61 6e 64 61 72 64 0d 0c 0b 0a 00 00 00 2b 00 3a 03"
    " 51 11 00 00 00 00 ff ff 92 09 00 00 ff ff ff ff ff ff ff ff ff ff ff ff ff"
    " 00 00 00 00 00 00")
GOLDEN_PUBLISH_BLOCK_PERIOD = h(
    "09 01 01 44 33 22 11 0e 0c 0b 0a 00 00 00 2b a0 05 00 00 01 00 02")
GOLDEN_TARIFF_INFORMATION = h(
    "09 01 04 44 33 22 11 0f 0c 0b 0a 07 00 00 00 00 00 00 00 00 06 54 61 72 69 66 66"
    " 02 00 00 3a 03 50 72 14 00 00 ff 01 00 00 01 00 00")
GOLDEN_PRICE_MATRIX = h(
    "09 01 05 44 33 22 11 11 0c 0b 0a 00 00 00 00 07 00 00 00 00 01 01 01 92 09 00 00"
    " 02 b0 04 00 00")
GOLDEN_BLOCK_THRESHOLDS = h(
    "09 01 06 44 33 22 11 10 0c 0b 0a 00 00 00 00 07 00 00 00 00 01 00 12 e8 03 00 00"
    " 00 00 d0 07 00 00 00 00 21 b8 0b 00 00 00 00")
GOLDEN_GET_PROFILE_RESPONSE = h("09 01 00 00 00 00 2b 00 02 03 64 00 00 c8 00 00 2c 01 00")
GOLDEN_CONSUMER_TOP_UP = h(
    "01 01 04 02 14 37 33 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38")
GOLDEN_TOP_UP_RESPONSE = h("09 01 03 00 e8 03 00 00 02 c4 09 00 00")
GOLDEN_DISPLAY_MESSAGE = h("09 01 00 42 00 00 00 88 00 00 00 00 ff ff 05 48 65 6c 6c 6f 00")

PUBLISH_PRICE_FIELDS: dict[str, Any] = {
    "provider_id": 0x11223344, "rate_label": b"Standard", "issuer_event_id": 0x0A0B0C0D,
    "current_time": 0x2B000000, "unit_of_measure": 0, "currency": 826,
    "price_trailing_digit_and_price_tier": 0x51,
    "number_of_price_tiers_and_register_tier": 0x11, "start_time": 0,
    "duration_in_minutes": 0xFFFF, "price": 2450, "price_ratio": 0xFF,
    "generation_price": 0xFFFFFFFF, "generation_price_ratio": 0xFF,
    "alternate_cost_delivered": 0xFFFFFFFF, "alternate_cost_unit": 0xFF,
    "alternate_cost_trailing_digit": 0xFF, "number_of_block_thresholds": 0xFF,
    "price_control": 0, "number_of_generation_tiers": 0, "generation_tier": 0,
    "extended_number_of_price_tiers": 0, "extended_price_tier": 0,
    "extended_register_tier": 0}
SHORT_PUBLISH_PRICE_FIELDS = {k: v for k, v in list(PUBLISH_PRICE_FIELDS.items())[:11]}

DEBT_CREDIT_PAYLOAD = struct.pack("<iIIIii", 12000, 12000, 0, 0, 750, -250)
CERT_SUITE_2 = bytes(range(74))
EPHEMERAL_SUITE_2 = bytes(range(100, 137))
MAC = bytes(range(200, 216))

# (cluster, side, command, fields, payload)
VECTORS: list[tuple[type, str, str, dict[str, Any], bytes]] = [
    # -- Price, client → server (§1.4)
    (Price, "server", "get_current_price", {"command_options": 1}, h("01")),
    (Price, "server", "get_scheduled_prices",
     {"start_time": 0x01020304, "number_of_events": 5}, h("04030201 05")),
    (Price, "server", "price_acknowledgement",
     {"provider_id": 0x11223344, "issuer_event_id": 0x0A0B0C0D, "price_ack_time": 0x01020304,
      "control": 1}, h("44332211 0d0c0b0a 04030201 01")),
    (Price, "server", "get_block_period", {"start_time": 0, "number_of_events": 1},
     h("00000000 01")),
    (Price, "server", "get_block_period",
     {"start_time": 0, "number_of_events": 1, "tariff_type": 1}, h("00000000 01 01")),
    (Price, "server", "get_conversion_factor",
     {"earliest_start_time": 0x01020304, "min_issuer_event_id": 0xFFFFFFFF,
      "number_of_commands": 0}, h("04030201 ffffffff 00")),
    (Price, "server", "get_calorific_value",
     {"earliest_start_time": 0x01020304, "min_issuer_event_id": 0xFFFFFFFF,
      "number_of_commands": 2}, h("04030201 ffffffff 02")),
    (Price, "server", "get_tariff_information",
     {"earliest_start_time": 0x01020304, "min_issuer_event_id": 1, "number_of_commands": 1,
      "tariff_type": 0}, h("04030201 01000000 01 00")),
    (Price, "server", "get_price_matrix", {"issuer_tariff_id": 7}, h("07000000")),
    (Price, "server", "get_block_thresholds", {"issuer_tariff_id": 7}, h("07000000")),
    (Price, "server", "get_co2_value",
     {"earliest_start_time": 0x01020304, "min_issuer_event_id": 1, "number_of_commands": 1},
     h("04030201 01000000 01")),
    (Price, "server", "get_tier_labels", {"issuer_tariff_id": 7}, h("07000000")),
    (Price, "server", "get_billing_period",
     {"earliest_start_time": 0, "min_issuer_event_id": 0xFFFFFFFF, "number_of_commands": 0,
      "tariff_type": 0}, h("00000000 ffffffff 00 00")),
    (Price, "server", "get_consolidated_bill",
     {"earliest_start_time": 0, "min_issuer_event_id": 0xFFFFFFFF, "number_of_commands": 0},
     h("00000000 ffffffff 00")),
    (Price, "server", "cpp_event_response", {"issuer_event_id": 0x0A0B0C0D, "cpp_auth": 1},
     h("0d0c0b0a 01")),
    (Price, "server", "get_credit_payment",
     {"latest_end_time": 0x01020304, "number_of_records": 3}, h("04030201 03")),
    (Price, "server", "get_currency_conversion", {}, b""),
    (Price, "server", "get_tariff_cancellation", {}, b""),
    # -- Price, server → client (§1.5, §8)
    (Price, "client", "publish_price", PUBLISH_PRICE_FIELDS, GOLDEN_PUBLISH_PRICE[3:]),
    (Price, "client", "publish_price", SHORT_PUBLISH_PRICE_FIELDS,
     GOLDEN_PUBLISH_PRICE[3:3 + 36]),
    (Price, "client", "publish_block_period",
     {"provider_id": 0x11223344, "issuer_event_id": 0x0A0B0C0E,
      "block_period_start_time": 0x2B000000, "block_period_duration": 1440,
      "block_period_control": 0, "block_period_duration_type": 0x01, "tariff_type": 0,
      "tariff_resolution_period": 2}, GOLDEN_PUBLISH_BLOCK_PERIOD[3:]),
    (Price, "client", "publish_conversion_factor",
     {"issuer_event_id": 1, "start_time": 0, "conversion_factor": 102264,
      "conversion_factor_trailing_digit": 0x50}, h("01000000 00000000 788f0100 50")),
    (Price, "client", "publish_calorific_value",
     {"issuer_event_id": 1, "start_time": 0, "calorific_value": 395,
      "calorific_value_unit": 1, "calorific_value_trailing_digit": 0x10},
     h("01000000 00000000 8b010000 01 10")),
    (Price, "client", "publish_tariff_information",
     {"provider_id": 0x11223344, "issuer_event_id": 0x0A0B0C0F, "issuer_tariff_id": 7,
      "start_time": 0, "tariff_type_and_charging_scheme": 0, "tariff_label": b"Tariff",
      "number_of_price_tiers_in_use": 2, "number_of_block_thresholds_in_use": 0,
      "unit_of_measure": 0, "currency": 826, "price_trailing_digit": 0x50,
      "standing_charge": 5234, "tier_block_mode": 0xFF, "block_threshold_multiplier": 1,
      "block_threshold_divisor": 1}, GOLDEN_TARIFF_INFORMATION[3:]),
    (Price, "client", "publish_price_matrix",
     {"provider_id": 0x11223344, "issuer_event_id": 0x0A0B0C11, "start_time": 0,
      "issuer_tariff_id": 7, "command_index": 0, "total_number_of_commands": 1,
      "sub_payload_control": 1,
      "entries": [{"tier_block_id": 1, "price": 2450}, {"tier_block_id": 2, "price": 1200}]},
     GOLDEN_PRICE_MATRIX[3:]),
    (Price, "client", "publish_block_thresholds",
     {"provider_id": 0x11223344, "issuer_event_id": 0x0A0B0C10, "start_time": 0,
      "issuer_tariff_id": 7, "command_index": 0, "total_number_of_commands": 1,
      "sub_payload_control": 0, "thresholds": [(1, [1000, 2000]), (2, [3000])]},
     GOLDEN_BLOCK_THRESHOLDS[3:]),
    (Price, "client", "publish_co2_value",
     {"provider_id": 1, "issuer_event_id": 2, "start_time": 0, "tariff_type": 0,
      "co2_value": 185, "co2_unit": 1, "co2_value_trailing_digit": 0x30},
     h("01000000 02000000 00000000 00 b9000000 01 30")),
    (Price, "client", "publish_tier_labels",
     {"provider_id": 1, "issuer_event_id": 2, "issuer_tariff_id": 7, "command_index": 0,
      "total_number_of_commands": 1, "number_of_labels": 2,
      "labels": [{"tier_id": 1, "tier_label": b"Peak"}, {"tier_id": 2, "tier_label": b"Off"}]},
     h("01000000 02000000 07000000 00 01 02 01 04 5065616b 02 03 4f6666")),
    (Price, "client", "publish_billing_period",
     {"provider_id": 1, "issuer_event_id": 2, "billing_period_start_time": 0x01020304,
      "billing_period_duration": 30, "billing_period_duration_type": 0x03, "tariff_type": 0},
     h("01000000 02000000 04030201 1e0000 03 00")),
    (Price, "client", "publish_consolidated_bill",
     {"provider_id": 1, "issuer_event_id": 2, "billing_period_start_time": 0x01020304,
      "billing_period_duration": 30, "billing_period_duration_type": 0x03, "tariff_type": 0,
      "consolidated_bill": 12345, "currency": 826, "bill_trailing_digit": 0x20},
     h("01000000 02000000 04030201 1e0000 03 00 39300000 3a03 20")),
    (Price, "client", "publish_cpp_event",
     {"provider_id": 1, "issuer_event_id": 2, "start_time": 0, "duration_in_minutes": 60,
      "tariff_type": 0, "cpp_price_tier": 0, "cpp_auth": 1},
     h("01000000 02000000 00000000 3c00 00 00 01")),
    (Price, "client", "publish_credit_payment",
     {"provider_id": 1, "issuer_event_id": 2, "credit_payment_due_date": 0x01020304,
      "credit_payment_overdue_amount": 500, "credit_payment_status": 2,
      "credit_payment": 1000, "credit_payment_date": 0x01020305, "credit_payment_ref": b"AB12"},
     h("01000000 02000000 04030201 f4010000 02 e8030000 05030201 04 41423132")),
    (Price, "client", "publish_currency_conversion",
     {"provider_id": 1, "issuer_event_id": 2, "start_time": 0, "old_currency": 826,
      "new_currency": 978, "conversion_factor": 1150, "conversion_factor_trailing_digit": 0x30,
      "currency_change_control_flags": 3},
     h("01000000 02000000 00000000 3a03 d203 7e040000 30 03000000")),
    (Price, "client", "cancel_tariff",
     {"provider_id": 1, "issuer_tariff_id": 7, "tariff_type": 0}, h("01000000 07000000 00")),
    # -- Metering (zigpy's commands, through our subclass)
    (Metering, "server", "get_profile",
     {"interval_channel": 0, "end_time": 0x2B000000, "number_of_periods": 3},
     h("00 0000002b 03")),
    (Metering, "client", "get_profile_response",
     {"end_time": 0x2B000000, "status": 0, "profile_interval_period": 2,
      "number_of_periods_delivered": 3, "intervals": [100, 200, 300]},
     GOLDEN_GET_PROFILE_RESPONSE[3:]),
    # -- Messaging (§4.1)
    (Messaging, "server", "get_last_message", {}, b""),
    (Messaging, "server", "message_confirmation",
     {"message_id": 0x42, "confirmation_time": 0x01020304}, h("42000000 04030201")),
    (Messaging, "server", "message_confirmation",
     {"message_id": 0x42, "confirmation_time": 0x01020304, "message_confirmation_control": 2,
      "message_response": b"Yes"}, h("42000000 04030201 02 03 596573")),
    (Messaging, "server", "get_message_cancellation", {"earliest_implementation_time": 0},
     h("00000000")),
    (Messaging, "client", "display_message",
     {"message_id": 0x42, "message_control": 0x88, "start_time": 0,
      "duration_in_minutes": 0xFFFF, "message": "Hello", "extended_message_control": 0},
     GOLDEN_DISPLAY_MESSAGE[3:]),
    (Messaging, "client", "display_message",
     {"message_id": 0x42, "message_control": 0x88, "start_time": 0,
      "duration_in_minutes": 0xFFFF, "message": "Hello"}, GOLDEN_DISPLAY_MESSAGE[3:-1]),
    (Messaging, "client", "cancel_message", {"message_id": 0x42, "message_control": 0},
     h("42000000 00")),
    (Messaging, "client", "display_protected_message",
     {"message_id": 0x42, "message_control": 0x88, "start_time": 0,
      "duration_in_minutes": 0xFFFF, "message": "Hello", "extended_message_control": 0},
     GOLDEN_DISPLAY_MESSAGE[3:]),
    (Messaging, "client", "cancel_all_messages", {"implementation_time": 0x01020304},
     h("04030201")),
    # -- Prepayment, client → server (§3.3)
    (Prepayment, "server", "select_available_emergency_credit",
     {"command_issue_date_time": 0x01020304, "originating_device": 2}, h("04030201 02")),
    (Prepayment, "server", "change_debt",
     {"issuer_event_id": 1, "debt_label": b"Loan", "debt_amount": 12000,
      "debt_recovery_method": 0, "debt_amount_type": 0, "debt_recovery_start_time": 0x01020304,
      "debt_recovery_collection_time": 600, "debt_recovery_frequency": 1,
      "debt_recovery_amount": 100, "debt_recovery_balance_percentage": 0},
     h("01000000 04 4c6f616e e02e0000 00 00 04030201 5802 01 64000000 0000")),
    (Prepayment, "server", "emergency_credit_setup",
     {"issuer_event_id": 1, "start_time": 0, "emergency_credit_limit": 1000,
      "emergency_credit_threshold": 200}, h("01000000 00000000 e8030000 c8000000")),
    (Prepayment, "server", "consumer_top_up",
     {"originating_device": 2, "top_up_code": b"73123456789012345678"},
     GOLDEN_CONSUMER_TOP_UP[3:]),
    (Prepayment, "server", "credit_adjustment",
     {"issuer_event_id": 1, "start_time": 0, "credit_adjustment_type": 0,
      "credit_adjustment_value": -500}, h("01000000 00000000 00 0cfeffff")),
    (Prepayment, "server", "change_payment_mode",
     {"provider_id": 1, "issuer_event_id": 2, "implementation_date_time": 0x01020304,
      "proposed_payment_control_configuration": 0x0002, "cut_off_value": -100},
     h("01000000 02000000 04030201 0200 9cffffff")),
    (Prepayment, "server", "get_prepay_snapshot",
     {"earliest_start_time": 0, "latest_end_time": 0xFFFFFFFF, "snapshot_offset": 0,
      "snapshot_cause": 0xFFFFFFFF}, h("00000000 ffffffff 00 ffffffff")),
    (Prepayment, "server", "get_top_up_log",
     {"latest_end_time": 0xFFFFFFFF, "number_of_records": 5}, h("ffffffff 05")),
    (Prepayment, "server", "set_low_credit_warning_level", {"low_credit_warning_level": 500},
     h("f4010000")),
    (Prepayment, "server", "get_debt_repayment_log",
     {"latest_end_time": 0xFFFFFFFF, "number_of_debts": 3, "debt_type": 0xFF},
     h("ffffffff 03 ff")),
    (Prepayment, "server", "set_maximum_credit_limit",
     {"provider_id": 1, "issuer_event_id": 2, "implementation_date_time": 0,
      "maximum_credit_level": 10000, "maximum_credit_per_top_up": 5000},
     h("01000000 02000000 00000000 10270000 88130000")),
    (Prepayment, "server", "set_overall_debt_cap",
     {"provider_id": 1, "issuer_event_id": 2, "implementation_date_time": 0,
      "overall_debt_cap": 20000}, h("01000000 02000000 00000000 204e0000")),
    # -- Prepayment, server → client (§3.4)
    (Prepayment, "client", "publish_prepay_snapshot",
     {"snapshot_id": 1, "snapshot_time": 0x01020304, "total_snapshots_found": 1,
      "command_index": 0, "total_number_of_commands": 1, "snapshot_cause": 1 << 18,
      "snapshot_payload_type": 0, "snapshot_payload": DEBT_CREDIT_PAYLOAD},
     h("01000000 04030201 01 00 01 00000400 00") + DEBT_CREDIT_PAYLOAD),
    (Prepayment, "client", "change_payment_mode_response",
     {"friendly_credit": 1, "friendly_credit_calendar_id": 5, "emergency_credit_limit": 1000,
      "emergency_credit_threshold": 200}, h("01 05000000 e8030000 c8000000")),
    (Prepayment, "client", "consumer_top_up_response",
     {"result_type": 0, "top_up_value": 1000, "source_of_top_up": 2,
      "credit_remaining": 2500}, GOLDEN_TOP_UP_RESPONSE[3:]),
    (Prepayment, "client", "publish_top_up_log",
     {"command_index": 0, "total_number_of_commands": 1,
      "top_ups": [{"top_up_code": b"123", "top_up_amount": 1000, "top_up_time": 0x01020304}]},
     h("00 01 03 313233 e8030000 04030201")),
    (Prepayment, "client", "publish_debt_log",
     {"command_index": 0, "total_number_of_commands": 1,
      "debt_payloads": [{"collection_time": 0x01020304, "amount_collected": 50,
                         "debt_type": 0, "outstanding_debt": 1000}]},
     h("00 01 04030201 32000000 00 e8030000")),
    # -- Key Establishment (§4.4): certificates, keys and MACs are raw bytes
    (KeyEstablishment, "server", "initiate_key_establishment_request",
     {"key_establishment_suite": 2, "ephemeral_data_generate_time": 10,
      "confirm_key_generate_time": 20, "identity": CERT_SUITE_2},
     h("0200 0a 14") + CERT_SUITE_2),
    (KeyEstablishment, "server", "ephemeral_data_request", {"ephemeral_data": EPHEMERAL_SUITE_2},
     EPHEMERAL_SUITE_2),
    (KeyEstablishment, "server", "confirm_key_data_request",
     {"secure_message_authentication_code": MAC}, MAC),
    (KeyEstablishment, "server", "terminate_key_establishment",
     {"status_code": 5, "wait_time": 10, "key_establishment_suite": 1}, h("05 0a 0100")),
    (KeyEstablishment, "client", "initiate_key_establishment_response",
     {"requested_key_establishment_suite": 2, "ephemeral_data_generate_time": 10,
      "confirm_key_generate_time": 20, "identity": CERT_SUITE_2},
     h("0200 0a 14") + CERT_SUITE_2),
    (KeyEstablishment, "client", "ephemeral_data_response",
     {"ephemeral_data": EPHEMERAL_SUITE_2}, EPHEMERAL_SUITE_2),
    (KeyEstablishment, "client", "confirm_key_data_response",
     {"secure_message_authentication_code": MAC}, MAC),
    (KeyEstablishment, "client", "terminate_key_establishment",
     {"status_code": 1, "wait_time": 0, "key_establishment_suite": 2}, h("01 00 0200")),
]


def command_def(cluster: type, side: str, name: str) -> Any:
    defs = cluster.ClientCommandDefs if side == "client" else cluster.ServerCommandDefs
    return getattr(defs, name)


def zcl_frame(cluster: type, side: str, name: str, payload: bytes, tsn: int = 1) -> bytes:
    """A cluster-specific ZCL frame: server→client for client-side commands."""
    # 0x09 / 0x01: cluster-specific, server→client / client→server, default response on
    # (the §8 frames' control bytes).
    control = 0x09 if side == "client" else 0x01
    return bytes([control, tsn, command_def(cluster, side, name).id]) + payload


def attribute_report(tsn: int, records: list[tuple[int, int, bytes]]) -> bytes:
    """A Report Attributes frame from a server: (attribute id, type id, value bytes)."""
    body = b"".join(struct.pack("<HB", attr_id, type_id) + value
                    for attr_id, type_id, value in records)
    return bytes([0x18, tsn, 0x0A]) + body
