"""The ODD, its derived schemas, and their relation to TEI P5's tei_all."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from lxml import etree

from edition.errors import SchemaError
from edition.validate.schema import (ODD_PATH, RNG_PATH, SCH_PATH, constraint_of_rule, context_elements, derive,
                            derive_schematron, stale_files)

R = "{http://relaxng.org/ns/structure/1.0}"
SCH = {"sch": "http://purl.oclc.org/dsdl/schematron"}
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}
needs_jing = pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")


def test_derived_schemas_are_not_stale():
    assert stale_files() == [], "run: python -m edition.validate.schema"


def test_derivation_is_deterministic():
    assert derive() == derive()


@needs_jing
def test_the_odd_is_itself_valid_tei(tei_all_path):
    done = subprocess.run(["jing", str(tei_all_path), str(ODD_PATH)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_customisation_compiles_fast_with_lxml():
    start = time.perf_counter()
    etree.RelaxNG(etree.parse(str(RNG_PATH)))
    assert time.perf_counter() - start < 0.5


def test_closed_value_lists_are_in_the_rng():
    rng = etree.parse(str(RNG_PATH))
    stage_types = rng.xpath("//r:define[@name='stage']//r:attribute[@name='type']//r:value/text()",
                            namespaces={"r": R[1:-1]})
    assert stage_types == ["time", "laughter", "silence", "applause", "delivery", "action"]


def test_schematron_has_the_project_rules():
    sch = etree.parse(str(SCH_PATH))
    ids = set(sch.xpath("//sch:rule/@id", namespaces=SCH))
    assert {"pointers-resolve", "speakers-are-participants", "iso-dates", "no-empty-text",
            "choice-pairs", "interventions-have-resp"} <= ids


def test_every_constraint_spec_has_its_rules_in_the_schematron_under_its_ident():
    odd = etree.parse(str(ODD_PATH))
    expected = []
    for spec in odd.iterfind(".//tei:constraintSpec[@scheme='schematron']", namespaces=TEI):
        rules = spec.findall("tei:constraint/sch:rule", namespaces={**TEI, **SCH})
        expected += [(spec.get("ident"), rule.get("context")) for rule in rules]
    rules = etree.parse(str(SCH_PATH)).iterfind(".//sch:rule", namespaces=SCH)
    assert sorted((constraint_of_rule(rule.get("id")), rule.get("context")) for rule in rules) == sorted(expected)


@pytest.mark.parametrize("context,names", [
    ("tei:titleStmt", {"titleStmt"}),
    ("tei:p | tei:head | tei:note", {"p", "head", "note"}),
    ("tei:text//tei:supplied | tei:text//tei:corr", {"supplied", "corr"}),
    ("tei:particDesc//tei:person[@role='speaker']", {"person"}),
    ("tei:idno[@type='a | b'][contains(., '/')]", {"idno"}),
    ("tei:persName[starts-with(@ref, '#')]", {"persName"}),
    ("tei:*[@who or @ref]", None),
    ("tei:*[@when][not(self::tei:locus)]", None),
    ("tei:p | *", None),
    ("@xml:id", None),
    ("tei:p/@rend", None),
    ("tei:p/text()", None),
    ("node()", None),
    ("tei:div/..", None),
    ("other:p", None),
    ("tei:p [1]", None),
    ("child::tei:p", None),
])
def test_rule_contexts_are_read_conservatively(context, names):
    assert context_elements(context) == (None if names is None else frozenset(names))


def test_merged_patterns_never_share_an_element_between_constraint_specs():
    """Within a pattern only the first matching rule fires: merging two constraintSpecs whose rules
    could match one node would silence one of them."""
    sch = etree.parse(str(SCH_PATH))
    patterns = sch.findall("sch:pattern", namespaces=SCH)
    assert len(patterns) < len({constraint_of_rule(i) for i in sch.xpath("//sch:rule/@id", namespaces=SCH)})
    for pattern in patterns:
        by_spec: dict[str, set] = {}
        for rule in pattern.iterfind("sch:rule", namespaces=SCH):
            names = context_elements(rule.get("context"))
            by_spec.setdefault(constraint_of_rule(rule.get("id")), set()).update(names or {"*"})
        if len(by_spec) > 1:
            specs = list(by_spec.items())
            for index, (ident, names) in enumerate(specs):
                assert "*" not in names, (pattern.get("id"), ident)
                for other, other_names in specs[index + 1:]:
                    assert not names & other_names, (ident, other, names & other_names)


def test_unmerged_derivation_has_one_pattern_per_constraint_spec():
    odd = etree.parse(str(ODD_PATH))
    idents = odd.xpath(".//tei:constraintSpec[@scheme='schematron']/@ident", namespaces=TEI)
    patterns = derive_schematron(odd, merge=False).findall("sch:pattern", namespaces=SCH)
    assert [p.get("id") for p in patterns] == [f"{ident}.pattern" for ident in idents]


def test_constraint_spec_ident_with_a_dot_is_refused(tmp_path):
    odd = ODD_PATH.read_text(encoding="utf-8")
    assert 'ident="choice-pairs"' in odd
    broken = tmp_path / "edition.odd"
    broken.write_text(odd.replace('ident="choice-pairs"', 'ident="choice.pairs"', 1), encoding="utf-8")
    with pytest.raises(SchemaError, match="choice.pairs"):
        derive(broken)


def _tei_all_reach(tei_all_path):
    """For each tei_all element: the attribute names and child element names it can have."""
    grammar = etree.parse(str(tei_all_path))
    defines: dict[str, list] = {}
    for define in grammar.getroot().iter(R + "define"):
        defines.setdefault(define.get("name"), []).append(define)

    def element_name(name):
        found = defines.get(name, [])
        element = found[0].find(R + "element") if found else None
        return element.get("name") if element is not None else None

    def reach(name, seen):
        attributes, children = set(), set()
        for define in defines.get(name, []):
            for node in define.iter(R + "attribute", R + "ref"):
                if node.tag == R + "attribute":
                    attributes.add(node.get("name"))
                    continue
                target = node.get("name")
                if target in seen:
                    continue
                seen.add(target)
                if element_name(target):
                    children.add(element_name(target))
                else:
                    more_attributes, more_children = reach(target, seen)
                    attributes |= more_attributes
                    children |= more_children
        return attributes, children

    table = {}
    for name in defines:
        element = element_name(name)
        if element:
            table[element] = reach(name, set())
    return table


def test_every_element_attribute_and_child_exists_in_tei_all(tei_all_path):
    """A structural subset check: no element, attribute or parent/child pair TEI does not have."""
    tei = _tei_all_reach(tei_all_path)
    ours = etree.parse(str(RNG_PATH))
    defines = {d.get("name"): d for d in ours.getroot().iter(R + "define")}

    def children_of(node, seen):
        names = set()
        for ref in node.iter(R + "ref"):
            target = defines[ref.get("name")]
            if target.find(R + "element") is not None:
                names.add(target.find(R + "element").get("name"))
            elif ref.get("name") not in seen:
                names |= children_of(target, seen | {ref.get("name")})
        return names

    problems = []
    for name, define in defines.items():
        element = define.find(R + "element")
        if element is None:
            continue
        if name not in tei:
            problems.append(f"{name}: not a TEI element")
            continue
        tei_attributes, tei_children = tei[name]
        for attribute in element.iter(R + "attribute"):
            if attribute.get("name") not in tei_attributes:
                problems.append(f"{name}/@{attribute.get('name')}: not allowed by tei_all")
        for child in children_of(element, set()):
            if child not in tei_children:
                problems.append(f"{name}/{child}: not allowed by tei_all")
    assert problems == [], "\n".join(problems)
