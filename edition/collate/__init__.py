"""Collation: several witnesses of one document → one TEI text with an apparatus in parallel
segmentation.

The stages, in order (each a function of this package)::

    read_witnesses   each witness → TEI (a transcript through the converter, or a TEI file)
    read_blocks      TEI → blocks (turns, paragraphs) → tokens, normalised (tokens.py, normalise.py)
    align_blocks     blocks of every witness against the base's (turns.py)
    align_tokens     tokens of corresponding blocks, with CollateX (words.py)
    find_variants    columns where the readings differ → variants; widen to whole elements (apparatus.py)
    apply_decisions  the editors' lemma and reject decisions (decisions.py)
    build_apparatus  app/lem/rdg built into the base witness's TEI, listWit in the header
    check_lossless   every witness read back from the apparatus, word for word, or an error
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from .apparatus import Variant, find_variants, place_variant, reading_key, reading_text, widen
from .decisions import Decision, load_decisions
from .normalise import PUNCTUATION, Normaliser, load_normaliser
from .tokens import _T, TEI, Block, read_blocks
from .turns import align_blocks
from .words import ANCHOR_LENGTH, Column, align_tokens

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
BASE_CATEGORY = "base-text"


class CollationError(EditionError):
    """The witnesses cannot be collated, or the result would not give back every witness."""


@dataclass
class Witness:
    siglum: str
    description: str
    base: bool
    root: etree._Element = field(repr=False)
    name: str = ""
    result: object = field(default=None, repr=False)   # the ConversionResult of a transcript
    blocks: list[Block] = field(default_factory=list, repr=False)


@dataclass
class Collation:
    """The collated document: ``result`` is the base witness's conversion with the apparatus in it."""

    result: object
    witnesses: list[Witness]
    apps: int
    timings: dict[str, float]
    warnings: list[str] = field(default_factory=list)


def read_witnesses(specs, *, register=None, publisher=None, name_of=str) -> list[Witness]:
    """Every witness as TEI: a transcript converted (with its editorial file), a TEI file parsed."""
    from ..convert import convert_file
    from ..safexml import parse_xml_file

    witnesses = []
    for spec in specs:
        name = name_of(spec.source)
        if spec.source.suffix.lower() == ".xml":
            root = parse_xml_file(spec.source).getroot()
            if root.tag != _T + "TEI":
                raise CollationError("a TEI witness must have a TEI root element", path=name)
            witnesses.append(Witness(spec.siglum, spec.description, spec.base, root, name))
        else:
            result = convert_file(spec.source, metadata_path=spec.metadata, register=register,
                                  publisher=publisher, name=name)
            witnesses.append(Witness(spec.siglum, spec.description, spec.base, result.root, name, result))
    return witnesses


def collate_witnesses(specs, *, register=None, publisher=None, name_of=str,
                      editorial: dict | None = None, editorial_path: str | None = None) -> Collation:
    """Run the stages for one document's witnesses (``WitnessSpec``s, one with ``base``)."""
    from ..project import read_toml

    timings: dict[str, float] = {}
    clock = time.perf_counter()
    witnesses = read_witnesses(specs, register=register, publisher=publisher, name_of=name_of)
    timings["convert"] = time.perf_counter() - clock
    base = next(w for w in witnesses if w.base)
    if base.result is None:
        raise CollationError("the base witness must be a transcript (its conversion is the edition's text); "
                             "a TEI file can be another witness", path=base.name)
    if editorial is None:
        spec = next(s for s in specs if s.base)
        editorial_path = str(spec.metadata) if spec.metadata else None
        editorial = read_toml(spec.metadata) if spec.metadata else {}
    normalise = load_normaliser(editorial, editorial_path)
    anchor_length = editorial.get("collation", {}).get("anchor_length", ANCHOR_LENGTH)
    if not isinstance(anchor_length, int) or anchor_length < 0:
        raise EditionError("collation.anchor_length must be a whole number (0: CollateX aligns whole turns)",
                           path=editorial_path)
    ordered = [base] + [w for w in witnesses if not w.base]
    sigla = [w.siglum for w in ordered]
    decisions = load_decisions(editorial, normalise, sigla, editorial_path)
    clock = time.perf_counter()
    for witness in ordered:
        witness.blocks = read_blocks(witness.root, normalise, witness.name)
    expected = {w.siglum: forms_of(w.blocks, normalise) for w in ordered}
    alignment = align_blocks({w.siglum: w.blocks for w in ordered}, base.siglum)
    timings["align turns"] = time.perf_counter() - clock
    warnings = alignment_warnings(alignment, ordered)
    base.result.report.warnings.extend(warnings)
    clock = time.perf_counter()
    per_row = []
    for row in alignment.rows:
        present = [s for s in sigla if row.get(s) is not None]
        variants: list[Variant] = []
        if len(present) >= 2:
            block = row[base.siglum]
            columns = align_tokens({s: row[s].tokens for s in present}, base.siglum, anchor_length)
            variants = widen(find_variants(block, columns, present), columns, base.siglum)
        per_row.append((row, present, variants))
    timings["align words (CollateX)"] = time.perf_counter() - clock
    clock = time.perf_counter()
    every = [v for _, _, variants in per_row for v in variants]
    apply_decisions(every, decisions, base.siglum, per_row)
    apps = build_apparatus(base.root, per_row, alignment.added, ordered, normalise)
    add_witness_list(base.root, ordered)
    timings["apparatus"] = time.perf_counter() - clock
    clock = time.perf_counter()
    check_lossless(base.root, ordered, expected, normalise)
    timings["lossless check"] = time.perf_counter() - clock
    base.result._bytes = None
    return Collation(base.result, ordered, apps, timings, warnings)


def alignment_warnings(alignment, witnesses: list[Witness]) -> list[str]:
    """Whole turns one witness has and another lacks: right, or a turn the aligner could not pair
    (split, merged, or rewritten): the editors should look."""
    def describe(block: Block) -> str:
        words = "".join(t.t for t in block.tokens[:8]).strip()
        return f"{block.label + ': ' if block.label else ''}{words}…"
    base = witnesses[0]
    out = []
    for row in alignment.rows:
        missing = [w.siglum for w in witnesses[1:] if row.get(w.siglum) is None]
        if missing:
            out.append(f"{base.name}: collation: "
                       f"{', '.join(missing)} lack(s) the {row[base.siglum].kind} “{describe(row[base.siglum])}” "
                       "(recorded as an omission; check the alignment)")
    for entries in alignment.added.values():
        for siglum, block in entries:
            name = next(w.name for w in witnesses if w.siglum == siglum)
            out.append(f"{name}: collation: the {block.kind} “{describe(block)}” has no counterpart in the "
                       f"base text (recorded as an addition; check the alignment)")
    return out


def forms_of(blocks: list[Block], normalise: Normaliser) -> list[str]:
    return [t.n for b in blocks for t in b.tokens if t.n != PUNCTUATION]


# ---------------------------------------------------------------- decisions

def apply_decisions(variants: list[Variant], decisions: list[Decision], base: str, per_row) -> None:
    for decision in decisions:
        places = [v for v in variants if reading_key(v.reading(decision.witness)) == decision.reading
                  and (decision.base is None or reading_key(v.reading(base)) == decision.base)]
        if decision.occurrence is not None:
            places = places[decision.occurrence - 1:decision.occurrence]
        if len(places) != 1:
            raise CollationError(f"{decision.describe()} matches {len(places) or 'no'} variant(s): "
                                 + ("give base = … or occurrence = N" if places else
                                    "compare it with the apparatus of 'edition collate'"))
        variant = places[0]
        if decision.kind == "lemma":
            variant.lemma = decision.witness
            continue
        # reject: the witness reads nothing here, and its words are an addition after the variant
        split = Variant(variant.block, [Column({decision.witness: variant.reading(decision.witness)})],
                        variant.stop, variant.stop)
        split.rejected_after = variant
        variant.columns = [Column({s: ([] if s == decision.witness else r) for s, r in c.readings.items()})
                           for c in variant.columns]
        for _, _, row_variants in per_row:
            if variant in row_variants:
                row_variants.insert(row_variants.index(variant) + 1, split)
        variants.insert(variants.index(variant) + 1, split)


# ---------------------------------------------------------------- the TEI

def _wit(sigla) -> str:
    return " ".join("#" + s for s in sigla)


def fill_app(app: etree._Element, lem: etree._Element, variant: Variant, sigla: list[str]) -> None:
    """lem and rdg with their witnesses; witnesses reading alike (normalised) share one element."""
    groups: dict[tuple, list[str]] = {}
    for siglum in sigla:
        groups.setdefault(reading_key(variant.reading(siglum)), []).append(siglum)
    base = sigla[0]
    lemma = variant.lemma or base
    lemma_key = reading_key(variant.reading(lemma))
    base_key = reading_key(variant.reading(base))
    lem.set("wit", _wit(groups[lemma_key]))
    if lemma != base:   # the base's words, with their markup, become a reading
        lem.tag = _T + "rdg"
        lem.set("wit", _wit(groups[base_key]))
        if not base_key:
            lem.set("type", "omission")
        new = etree.Element(_T + "lem", wit=_wit(groups[lemma_key]))
        new.text = reading_text(variant.reading(lemma)) or None
        app.insert(0, new)
    for key, members in groups.items():
        if key in (lemma_key, base_key):
            continue
        rdg = etree.SubElement(app, _T + "rdg", wit=_wit(members))
        text = reading_text(variant.reading(members[0]))
        if text:
            rdg.text = text
            if not lemma_key:
                rdg.set("type", "addition")
                # an addition stands before the next word of the base text, or after its last one
                rdg.text = " " + text if variant.at_end or variant.start == len(variant.block.tokens) else text + " "
        else:
            rdg.set("type", "omission")


def build_apparatus(root: etree._Element, per_row, added: dict, witnesses: list[Witness],
                    normalise: Normaliser) -> int:
    sigla = [w.siglum for w in witnesses]
    base = sigla[0]
    for row, present, variants in per_row:
        block = row[base]
        if block.kind == "sp" and len(present) > 1:
            speaker_app(block, {s: row[s] for s in present}, present, normalise)
        for variant in reversed(variants):
            if variant.rejected_after is not None:
                continue
            app, lem = place_variant(variant)
            fill_app(app, lem, variant, present)
            _space_into_omitted(app, lem)
            follower = next((v for v in variants if v.rejected_after is variant), None)
            if follower is not None:
                extra = etree.Element(_T + "app")
                extra_lem = etree.SubElement(extra, _T + "lem")
                fill_app(extra, extra_lem, follower, present)
                extra.tail, app.tail = app.tail, None
                app.addnext(extra)
        missing = [s for s in sigla if s not in present]
        if missing:
            element = block.element
            app = etree.Element(_T + "app")
            lem = etree.SubElement(app, _T + "lem", wit=_wit(present))
            if element.tag == _T + "head":   # a heading cannot stand in a reading: its words do
                lem.text, element.text = element.text, None
                lem.extend(list(element))
                element.append(app)
            else:
                element.addprevious(app)
                app.tail, element.tail = element.tail, None
                lem.append(element)
            etree.SubElement(app, _T + "rdg", wit=_wit(missing), type="omission")
    base_blocks = [row[base] for row, _, _ in per_row]
    for after, entries in sorted(added.items(), reverse=True):
        for siglum, block in reversed(entries):
            app = etree.Element(_T + "app")
            etree.SubElement(app, _T + "lem", wit=_wit(s for s in sigla if s != siglum))
            rdg = etree.SubElement(app, _T + "rdg", wit=_wit([siglum]), type="addition")
            copied = plain_copy(block)
            if isinstance(copied, str):
                rdg.text = copied
            else:
                rdg.append(copied)
            if block.who:
                copy_person(root, witnesses[sigla.index(siglum)].root, block.who, rdg[0])
            anchor = base_blocks[max(after, 0)].element
            if anchor.getparent().tag == _T + "lem":
                anchor = anchor.getparent().getparent()
            if after < 0:
                anchor.addprevious(app)
            else:
                app.tail, anchor.tail = anchor.tail, None
                anchor.addnext(app)
    body = root.find(f"{_T}text/{_T}body")
    apps = list(body.iter(_T + "app"))
    for number, app in enumerate(apps, 1):
        app.set(XML_ID, f"app-{number}")
    return len(apps)


def _space_into_omitted(app: etree._Element, lem: etree._Element) -> None:
    """An omitted word takes the space before it, so that the witness without it reads
    'tomorrow, of course', not 'tomorrow , of course'."""
    if lem.tag != _T + "lem" or app.find(f"{_T}rdg[@type='omission']") is None or not (lem.text or len(lem)):
        return
    previous = app.getprevious()
    before = previous.tail if previous is not None else app.getparent().text
    if not before or not before[-1].isspace():
        return
    if previous is not None:
        previous.tail = before[:-1] or None
    else:
        app.getparent().text = before[:-1] or None
    lem.text = before[-1] + (lem.text or "")


def speaker_app(block: Block, blocks: dict[str, Block], present: list[str], normalise: Normaliser) -> None:
    """An app in ``speaker`` when the witnesses name different speakers (a person, or a label)."""
    def key(b: Block):
        if normalise.speaker(b.label):
            return ("speaker", normalise.speaker(b.label))
        return ("who", b.who) if b.who else ("label", tuple(normalise(w) for w in b.label.split()))
    groups: dict = {}
    for siglum in present:
        groups.setdefault(key(blocks[siglum]), []).append(siglum)
    speaker = block.element.find(_T + "speaker")
    if len(groups) < 2 or speaker is None:
        return
    app = etree.Element(_T + "app")
    lem = etree.SubElement(app, _T + "lem", wit=_wit(groups[key(block)]))
    lem.text, speaker.text = speaker.text, None
    for child in list(speaker):
        lem.append(child)
    for k, members in groups.items():
        if k != key(block):
            rdg = etree.SubElement(app, _T + "rdg", wit=_wit(members))
            rdg.text = blocks[members[0]].label
    speaker.append(app)


def copy_person(root: etree._Element, other: etree._Element, who: str, sp: etree._Element) -> None:
    """A turn of another witness keeps its speaker: the person is copied into the base's list of
    participants when the base does not know it."""
    ident = who.lstrip("#")
    if root.xpath("//*[@xml:id=$i]", i=ident):
        sp.set("who", who)
        return
    person = other.xpath("//tei:particDesc//tei:person[@xml:id=$i]", i=ident, namespaces={"tei": TEI})
    target = root.find(f"{_T}teiHeader/{_T}profileDesc/{_T}particDesc/{_T}listPerson")
    if person and target is not None:
        target.append(copy.deepcopy(person[0]))
        sp.set("who", who)


def plain_copy(block: Block) -> etree._Element:
    """A block of another witness as plain TEI (no ids, no pointers into that witness's header)."""
    if block.kind == "head":   # a heading cannot stand in a reading: its words do
        return reading_text(block.tokens)
    element = etree.Element(block.element.tag)
    units = [u for u in block.element if isinstance(u.tag, str) and u.tag != _T + "speaker"] \
        if block.kind == "sp" else [block.element]
    if block.kind == "sp":
        speaker = etree.SubElement(element, _T + "speaker")
        speaker.text = block.label
    for unit in units:
        target = element if unit is block.element else etree.SubElement(element, unit.tag)
        target.text = "".join(t.t for t in block.tokens if t.unit is unit).strip()
    return element


def add_witness_list(root: etree._Element, witnesses: list[Witness]) -> None:
    """``listWit`` in ``sourceDesc``; ``variantEncoding`` and the base-text category in ``encodingDesc``."""
    header = root.find(_T + "teiHeader")
    source_desc = header.find(f"{_T}fileDesc/{_T}sourceDesc")
    list_wit = etree.SubElement(source_desc, _T + "listWit")
    for witness in witnesses:
        element = etree.SubElement(list_wit, _T + "witness")
        element.set(XML_ID, witness.siglum)
        if witness.base:
            element.set("ana", "#" + BASE_CATEGORY)
        abbr = etree.SubElement(element, _T + "abbr", type="siglum")
        abbr.text = witness.siglum
        abbr.tail = f": {witness.description}" if witness.description else None
    encoding = header.find(_T + "encodingDesc")
    if encoding is None:
        encoding = etree.Element(_T + "encodingDesc")
        header.find(_T + "fileDesc").addnext(encoding)
    etree.SubElement(encoding, _T + "variantEncoding", method="parallel-segmentation", location="internal")
    class_decl = etree.SubElement(encoding, _T + "classDecl")
    taxonomy = etree.SubElement(class_decl, _T + "taxonomy")
    taxonomy.set(XML_ID, "witness-roles")
    category = etree.SubElement(taxonomy, _T + "category")
    category.set(XML_ID, BASE_CATEGORY)
    description = etree.SubElement(category, _T + "catDesc")
    description.text = "Base text: the witness the edited text follows unless the editors decide otherwise."


# ---------------------------------------------------------------- reading a witness back

def witness_body(root: etree._Element, siglum: str) -> etree._Element:
    """The body as one witness reads it: every app replaced by that witness's reading."""
    body = copy.deepcopy(root.find(f"{_T}text/{_T}body"))
    while True:
        app = body.find(f".//{_T}app")
        if app is None:
            return body
        chosen = None
        for reading in app.iter(_T + "lem", _T + "rdg"):
            if reading.getparent() is not app and reading.getparent().tag != _T + "rdgGrp":
                continue
            if "#" + siglum in (reading.get("wit") or "").split():
                chosen = reading
                break
        if chosen is None and app.find(_T + "lem") is not None and not app.find(_T + "lem").get("wit"):
            chosen = app.find(_T + "lem")
        _replace(app, chosen)


def _replace(element: etree._Element, content: etree._Element | None) -> None:
    parent = element.getparent()
    if parent.tag not in (_T + "div", _T + "body"):   # inline: a seg keeps token boundaries
        seg = etree.Element(_T + "seg")
        if content is not None:
            seg.text = content.text
            seg.extend(list(content))
        seg.tail = element.tail
        parent.replace(element, seg)
        return
    index = parent.index(element)
    tail = element.tail or ""
    text = (content.text or "") if content is not None else ""
    children = list(content) if content is not None else []
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + text
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index == 0:
        parent.text = (parent.text or "") + tail
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail


def read_back(root: etree._Element, siglum: str, normalise: Normaliser) -> list[str]:
    """The normalised words of one witness, read from the apparatus."""
    wrapper = etree.Element(_T + "TEI")
    text = etree.SubElement(wrapper, _T + "text")
    text.append(witness_body(root, siglum))
    return forms_of(read_blocks(wrapper, normalise, siglum), normalise)


def check_lossless(root: etree._Element, witnesses: list[Witness], expected: dict, normalise: Normaliser) -> None:
    for witness in witnesses:
        got = read_back(root, witness.siglum, normalise)
        want = expected[witness.siglum]
        if got != want:
            at = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            raise CollationError(
                f"the apparatus does not give back witness {witness.siglum} word for word (word {at + 1}: "
                f"{' '.join(want[at:at + 6])!r} expected, {' '.join(got[at:at + 6])!r} read back); "
                "nothing was written", path=witness.name)


def collate_project(project, echo=lambda message: None) -> list[str]:
    """``edition collate`` in a project: every document with witnesses → ``output/tei/<id>.xml``."""
    from ..convert import serialize_tei
    from ..fsio import write_bytes_atomic

    register = None
    if project.register is not None:
        from ..editorial.register import load_register
        register = load_register(project.register)
    lines = []
    specs = [spec for spec in project.documents if spec.witnesses]
    if not specs:
        raise EditionError("no [[document]] of the project names [[document.witness]] entries")

    def name_of(path: Path) -> str:
        try:
            return str(path.relative_to(project.root))
        except ValueError:
            return str(path)

    collations = [collate_witnesses(spec.witnesses, register=register, publisher=project.publisher or None,
                                    name_of=name_of) for spec in specs]
    for collation in collations:
        for warning in collation.warnings:
            echo(f"warning: {warning}")
    for collation in collations:   # written only when every document collated
        path = project.tei_dir / f"{collation.result.id}.xml"
        write_bytes_atomic(path, serialize_tei(collation.result.root))
        sigla = ", ".join(w.siglum for w in collation.witnesses)
        lines.append(f"collated {sigla} → {name_of(path)}: {collation.apps} apparatus entries")
    return lines
