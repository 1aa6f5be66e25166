"""Compare the SE cluster definitions the project registers with zigpy against facts
extracted from Silicon Labs' ami.xml/general.xml (tests/bridge/se/data/, made by
scripts/extract_zcl_facts.py), and read the table of deliberate differences in
docs/se-conformance.md.

Each difference is one line with a stable key, e.g.
`0x0705 client 0x03 consumer_top_up_response arg 2: project int32, ami.xml uint32`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import zigpy.types as t
import zigpy.zcl
import zigpy.zcl.foundation as foundation

import bridge.se  # noqa: F401  (registers the project's clusters)
from bridge.se import clusters as se

REPO = Path(__file__).resolve().parents[3]
FACTS = Path(__file__).with_name("data") / "silabs_zcl_facts.json"
DOC = REPO / "docs" / "se-conformance.md"
# ZCL foundation attributes every cluster has; general.xml keeps them outside clusters.
GLOBAL_ATTRIBUTES = {0xFFFD: "uint16", 0xFFFE: "enum8"}


def load_facts() -> dict[str, Any]:
    return json.loads(FACTS.read_text(encoding="utf-8"))


def project_clusters() -> list[type[zigpy.zcl.Cluster]]:
    """Every cluster class the project defines (whatever module of bridge/ it is in)."""
    return sorted((c for c in zigpy.zcl.Cluster._registry.values()
                   if c.__module__.startswith("bridge.")), key=lambda c: c.cluster_id)


def type_name(typ: Any) -> str:
    """A project field type in the facts' vocabulary."""
    if isinstance(typ, type):
        if issubclass(typ, se.RemainingBytes):
            return "raw"
        if issubclass(typ, se.BlockThresholdSet):
            return "array:block-threshold-set(map8 count nibble, count*uint48)"
        if issubclass(typ, se._TailList):
            return "array:" + _struct(typ._item_type)
        if issubclass(typ, t.Bytes):
            return "raw"
        if issubclass(typ, t.Date):  # ZCL Date: year-1900, month, day, weekday
            return "date"
        if issubclass(typ, list) and hasattr(typ, "_item_type"):  # zigpy t.List[X]
            return "array:" + type_name(typ._item_type)
        if issubclass(typ, t.Struct):
            bits = [getattr(f.type, "_bits", None) for f in typ.fields]
            if all(bits) and any(b % 8 for b in bits):  # a bit-field struct: a bitmap
                return f"map{sum(bits)}"  # type: ignore[arg-type]
            return _struct(typ)
    try:
        return foundation.DataType.from_python_type(typ).name
    except (KeyError, ValueError, TypeError):
        return f"unknown:{getattr(typ, '__name__', typ)}"


def _struct(typ: Any) -> str:
    return "struct(" + ",".join(type_name(f.type) for f in typ.fields) + ")"


def _facts_type(typ: str, flags: list[str]) -> str:
    """An ami.xml argument type in the same vocabulary as `type_name`."""
    if typ.startswith("struct:") and "octets]" in typ:
        return "raw"  # fixed-length key material (certificates, MACs)
    if "array" in flags:
        if typ == "uint8":
            return "raw"
        if typ.startswith("struct:"):
            return "array:struct" + typ[typ.index("("):]
        return f"array:{typ}"
    if typ.startswith("struct:"):
        return "struct" + typ[typ.index("("):]
    return typ


def differences(facts: dict[str, Any] | None = None) -> list[str]:
    facts = facts or load_facts()
    out: list[str] = []
    for cluster in project_clusters():
        cid = f"0x{cluster.cluster_id:04X}"
        known = facts["clusters"].get(cid)
        if known is None:
            out.append(f"{cid} {cluster.__name__}: cluster not in ami.xml/general.xml")
            continue
        for attr in sorted(cluster.attributes.values(), key=lambda a: a.id):
            aid = f"0x{attr.id:04X}"
            ours = attr.zcl_type.name
            if attr.id in GLOBAL_ATTRIBUTES:
                if ours != GLOBAL_ATTRIBUTES[attr.id]:
                    out.append(f"{cid} attr {aid} {attr.name}: project {ours}, ZCL "
                               f"{GLOBAL_ATTRIBUTES[attr.id]}")
                continue
            theirs = known["attributes"].get(aid)
            if theirs is None:
                out.append(f"{cid} attr {aid} {attr.name}: not in ami.xml")
            elif theirs[1] != ours:
                out.append(f"{cid} attr {aid} {attr.name}: project {ours}, ami.xml {theirs[1]}")
        for side, defs in (("server", cluster.server_commands),
                           ("client", cluster.client_commands)):
            for command_id, command in sorted(defs.items()):
                out.extend(_command_differences(cid, side, command_id, command,
                                                known["commands"][side]))
    return out


def _command_differences(cid: str, side: str, command_id: int, command: Any,
                         known: dict[str, Any]) -> list[str]:
    key = f"{cid} {side} 0x{command_id:02X} {command.name}"
    theirs = known.get(f"0x{command_id:02X}")
    if theirs is None:
        return [f"{key}: command not in ami.xml"]
    ours = [(f.name, type_name(f.type), f.optional) for f in command.schema.fields]
    args = [(name, _facts_type(typ, flags), "optional" in flags)
            for name, typ, flags in theirs["args"]]
    out = []
    for n in range(max(len(ours), len(args))):
        if n >= len(ours):
            out.append(f"{key} arg {n} {args[n][0]}: missing in project (ami.xml {args[n][1]})")
            continue
        if n >= len(args):
            out.append(f"{key} arg {n} {ours[n][0]}: not in ami.xml (project {ours[n][1]})")
            continue
        if ours[n][1] != args[n][1]:
            out.append(f"{key} arg {n} {ours[n][0]}: project {ours[n][1]}, "
                       f"ami.xml {args[n][1]}")
        if ours[n][2] and not args[n][2]:
            out.append(f"{key} arg {n} {ours[n][0]}: optional in project, mandatory in ami.xml")
    return out


_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|")


def documented() -> list[str]:
    """The keys of docs/se-conformance.md's table of deliberate differences."""
    return [m.group(1) for line in DOC.read_text(encoding="utf-8").splitlines()
            if (m := _ROW.match(line))]


def key_of(difference: str) -> str:
    """The part of a difference that names the item (before the colon)."""
    return difference.split(": ", 1)[0]
