"""The ODD, its derived schemas, and their relation to TEI P5's tei_all."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from lxml import etree

from edition.schema import ODD_PATH, RNG_PATH, SCH_PATH, derive, stale_files

R = "{http://relaxng.org/ns/structure/1.0}"
needs_jing = pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")


def test_derived_schemas_are_not_stale():
    assert stale_files() == [], "run: python -m edition.schema"


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
    ids = set(sch.xpath("//*[local-name()='pattern']/@id"))
    assert {"pointers-resolve", "speakers-are-participants", "iso-dates", "no-empty-text",
            "choice-pairs", "interventions-have-resp"} <= ids


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
