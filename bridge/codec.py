"""JSON form of the model's updates: one object per update, exact and reversible.

Used by `ihd-bridge --json` and by anything that moves updates between processes.
Decimals and money travel as strings (never floats), times as ISO 8601 with offset,
durations as seconds, enums by value. `from_json(to_json(u)) == u` for every update.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bridge import model

UPDATE_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (model.MeterReading, model.Price, model.Tariff, model.PrepaymentState,
                model.SupplierMessage, model.MessageCancelled, model.TopUpResult,
                model.SourceStatus, model.TenancyChange, model.MeterClock,
                model.TariffCalendar, model.FriendlyCreditCalendar, model.Account,
                model.Supplier,
                model.BlockTariff)
}


class CodecError(ValueError):
    """A JSON object that is not a valid update."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, model.Money):
        return {"amount": str(value.amount), "currency": value.currency.code,
                "numeric": value.currency.numeric}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"cannot encode {type(value).__name__}")


def to_json(update: model.Update) -> dict[str, Any]:
    encoded = _encode(update)
    assert isinstance(encoded, dict)
    return {"type": type(update).__name__, **encoded}


def _decode(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            return _decode(arg, value)
    if origin is tuple:
        (item_type, *_rest) = typing.get_args(tp)
        return tuple(_decode(item_type, v) for v in value)
    if tp is model.Money:
        try:
            currency = model.Currency.from_code(value["currency"])
        except ValueError:
            currency = model.Currency.from_numeric(int(value["numeric"]))
        return model.Money(Decimal(value["amount"]), currency)
    if tp is Decimal:
        return Decimal(value)
    if tp is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise CodecError("times must carry a UTC offset")
        return parsed
    if tp is date:
        return date.fromisoformat(value)
    if tp is timedelta:
        return timedelta(seconds=float(value))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        kwargs = {f.name: _decode(hints[f.name], value[f.name])
                  for f in dataclasses.fields(tp) if f.name in value}
        return tp(**kwargs)
    if tp in (int, str, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise CodecError(f"expected {tp.__name__}, got {type(value).__name__}")
        return value
    raise CodecError(f"cannot decode {tp!r}")


def from_json(obj: dict[str, Any]) -> model.Update:
    try:
        cls = UPDATE_TYPES[obj["type"]]
        body = {k: v for k, v in obj.items() if k != "type"}
        decoded = _decode(cls, body)
    except CodecError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise CodecError(f"not a valid update: {exc}") from exc
    return typing.cast(model.Update, decoded)
