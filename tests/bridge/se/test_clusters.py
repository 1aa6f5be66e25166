"""Our SE cluster definitions: registered in zigpy, IDs per the reference formulas, and
every command's bytes exactly as the reference field tables lay them out."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

import pytest
import zigpy.types as t
import zigpy.zcl
from zigpy.zcl.foundation import DataTypeId

import bridge.se  # noqa: F401
from bridge.se import clusters as c
from bridge.se import decode
from tests.bridge.se.frames import CLUSTER_IDS, VECTORS, command_def, zcl_frame


@pytest.mark.parametrize(("cluster_id", "cls"), [
    (0x0700, c.Price), (0x0702, c.Metering), (0x0703, c.Messaging), (0x0705, c.Prepayment),
    (0x0800, c.KeyEstablishment)])
def test_importing_bridge_se_registers_our_clusters(cluster_id, cls):
    cluster = zigpy.zcl.Cluster.from_id(MagicMock(), cluster_id)
    assert type(cluster) is cls
    assert zigpy.zcl.Cluster._registry[cluster_id] is cls


def test_price_attribute_sets_follow_the_id_formulas():
    attrs = c.Price.attributes_by_name
    assert attrs["tier1_price_label"].id == 0x0000
    assert attrs["tier48_price_label"].id == 0x002F
    assert attrs["block15_threshold"].id == 0x010E
    assert attrs["tier1_block1_threshold"].id == 0x0110
    assert attrs["tier15_block15_threshold"].id == 0x01FE
    assert attrs["tier15_block_threshold_count"].id == 0x01FF
    assert attrs["no_tier_block16_price"].id == 0x040F
    assert attrs["tier1_block1_price"].id == 0x0410
    assert attrs["tier2_block1_price"].id == 0x0420
    assert attrs["tier15_block16_price"].id == 0x04FF
    assert attrs["price_tier16"].id == 0x050F
    assert attrs["price_tier48"].id == 0x052F
    assert attrs["cpp2_price"].id == 0x05FF
    assert attrs["received_tier1_block1_price"].id == 0x8410
    assert attrs["received_co2"].id == 0x8625
    assert attrs["credit_payment_ref_5"].id == 0x0852
    assert [c.price_tier_id(n) for n in (1, 2, 15, 16, 48)] == [
        0x0410, 0x0420, 0x04F0, 0x050F, 0x052F]
    with pytest.raises(ValueError):
        c.tier_block_price_id(16, 1)
    # 1012 server attributes in Wireshark's list (se-ids.md) + Cluster Revision.
    assert len(c.Price.attributes) == 1013


@pytest.mark.parametrize(("attr_id", "type_id"), [
    (0x0000, DataTypeId.octstr), (0x0301, DataTypeId.uint32), (0x0303, DataTypeId.map8),
    (0x0305, DataTypeId.enum8), (0x0616, DataTypeId.uint16), (0x0617, DataTypeId.map8),
    (0x0610, DataTypeId.octstr), (0x0100, DataTypeId.uint48), (0x0201, DataTypeId.uint24),
    (0x0200, DataTypeId.UTC)])
def test_price_attribute_types(attr_id, type_id):
    assert c.Price.attributes[attr_id].zcl_type == type_id


@pytest.mark.parametrize(("attr_id", "type_id"), [
    (0x0303, DataTypeId.map8), (0x0304, DataTypeId.map8), (0x0305, DataTypeId.map8),
    (0x0306, DataTypeId.map8), (0x0420, DataTypeId.uint24), (0x042D, DataTypeId.uint24),
    (0x0430, DataTypeId.uint24), (0x043B, DataTypeId.uint24), (0x0440, DataTypeId.uint32),
    (0x045B, DataTypeId.uint32), (0x045C, DataTypeId.uint16), (0x0A00, DataTypeId.uint32),
    (0x0A01, DataTypeId.UTC), (0x0A04, DataTypeId.map8), (0x015F, DataTypeId.uint48),
    (0x0000, DataTypeId.uint48), (0x0400, DataTypeId.int24)])
def test_metering_types_fixed_and_history_added(attr_id, type_id):
    assert c.Metering.attributes[attr_id].zcl_type == type_id


def test_metering_keeps_zigpy_names_for_existing_attributes():
    names = c.Metering.attributes_by_name
    assert names["current_summ_delivered"].id == 0x0000
    assert names["instantaneous_demand"].id == 0x0400
    assert names["previous_day2_consumption_delivered"].id == 0x0420
    assert names["previous_month13_consumption_received"].id == 0x045B


@pytest.mark.parametrize(("attr_id", "type_id"), [
    (0x0000, DataTypeId.map16), (0x0001, DataTypeId.int32), (0x0003, DataTypeId.map8),
    (0x0020, DataTypeId.uint48), (0x0101, DataTypeId.int32), (0x0143, DataTypeId.octstr),
    (0x0231, DataTypeId.uint32), (0x0239, DataTypeId.uint16), (0x0400, DataTypeId.map16),
    (0x0502, DataTypeId.enum8), (0x052D, DataTypeId.uint48), (0x055B, DataTypeId.uint48),
    (0x055C, DataTypeId.uint16)])
def test_prepayment_attribute_types(attr_id, type_id):
    assert c.Prepayment.attributes[attr_id].zcl_type == type_id


def test_prepayment_has_every_reference_attribute():
    # 132 IDs in se-ids.md (incl. 0xFFFE) + Cluster Revision.
    assert len(c.Prepayment.attributes) == 133
    assert c.KeyEstablishment.attributes[0x0000].zcl_type == DataTypeId.enum16


def _same(value: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return len(value) == len(expected) and all(
            _same(v, e) for v, e in zip(value, expected, strict=True))
    if isinstance(expected, dict):
        return all(_same(getattr(value, k), e) for k, e in expected.items())
    if isinstance(expected, tuple):
        return tuple(value[0:1]) == expected[0:1] and _same(value[1], expected[1])
    if isinstance(expected, bytes):
        return bytes(value) == expected
    if isinstance(expected, str):
        return str(value) == expected
    return int(value) == expected


def _ids(vector):
    cluster, side, name, fields, _ = vector
    optional = "+opt" if any(f.optional and f.name in fields
                             for f in command_def(cluster, side, name).schema.fields) else ""
    return f"{cluster.__name__}.{side}.{name}{optional}"


@pytest.mark.parametrize("vector", VECTORS, ids=[_ids(v) for v in VECTORS])
def test_command_bytes(vector):
    cluster, side, name, fields, payload = vector
    schema = command_def(cluster, side, name).schema
    assert schema(**fields).serialize() == payload
    parsed, rest = schema.deserialize(payload)
    assert rest == b""
    for key, expected in fields.items():
        assert _same(getattr(parsed, key), expected), key
    assert parsed.serialize() == payload
    # And through the whole-frame decoder the HAN client uses.
    hdr, args = decode.decode_zcl_frame(CLUSTER_IDS[cluster], zcl_frame(cluster, side, name,
                                                                        payload))
    assert hdr.command_id == command_def(cluster, side, name).id
    assert args.serialize() == payload


def test_every_defined_command_has_a_vector():
    covered = {(cl, side, name) for cl, side, name, _, _ in VECTORS}
    for cluster in (c.Price, c.Messaging, c.Prepayment, c.KeyEstablishment):
        for side, defs in (("server", cluster.ServerCommandDefs),
                           ("client", cluster.ClientCommandDefs)):
            for command in defs:
                assert (cluster, side, command.name) in covered, (cluster, command.name)


def test_publish_price_optional_tail_is_not_sent_when_left_out():
    schema = c.Price.ClientCommandDefs.publish_price.schema
    optional = [f.name for f in schema.fields if f.optional]
    assert optional[0] == "price_ratio" and len(optional) == 13
    assert optional[-1] == "extended_register_tier"


def test_enums_keep_unknown_values_instead_of_failing():
    value, rest = c.TopUpResultType.deserialize(b"\x99")
    assert int(value) == 0x99 and rest == b""
    assert c.MessageControl(0x88) == c.MessageControl.IMPORTANCE_HIGH | \
        c.MessageControl.CONFIRMATION_REQUIRED


def test_block_threshold_set_rejects_what_a_nibble_cannot_carry():
    with pytest.raises(ValueError):
        c.BlockThresholdSet([(16, [1])]).serialize()
    with pytest.raises(ValueError):
        c.BlockThresholdSet([(1, list(range(16)))]).serialize()
    with pytest.raises(ValueError):
        c.BlockThresholdSet.deserialize(bytes([0x12, 1, 2, 3]))  # 2 thresholds promised


def test_tail_lists_consume_the_frame_and_fail_on_a_partial_entry():
    entries, rest = c.PriceMatrixEntries.deserialize(bytes([1, 0x92, 0x09, 0, 0]))
    assert [(e.tier_block_id, e.price) for e in entries] == [(1, 2450)] and rest == b""
    with pytest.raises(ValueError):
        c.PriceMatrixEntries.deserialize(bytes([1, 0x92, 0x09, 0, 0, 2, 0]))
    assert isinstance(c.RemainingBytes.deserialize(b"abc")[0], bytes)
    assert t.uint48_t(2**48 - 1).serialize() == b"\xff" * 6
