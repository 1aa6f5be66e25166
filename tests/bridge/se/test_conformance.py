"""Every SE cluster the project defines agrees with Silicon Labs' ami.xml, except for the
deliberate differences written down (with the source followed) in docs/se-conformance.md.

The facts come from tests/bridge/se/data/silabs_zcl_facts.json (scripts/
extract_zcl_facts.py made it from ami.xml/general.xml), so this runs on a fresh clone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zigpy.types as t
from zigpy.zcl.foundation import ZCLCommandDef

from bridge.se import clusters as se
from tests.bridge.se import conformance


def test_every_difference_from_ami_xml_is_documented():
    found = {conformance.key_of(d): d for d in conformance.differences()}
    written = set(conformance.documented())
    unexplained = [d for key, d in found.items() if key not in written]
    assert unexplained == [], "fix these or add them, with the source followed, to " \
                              "docs/se-conformance.md"


def test_no_documented_difference_is_stale():
    found = {conformance.key_of(d) for d in conformance.differences()}
    stale = [key for key in conformance.documented() if key not in found]
    assert stale == [], "these no longer differ: remove them from docs/se-conformance.md"


def test_the_checked_clusters_include_every_se_cluster_the_project_defines():
    checked = {c.cluster_id for c in conformance.project_clusters()}
    assert {0x0700, 0x0702, 0x0703, 0x0705, 0x0708, 0x0800} <= checked


def test_the_facts_cover_the_clusters_the_project_may_add():
    clusters = conformance.load_facts()["clusters"]
    for cluster_id in ("0x000A", "0x0700", "0x0702", "0x0703", "0x0705", "0x0707",
                       "0x0708", "0x0800"):
        assert clusters[cluster_id]["attributes"] or clusters[cluster_id]["commands"]
    # Spot checks against ami.xml as a person reads it.
    prepayment = clusters["0x0705"]
    assert prepayment["attributes"]["0x0001"][1] == "int32"  # Credit Remaining
    assert prepayment["commands"]["server"]["0x04"]["name"] == "ConsumerTopUp"
    assert clusters["0x000A"]["attributes"]["0x0000"][1] == "UTC"


def test_a_wrong_type_in_a_definition_is_caught():
    """The comparison can fail: a signedness slip in PublishPrice is reported."""
    good = se.Price.ClientCommandDefs.publish_price
    broken = ZCLCommandDef(id=good.id, name=good.name, direction=good.direction,
                           schema=dict(se._PUBLISH_PRICE_SCHEMA, price=t.int32s)
                           ).with_compiled_schema()
    known = conformance.load_facts()["clusters"]["0x0700"]["commands"]["client"]
    before = conformance._command_differences("0x0700", "client", good.id, good, known)
    after = conformance._command_differences("0x0700", "client", good.id, broken, known)
    assert set(after) - set(before) == {
        "0x0700 client 0x00 publish_price arg 10 price: project int32, ami.xml uint32"}


@pytest.mark.skipif(not conformance.DOC.exists(), reason="docs missing")
def test_facts_file_says_where_it_came_from():
    facts = json.loads(Path(conformance.FACTS).read_text(encoding="utf-8"))
    assert "a1a37fa7dda1f76ea70229aa4ffe2e47cb066edc" in facts["source"]
    assert facts["spec"].startswith("se-1.4")


def test_the_extractor_resolves_names_and_drops_removed_arguments(tmp_path):
    """scripts/extract_zcl_facts.py on a small file shaped like ami.xml."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "extract_zcl_facts", conformance.REPO / "scripts" / "extract_zcl_facts.py")
    assert spec is not None and spec.loader is not None
    extractor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extractor)
    (tmp_path / "ami.xml").write_text("""<configurator>
  <domain name="SE" spec="se-1.4-test"/>
  <enum name="OriginatingDevice" type="ENUM8"><item name="Meter" value="1"/></enum>
  <struct name="TopUpPayload"><item name="code" type="OCTET_STRING"/>
    <item name="amount" type="INT32S"/></struct>
  <cluster><name>Prepayment</name><code>0x0705</code>
    <attribute side="server" code="0x0001" type="INT32S">credit remaining</attribute>
    <attribute side="client" code="0x0002" type="INT8U">client side</attribute>
    <command source="client" code="0x04" name="ConsumerTopUp">
      <arg name="originatingDevice" type="OriginatingDevice"/>
      <arg name="siteId" type="OCTET_STRING" removedIn="se-1.2a"/>
      <arg name="topUpCode" type="OCTET_STRING" introducedIn="se-1.2a"/>
    </command>
    <command source="server" code="0x05" name="PublishTopUpLog">
      <arg name="payload" type="TopUpPayload" array="true"/>
    </command>
  </cluster>
</configurator>""", encoding="utf-8")
    (tmp_path / "general.xml").write_text("<configurator/>", encoding="utf-8")
    facts = extractor.extract(tmp_path)
    cluster = facts["clusters"]["0x0705"]
    assert cluster["attributes"] == {"0x0001": ["credit remaining", "int32"]}
    assert cluster["commands"]["server"]["0x04"]["args"] == [
        ["originatingDevice", "enum8", []], ["topUpCode", "octstr", ["optional"]]]
    assert cluster["commands"]["client"]["0x05"]["args"] == [
        ["payload", "struct:TopUpPayload(octstr,int32)", ["array"]]]
