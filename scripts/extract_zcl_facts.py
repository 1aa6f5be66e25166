#!/usr/bin/env python3
"""Extract the facts the SE conformance test needs from Silicon Labs' ZCL XML.

    .venv/bin/python scripts/extract_zcl_facts.py [SILABS_ZCL_DIR] [-o OUT.json]

SILABS_ZCL_DIR holds `ami.xml` and `general.xml` from SiliconLabs/simplicity_sdk
`app/zcl/` (default: ../shared/reference/silabs-zcl next to the repository). The output,
tests/bridge/se/data/silabs_zcl_facts.json, is checked in: the conformance test
(tests/bridge/se/test_conformance.py) reads only it, so it runs on a fresh clone.

Kept per cluster (every SE cluster in ami.xml, Time and Basic from general.xml):
- server attributes: id -> [name, ZCL type];
- commands by the side that receives them ("server" = client->server, "client" =
  server->client, as zigpy's ServerCommandDefs/ClientCommandDefs): id -> name and the
  arguments in order, each [name, ZCL type, flags]; flags are "optional" (SL marks it,
  or the argument was introduced after SE 1.0 and may be absent from older senders) and
  "array" (repeated to the end of the frame). Arguments marked removedIn are dropped:
  they are not in SE 1.4.
ZCL types use zigpy's DataType names (uint8, int32, map8, enum8, UTC, octstr, ...).
Named enums and bitmaps are resolved to their base type; structs become
"struct:Name(type,type,...)".
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# ../shared next to the clone (or next to the folder of worktrees holding it).
_CANDIDATES = [base / "shared" / "reference" / "silabs-zcl"
               for base in (REPO.parent, REPO.parent.parent)]
DEFAULT_SOURCE = next((c for c in _CANDIDATES if (c / "ami.xml").exists()), _CANDIDATES[0])
DEFAULT_OUT = REPO / "tests" / "bridge" / "se" / "data" / "silabs_zcl_facts.json"
GENERAL_CLUSTERS = {0x0000, 0x000A}  # Basic, Time: what the SE devices here serve

_BASE = {
    "BOOLEAN": "bool_", "UTC_TIME": "UTC", "OCTET_STRING": "octstr",
    "CHAR_STRING": "string", "LONG_OCTET_STRING": "octstr16",
    "LONG_CHAR_STRING": "string16", "IEEE_ADDRESS": "EUI64", "SECURITY_KEY": "key128",
    "DATE": "date", "TIME_OF_DAY": "ToD", "CLUSTER_ID": "clusterId",
    "ATTRIBUTE_ID": "attribId", "NO_DATA": "nodata",
}


def _base_type(name: str) -> str | None:
    if name in _BASE:
        return _BASE[name]
    for prefix, zigpy_prefix in (("INT", ""), ("ENUM", "enum"), ("BITMAP", "map"),
                                 ("DATA", "data")):
        if name.startswith(prefix):
            rest = name[len(prefix):]
            if prefix == "INT" and rest[-1:] in ("U", "S") and rest[:-1].isdigit():
                return ("uint" if rest[-1] == "U" else "int") + rest[:-1]
            if prefix != "INT" and rest.isdigit():
                return zigpy_prefix + rest
    return None


class Types:
    """Named enums, bitmaps and structs of the XML files, resolved to base types."""

    def __init__(self, roots: list[ET.Element]) -> None:
        self.aliases: dict[str, str] = {}
        self.structs: dict[str, ET.Element] = {}
        for root in roots:
            for node in root.iter():
                if node.tag in ("enum", "bitmap") and node.get("name") and node.get("type"):
                    self.aliases[node.attrib["name"]] = node.attrib["type"]
                elif node.tag == "struct" and node.get("name"):
                    self.structs[node.attrib["name"]] = node

    def resolve(self, name: str) -> str:
        seen: set[str] = set()
        while name in self.aliases and name not in seen:
            seen.add(name)
            name = self.aliases[name]
        base = _base_type(name)
        if base is not None:
            return base
        if name in self.structs:
            node = self.structs[name]
            if node.get("length"):
                return f"struct:{name}[{node.attrib['length']} octets]"
            items = ",".join(self.resolve(item.attrib["type"]) for item in node.iter("item")
                             if not item.get("removedIn"))
            return f"struct:{name}({items})"
        return f"unknown:{name}"


def _cluster_facts(cluster: ET.Element, types: Types) -> dict[str, Any]:
    attributes: dict[str, list[str]] = {}
    for attr in cluster.iter("attribute"):
        if attr.get("side", "server") != "server":
            continue
        attributes[f"0x{int(attr.attrib['code'], 16):04X}"] = [
            (attr.text or attr.get("define", "")).strip(), types.resolve(attr.attrib["type"])]
    commands: dict[str, dict[str, Any]] = {"server": {}, "client": {}}
    for command in cluster.iter("command"):
        receiver = "server" if command.get("source") == "client" else "client"
        args = []
        for arg in command.iter("arg"):
            if arg.get("removedIn"):
                continue
            flags = []
            if arg.get("optional") == "true" or (arg.get("introducedIn") and args):
                flags.append("optional")
            if arg.get("array") == "true":
                flags.append("array")
            args.append([arg.attrib["name"], types.resolve(arg.attrib["type"]), flags])
        commands[receiver][f"0x{int(command.attrib['code'], 16):02X}"] = {
            "name": command.attrib["name"], "args": args}
    return {"name": (cluster.findtext("name") or "").strip(), "attributes": attributes,
            "commands": commands}


def extract(source: Path) -> dict[str, Any]:
    ami = ET.parse(source / "ami.xml").getroot()
    general = ET.parse(source / "general.xml").getroot()
    types = Types([ami, general])
    clusters: dict[str, Any] = {}
    for root, wanted in ((ami, None), (general, GENERAL_CLUSTERS)):
        for cluster in root.findall(".//cluster"):
            code = int(cluster.findtext("code") or "0", 16)
            if wanted is None or code in wanted:
                clusters[f"0x{code:04X}"] = _cluster_facts(cluster, types)
    return {
        "source": "SiliconLabs/simplicity_sdk app/zcl/ami.xml + general.xml, commit "
                  "a1a37fa7dda1f76ea70229aa4ffe2e47cb066edc (Simplicity SDK 2024.6.0), "
                  "Apache-2.0; extracted by scripts/extract_zcl_facts.py",
        "spec": ami.find("domain").get("spec") if ami.find("domain") is not None else "",
        "clusters": clusters,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help="folder with ami.xml and general.xml (default: %(default)s)")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT,
                        help="where to write the facts (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.source / "ami.xml").exists():
        print(f"extract_zcl_facts: no ami.xml in {args.source}", file=sys.stderr)
        return 2
    facts = extract(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    count = sum(len(c["attributes"]) for c in facts["clusters"].values())
    print(f"extract_zcl_facts: {len(facts['clusters'])} clusters, {count} attributes "
          f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
