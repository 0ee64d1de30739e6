"""The project's ODD (``schema/edition.odd``) to the schemas validation needs.

No TEI ODD processor (TEI Stylesheets, Roma) is packaged for PyPI, npm or Debian, so this module is a
small one for the subset of ODD the project writes, in which every element of the customisation has
an ``elementSpec`` with its complete ``content`` (pure ODD: ``sequence``, ``alternate``, ``elementRef``,
``macroRef``, ``textNode``, ``empty``, with ``minOccurs``/``maxOccurs``) and its own ``attList``:

* ``derive_rng(odd)``: a RELAX NG grammar, one ``define`` per element and per ``macroSpec``; the
  attributes of ``classSpec[@ident='att.global']`` go on every element; ``valList[@type='closed']``
  becomes a choice of values; ``dataRef/@key`` uses the same datatypes as TEI P5's ``tei_all.rng``.
* ``derive_schematron(odd)``: an ISO Schematron schema with the namespaces ``tei`` and ``str`` (EXSLT
  strings); rules find ``xml:id`` targets with XPath's ``id()``, which libxml2 resolves for ``xml:id`` in
  parsed and in built trees alike. Every ``sch:rule`` has the ``@ident`` of its ``constraintSpec`` as
  ``id`` (``ident.2``, ``ident.3``... for a constraintSpec's further rules; see :func:`constraint_of_rule`).
  The ``constraintSpec``s are merged into as few ``pattern``s as keep Schematron's meaning (each pattern
  costs the validator a pass over the document): within a pattern only the first rule that matches a
  node fires, so two constraintSpecs share a pattern only when no node can match rules of both, judged
  from the element names of their rule contexts (:func:`context_elements`, which gives up, "any node",
  on every context it cannot read). ``merge=False`` gives one pattern per constraintSpec.

``python -m edition.validate.schema`` writes ``schema/edition.rng`` and ``schema/edition.sch``;
``python -m edition.validate.schema --check`` exits 1 when they are stale.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import TEI_NS, paths
from ..errors import SchemaError
from ..fsio import write_bytes_atomic
from ..safexml import parse_xml_file

RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
XSD_TYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
EXSLT_STR = "http://exslt.org/strings"
A_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"

SCHEMA_DIR = paths.SCHEMA_DIR
ODD_PATH = SCHEMA_DIR / "edition.odd"
RNG_PATH = SCHEMA_DIR / "edition.rng"
SCH_PATH = SCHEMA_DIR / "edition.sch"

T = f"{{{TEI_NS}}}"
R = f"{{{RNG_NS}}}"
NSMAP_T = {"t": TEI_NS}
TOKEN_PATTERN = r"[^\p{C}\p{Z}]+"
TEMPORAL_TYPES = ("date", "gYear", "gMonth", "gDay", "gYearMonth", "gMonthDay", "time", "dateTime")


@dataclass(frozen=True)
class DerivedSchemas:
    rng: bytes
    sch: bytes


def _rng(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    element = etree.Element(R + tag, nsmap={None: RNG_NS}) if parent is None else etree.SubElement(parent, R + tag)
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _data(parent: etree._Element, type_: str, pattern: str | None = None) -> etree._Element:
    data = _rng("data", parent, type=type_)
    if pattern:
        _rng("param", data, name="pattern").text = pattern
    return data


def _datatype(parent: etree._Element, data_ref: etree._Element, where: str) -> None:
    """Append the RELAX NG for one ``dataRef``: the same patterns TEI P5's tei_all uses."""
    key, name = data_ref.get("key"), data_ref.get("name")
    if name:
        _data(parent, name)
    elif key == "teidata.pointer":
        _data(parent, "anyURI", r"\S+")
    elif key in ("teidata.enumerated", "teidata.word"):
        _data(parent, "token", TOKEN_PATTERN)
    elif key == "teidata.name":
        _data(parent, "Name")
    elif key == "teidata.text":
        _data(parent, "string")
    elif key == "teidata.temporal.w3c":
        choice = _rng("choice", parent)
        for type_ in TEMPORAL_TYPES:
            _data(choice, type_)
    elif key == "teidata.numeric":
        choice = _rng("choice", parent)
        _data(choice, "double")
        _data(choice, "token", r"(\-?[\d]+/\-?[\d]+)")
        _data(choice, "decimal")
    elif key == "teidata.language":
        choice = _rng("choice", parent)
        _data(choice, "language")
        _rng("value", choice)
    elif key == "teidata.versionNumber":
        _data(parent, "token", r"[\d]+(\.[\d]+){0,2}")
    else:
        raise SchemaError(f"{where}: datatype {key or name!r} is not known to edition.validate.schema")


def _attribute(parent: etree._Element, att_def: etree._Element, where: str) -> None:
    ident = att_def.get("ident")
    required = att_def.get("usage") == "req"
    holder = parent if required else _rng("optional", parent)
    attribute = _rng("attribute", holder, name=ident)
    datatype = att_def.find("t:datatype", NSMAP_T)
    many = datatype is not None and datatype.get("maxOccurs", "1") != "1"
    target = _rng("oneOrMore", _rng("list", attribute)) if many else attribute
    val_list = att_def.find("t:valList", NSMAP_T)
    if val_list is not None and val_list.get("type") == "closed":
        choice = _rng("choice", target)
        for item in val_list.iterfind("t:valItem", NSMAP_T):
            _rng("value", choice).text = item.get("ident")
        return
    if datatype is None or datatype.find("t:dataRef", NSMAP_T) is None:
        raise SchemaError(f"{where}: attribute {ident} needs a datatype or a closed valList")
    _datatype(target, datatype.find("t:dataRef", NSMAP_T), f"{where}/@{ident}")


def _occurs(parent: etree._Element, spec: etree._Element) -> etree._Element:
    """The wrapper for ``minOccurs``/``maxOccurs`` (``parent`` when exactly once)."""
    low = spec.get("minOccurs", "1")
    high = spec.get("maxOccurs", "1")
    if (low, high) == ("1", "1"):
        return parent
    if (low, high) == ("0", "1"):
        return _rng("optional", parent)
    if (low, high) == ("0", "unbounded"):
        return _rng("zeroOrMore", parent)
    if (low, high) == ("1", "unbounded"):
        return _rng("oneOrMore", parent)
    raise SchemaError(f"line {spec.sourceline}: minOccurs={low} maxOccurs={high} is not supported")


def _content(parent: etree._Element, spec: etree._Element) -> None:
    """Translate one pure-ODD content particle into RELAX NG under ``parent``."""
    tag = etree.QName(spec).localname
    if tag in ("alternate", "sequence") and spec.get("minOccurs") == spec.get("maxOccurs") \
            and spec.get("minOccurs", "1") not in ("0", "1"):
        # exactly N: N copies of the particle, each once
        group = _rng("group", parent)
        for _ in range(int(spec.get("minOccurs"))):
            copy = etree.Element(spec.tag, spec.attrib)
            copy.attrib.pop("minOccurs")
            copy.attrib.pop("maxOccurs")
            copy.extend(etree.fromstring(etree.tostring(child)) for child in spec)
            _content(group, copy)
        return
    holder = _occurs(parent, spec)
    if tag == "elementRef" or tag == "macroRef":
        _rng("ref", holder, name=spec.get("key"))
    elif tag == "textNode":
        _rng("text", holder)
    elif tag == "empty":
        _rng("empty", holder)
    elif tag in ("alternate", "sequence"):
        children = [child for child in spec if isinstance(child.tag, str)]
        wrapper = _rng("choice" if tag == "alternate" else "group", holder) if len(children) > 1 else holder
        for child in children:
            _content(wrapper, child)
    else:
        raise SchemaError(f"line {spec.sourceline}: content element <{tag}> is not supported")


def _schema_spec(odd: etree._ElementTree) -> etree._Element:
    spec = odd.find(f".//{T}schemaSpec")
    if spec is None:
        raise SchemaError("the ODD has no schemaSpec")
    return spec


def derive_rng(odd: etree._ElementTree) -> etree._Element:
    """The customisation's RELAX NG grammar (lxml element)."""
    spec = _schema_spec(odd)
    grammar = _rng("grammar", ns=TEI_NS, datatypeLibrary=XSD_TYPES)
    grammar.append(etree.Comment(
        f" Generated by edition.validate.schema from schema/edition.odd (schemaSpec {spec.get('ident')}); do not edit. "))
    start = _rng("start", grammar)
    _rng("ref", start, name=spec.get("start", "TEI"))
    global_atts = spec.find(f"{T}classSpec[@ident='att.global']/{T}attList")
    for macro in spec.iterfind(f"{T}macroSpec"):
        define = _rng("define", grammar, name=macro.get("ident"))
        _content(define, _single_content(macro))
    for element_spec in spec.iterfind(f"{T}elementSpec"):
        ident = element_spec.get("ident")
        where = f"elementSpec {ident}"
        define = _rng("define", grammar, name=ident)
        element = _rng("element", define, name=ident)
        desc = element_spec.find(f"{T}desc")
        if desc is not None:
            doc = etree.SubElement(element, f"{{{A_NS}}}documentation", nsmap={"a": A_NS})
            doc.text = " ".join("".join(desc.itertext()).split())
        _content(element, _single_content(element_spec))
        own = element_spec.find(f"{T}attList")
        own_idents = {a.get("ident") for a in own.iterfind(f"{T}attDef")} if own is not None else set()
        for att_def in (global_atts.iterfind(f"{T}attDef") if global_atts is not None else ()):
            if att_def.get("ident") not in own_idents:
                _attribute(element, att_def, where)
        if own is not None:
            for att_def in own.iterfind(f"{T}attDef"):
                if att_def.get("mode") != "delete":
                    _attribute(element, att_def, where)
    return grammar


def _single_content(spec: etree._Element) -> etree._Element:
    content = spec.find(f"{T}content")
    children = [c for c in content if isinstance(c.tag, str)] if content is not None else []
    if len(children) != 1:
        raise SchemaError(f"{spec.get('ident')}: content must hold exactly one particle",
                          line=spec.sourceline)
    return children[0]


def _top_level_split(expression: str, separator: str) -> list[str]:
    """``expression`` cut at each ``separator`` outside string literals, brackets and parentheses."""
    parts, depth, quote, current = [], 0, "", []
    for char in expression:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


_NAMED_STEP = re.compile(r"tei:([A-Za-z_][\w.-]*)(\[.*\])?", re.S)


def context_elements(context: str) -> frozenset[str] | None:
    """The TEI element names a rule context can match, or ``None`` when it might match any node.

    Conservative: a context is read as a union (``|``) of location paths whose last step is
    ``tei:NAME`` with optional predicates; anything else (``tei:*``, ``*``, ``node()``, attributes,
    axes, other prefixes, spaces before a predicate) gives ``None``.
    """
    names = set()
    for alternative in _top_level_split(context, "|"):
        last = _top_level_split(alternative, "/")[-1].strip()
        match = _NAMED_STEP.fullmatch(last)
        if match is None:
            return None
        names.add(match[1])
    return frozenset(names)


def constraint_of_rule(rule_id: str) -> str:
    """The ``constraintSpec`` ident of a rule id given by :func:`derive_schematron`."""
    return rule_id.partition(".")[0]


def _merged_groups(constraint_specs: list[tuple[etree._Element, list[etree._Element]]]):
    """constraintSpecs (with their rules) in groups no node can match rules of two members of.

    First fit in ODD order: each constraintSpec joins the first group whose element names are disjoint
    from its own; one whose contexts might match any node stays alone.
    """
    groups: list[tuple[set[str] | None, list]] = []
    for constraint_spec, rules in constraint_specs:
        names: set[str] | None = set()
        for rule in rules:
            elements = context_elements(rule.get("context", ""))
            if elements is None:
                names = None
                break
            names |= elements
        for group_names, members in groups:
            if names is not None and group_names is not None and not names & group_names:
                group_names |= names
                members.append((constraint_spec, rules))
                break
        else:
            groups.append((names, [(constraint_spec, rules)]))
    return [members for _, members in groups]


def derive_schematron(odd: etree._ElementTree, *, merge: bool = True) -> etree._Element:
    """The customisation's ISO Schematron schema (lxml element).

    Rules carry their constraintSpec's ident as ``id``; ``merge`` puts constraintSpecs no node can
    match both of into one pattern (the default), otherwise each has its own.
    """
    spec = _schema_spec(odd)
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap={"sch": SCH_NS},
                           queryBinding="xslt")
    schema.append(etree.Comment(" Generated by edition.validate.schema from schema/edition.odd; do not edit. "))
    etree.SubElement(schema, f"{{{SCH_NS}}}title").text = \
        f"Rules of the {spec.get('ident')} customisation"
    etree.SubElement(schema, f"{{{SCH_NS}}}ns", prefix="tei", uri=TEI_NS)
    etree.SubElement(schema, f"{{{SCH_NS}}}ns", prefix="str", uri=EXSLT_STR)
    constraint_specs = []
    for constraint_spec in spec.iterfind(f".//{T}constraintSpec[@scheme='schematron']"):
        ident = constraint_spec.get("ident") or ""
        if not re.fullmatch(r"[A-Za-z_][\w-]*", ident):
            raise SchemaError(f"constraintSpec ident {ident!r} must be a name without dots "
                              "(it becomes the id of the Schematron rules)", line=constraint_spec.sourceline)
        rules = [etree.fromstring(etree.tostring(rule))
                 for rule in constraint_spec.iterfind(f"{T}constraint/{{{SCH_NS}}}rule")]
        for number, rule in enumerate(rules, 1):
            rule.set("id", ident if number == 1 else f"{ident}.{number}")
        constraint_specs.append((constraint_spec, rules))
    groups = _merged_groups(constraint_specs) if merge else [[member] for member in constraint_specs]
    for members in groups:
        idents = [constraint_spec.get("ident") for constraint_spec, _ in members]
        # ids are unique in a Schematron schema: a rule's never ends in ".pattern"
        pattern = etree.SubElement(schema, f"{{{SCH_NS}}}pattern", id=f"{idents[0]}.pattern")
        pattern.text = "\n    "
        pattern.tail = "\n  "
        etree.SubElement(pattern, f"{{{SCH_NS}}}title").text = " ".join(
            _title(constraint_spec) for constraint_spec, _ in members)
        for constraint_spec, rules in members:
            pattern.append(etree.Comment(f" constraintSpec {constraint_spec.get('ident')} "))
            pattern.extend(rules)
    etree.cleanup_namespaces(schema, top_nsmap={"sch": SCH_NS})
    return schema


def _title(constraint_spec: etree._Element) -> str:
    desc = constraint_spec.find(f"{T}desc")
    text = " ".join("".join(desc.itertext()).split()) if desc is not None else ""
    return f"[{constraint_spec.get('ident')}] {text}".strip()


def _serialise(root: etree._Element, *, indent: bool = True) -> bytes:
    if indent:  # never for Schematron: its messages are mixed content
        etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def derive(odd_path: Path = ODD_PATH) -> DerivedSchemas:
    """Both derived schemas as the bytes written to ``schema/``."""
    odd = parse_xml_file(odd_path)
    return DerivedSchemas(rng=_serialise(derive_rng(odd)), sch=_serialise(derive_schematron(odd), indent=False))


def stale_files(odd_path: Path = ODD_PATH, rng_path: Path = RNG_PATH, sch_path: Path = SCH_PATH) -> list[Path]:
    """The derived files that do not match what the ODD gives now."""
    derived = derive(odd_path)
    return [path for path, data in ((rng_path, derived.rng), (sch_path, derived.sch))
            if not path.is_file() or path.read_bytes() != data]


def write_derived(odd_path: Path = ODD_PATH, rng_path: Path = RNG_PATH, sch_path: Path = SCH_PATH) -> None:
    derived = derive(odd_path)
    write_bytes_atomic(rng_path, derived.rng)
    write_bytes_atomic(sch_path, derived.sch)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if "--check" in args:
            stale = stale_files()
            for path in stale:
                print(f"{path}: stale, run: python -m edition.validate.schema", file=sys.stderr)
            return 1 if stale else 0
        write_derived()
    except SchemaError as exc:
        print(f"edition: {exc.format_message()}", file=sys.stderr)
        return 2
    print(f"wrote {RNG_PATH.name} and {SCH_PATH.name} from {ODD_PATH.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
