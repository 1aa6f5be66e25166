"""Who supplies the home: Device Management (0x0708) Provider Name / Contact Details and
the proposed provider (attributes 0x0100-0x0113), and PublishChangeOfSupplier, into
`bridge.model.Supplier` fields. Pure: no I/O. Ids and argument order: ami.xml."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bridge.se.decode import SEDecodeError, from_utc_time
from bridge.se.vocabulary import DeviceManagement, attribute_ids

SUPPLIER_ATTRIBUTES = attribute_ids(
    DeviceManagement, "provider_id", "provider_name", "provider_contact_details",
    "proposed_provider_id", "proposed_provider_name", "proposed_provider_change_date_time")
(_ID, _NAME, _CONTACT, _NEXT_ID, _NEXT_NAME, _NEXT_AT) = SUPPLIER_ATTRIBUTES
UNUSED = 0xFFFFFFFF


def _text(raw: Any) -> str:
    return bytes(raw).decode("utf-8", errors="replace").strip()


def supplier_fields(attrs: Mapping[int, Any]) -> dict[str, Any]:
    """The fields a meter's Device Management attributes give (empty: none of them)."""
    try:
        out: dict[str, Any] = {}
        if _ID in attrs:
            out["provider_id"] = int(attrs[_ID])
        if _NAME in attrs:
            out["name"] = _text(attrs[_NAME])
        if _CONTACT in attrs:
            out["contact"] = _text(attrs[_CONTACT])
        if _NEXT_ID in attrs and int(attrs[_NEXT_ID]) not in (0, UNUSED):
            out["next_provider_id"] = int(attrs[_NEXT_ID])
            out["next_name"] = _text(attrs.get(_NEXT_NAME, b""))
            at = int(attrs.get(_NEXT_AT, 0))
            out["next_from"] = None if at in (0, UNUSED) else from_utc_time(at)
        return out
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad supplier attribute: {exc}") from exc


def change_of_supplier_fields(cmd: Any) -> dict[str, Any]:
    """PublishChangeOfSupplier: the next supplier, its contact and from when."""
    try:
        at = int(cmd.provider_change_implementation_time)
        return {"provider_id": int(cmd.current_provider_id),
                "next_provider_id": int(cmd.proposed_provider_id),
                "next_name": _text(cmd.proposed_provider_name),
                "next_contact": _text(cmd.proposed_provider_contact_details),
                "next_from": None if at in (0, UNUSED) else from_utc_time(at)}
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad change of supplier: {exc}") from exc
