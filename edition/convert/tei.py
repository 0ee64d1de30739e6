"""Document model → TEI P5 tree. The only module that writes TEI elements for the converter."""

from __future__ import annotations

import dataclasses
import re

from lxml import etree

from .. import TEI_NS, XML_NS, __version__
from ..credits import EditionFacts
from ..editorial.metadata import DocumentMetadata
from .model import (
    Closer, Continuation, Document, Gloss, Head, Inline, ItemList, Label, Mark, Narrative, Note, PageBreak, Paragraph,
    Stage, StageBlock, Supplied, Timecode, Turn,
)

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
LANGUAGES = {"en": "English", "ru": "Russian", "zh": "Chinese", "de": "German", "fr": "French",
             "pl": "Polish", "cs": "Czech", "bg": "Bulgarian", "hu": "Hungarian", "ro": "Romanian"}


def el(parent, name: str, text: str | None = None, **attrs) -> etree._Element:
    """Append a TEI element; attribute names ``xml_id``/``xml_lang`` map to the XML namespace."""
    node = etree.SubElement(parent, T + name)
    for key, value in attrs.items():
        if value is None:
            continue
        key = {"xml_id": XML_ID, "xml_lang": XML_LANG}.get(key, key)
        node.set(key, str(value))
    if text is not None:
        node.text = text.replace("\f", "")  # page breaks are kept as <pb/> in running text only
    return node


#: How a transcript's labels end (``Document.label_marks``), in the editorial declaration's words.
_LABEL_MARKS = {"colon": "a name or an office followed by a colon",
                "period": "a name or an office followed by a period, as in hearing and parliamentary records",
                "tab": "a name followed by a tab", "dash": "a name followed by a dash",
                "line": "a name alone on the line above the speech"}


class TeiBuilder:
    """Builds the TEI tree of one document; ids are counted in document order."""

    def __init__(self, doc: Document, meta: DocumentMetadata, publisher: str | None = None,
                 facts: EditionFacts | None = None):
        if not doc.date:
            # a record dated only by its title ("Record of a conversation, 1 March 1960")
            from ..editorial.dates import full_date

            found = full_date(doc.title or "")
            if found:
                doc = dataclasses.replace(doc, date=found[0], date_text=found[1])
        self.doc = doc
        self.meta = meta
        self.facts = facts or EditionFacts()
        # the edition's publisher: the editorial file's, the project's, else its editor (never the tool)
        self.publisher = meta.publisher or publisher or meta.editor
        self.counters: dict[str, int] = {}
        self.bracket_resps: set[str] = set()

    def next_id(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}-{self.counters[prefix]}"

    # ------------------------------------------------------------------ whole document
    def build(self) -> etree._Element:
        root = etree.Element(T + "TEI", nsmap={None: TEI_NS})
        root.set(XML_ID, self.doc.id)
        root.set(XML_LANG, self.meta.language)
        header = el(root, "teiHeader")
        text = el(root, "text")
        body = el(text, "body")
        self.build_body(body)           # first: tells which responsibilities brackets need
        self.build_header(header)
        return root

    # ------------------------------------------------------------------ header
    def build_header(self, header) -> None:
        doc, meta = self.doc, self.meta
        file_desc = el(header, "fileDesc")
        title_stmt = el(file_desc, "titleStmt")
        el(title_stmt, "title", doc.title or f"Transcript {doc.id}", type="main")
        if doc.subtitle:
            el(title_stmt, "title", doc.subtitle, type="sub")
        for editor in self.facts.editors:
            self.edition_editor(title_stmt, editor)
        for funder in self.facts.funders:  # who funded this edition; the source's funder is in its bibl
            el(title_stmt, "funder", funder.name, ref=funder.ror)
        if doc.translator or "translator" in self.bracket_resps:
            resp = el(title_stmt, "respStmt", xml_id="translator")
            el(resp, "resp", "Obtained and translated by" if doc.translator else "Translation")
            el(resp, "persName" if doc.translator else "name", doc.translator or "translator not named in the source")
        if doc.transcriber or "transcriber" in self.bracket_resps:
            resp = el(title_stmt, "respStmt", xml_id="transcriber")
            el(resp, "resp", "Transcribed by" if doc.transcriber else "Transcription")
            el(resp, "persName" if doc.transcriber else "name", doc.transcriber or "transcriber not named in the source")
        if doc.recorder:
            resp = el(title_stmt, "respStmt", xml_id="recorder")
            el(resp, "resp", "Recorded by")
            el(resp, "persName", doc.recorder)
        resp = el(title_stmt, "respStmt", xml_id="editor")
        el(resp, "resp", "TEI encoding and editing")
        if self.facts.editors:
            for editor in self.facts.editors:
                el(resp, "orgName" if editor.organisation else "persName", editor.name, ref=editor.orcid)
        else:
            el(resp, "name", meta.editor)
        if self.facts.version:
            el(el(file_desc, "editionStmt"), "edition", f"Version {self.facts.version}", n=self.facts.version)

        pub = el(file_desc, "publicationStmt")
        el(pub, "publisher", self.publisher)
        edition_date = meta.edition_date or self.facts.date    # the document's own, else the project's
        if edition_date:
            el(pub, "date", edition_date, when=edition_date)
        el(pub, "idno", doc.id, type="edition")
        if self.facts.doi:
            el(pub, "idno", self.facts.doi, type="DOI")
        if self.facts.page_url(doc.id):
            el(pub, "idno", self.facts.page_url(doc.id), type="URI")
        availability = el(pub, "availability")
        licence = el(availability, "licence", target=meta.licence_url)
        licence.text = f"The encoding and editorial matter of this edition: {meta.licence}."
        for rights in doc.rights:
            el(availability, "p", rights)

        if self.facts.edition_doi or self.facts.url:
            series = el(file_desc, "seriesStmt")
            el(series, "title", self.facts.title or self.publisher, type="collection")
            if self.facts.edition_doi:
                el(series, "idno", self.facts.edition_doi, type="DOI")
            if self.facts.url:
                el(series, "idno", self.facts.url, type="URI")
        if doc.header_notes:
            notes = el(file_desc, "notesStmt")
            for note in doc.header_notes:
                el(notes, "note", note, type="record-header")
        source_desc = el(file_desc, "sourceDesc")
        self.build_source(source_desc)

        encoding = el(header, "encodingDesc")
        project = el(encoding, "projectDesc")
        for paragraph in meta.introduction:
            el(project, "p", paragraph)
        el(project, "p", "Converted from a plain-text transcript by edition, which records every decision "
                         "in a conversion report; source text not encoded in the body is named there.")
        decl = el(encoding, "editorialDecl")
        for kind, text in self.editorial_principles():
            el(el(decl, kind), "p", text)
        app = el(el(encoding, "appInfo"), "application", ident="edition", version=__version__)
        el(app, "label", "edition")

        profile = el(header, "profileDesc")
        if doc.abstract:
            abstract = el(profile, "abstract")
            for para in doc.abstract:
                el(abstract, "p", para)
        usage = el(profile, "langUsage")
        el(usage, "language", LANGUAGES.get(meta.language, meta.language), ident=meta.language)
        if meta.original_language and meta.original_language != meta.language:
            el(usage, "language", LANGUAGES.get(meta.original_language, meta.original_language),
               ident=meta.original_language)
        if doc.participants:
            persons = el(el(profile, "particDesc"), "listPerson")
            for person in doc.participants:
                node = el(persons, "person", xml_id=person.id, role=person.role)
                el(node, "persName", person.name)
        if doc.date or doc.place or doc.time_from:
            setting = el(el(profile, "settingDesc"), "setting")
            if doc.date or doc.time_from:
                self.build_setting_date(setting)
            if doc.place:
                el(setting, "placeName", doc.place)

    def build_setting_date(self, setting) -> None:
        doc = self.doc
        attrs = {}
        label = doc.date_text or doc.date or ""
        if doc.date:
            attrs["when"] = doc.date
        if doc.time_from:
            prefix = f"{doc.date}T" if doc.date else ""
            attrs["from"] = f"{prefix}{doc.time_from}:00"
            if doc.time_to:
                attrs["to"] = f"{prefix}{doc.time_to}:00"
            label = f"{label}, {doc.time_from}–{doc.time_to}" if doc.time_to else f"{label}, {doc.time_from}"
            if "when" in attrs and doc.date:
                del attrs["when"]
        el(setting, "date", label.strip(", "), **attrs)

    def build_source(self, source_desc) -> None:
        doc, meta = self.doc, self.meta
        archival = doc.archival_source
        if archival:
            ms = el(source_desc, "msDesc")
            ident = el(ms, "msIdentifier")
            if archival.country:
                el(ident, "country", archival.country)
            if archival.settlement:
                el(ident, "settlement", archival.settlement)
            el(ident, "repository", archival.repository)
            for kind in ("fond", "opis", "delo"):
                value = getattr(archival, kind)
                if value:
                    el(ident, "idno", value, type=kind)
            alt = el(ident, "altIdentifier", type="citation")
            el(alt, "idno", archival.citation, type="citation")
            item = el(el(ms, "msContents"), "msItem")
            if archival.folios:
                first, last = archival.folios
                el(item, "locus", f"l. {first}-{last}" if last != first else f"l. {first}", **{"from": first, "to": last})
            el(item, "title", doc.title or doc.id)
            if meta.original_language:
                el(item, "textLang", LANGUAGES.get(meta.original_language, meta.original_language),
                   mainLang=meta.original_language)
            if doc.date or archival.year:
                origin = el(el(ms, "history"), "origin")
                el(origin, "origDate", doc.date_text or archival.year, when=doc.date or archival.year)
        bibl = el(source_desc, "bibl", type="transcript")
        el(bibl, "title", doc.title or doc.id)
        if meta.source_name:
            el(bibl, "publisher", meta.source_name)
        if doc.funder:  # as the source's website states it: it funded the source, not this edition
            el(bibl, "funder", doc.funder)
        if doc.translator:
            el(bibl, "respStmt")
            resp = bibl[-1]
            el(resp, "resp", "translated by")
            el(resp, "persName", doc.translator)
        if meta.source_url:
            el(bibl, "ptr", target=meta.source_url)

    @staticmethod
    def edition_editor(title_stmt, editor) -> None:
        """An ``[[editor]]`` of the project file: ``editor/@ref`` is the ORCID, the ROR is on the affiliation."""
        node = el(title_stmt, "editor", ref=editor.orcid)
        if editor.organisation:
            el(node, "orgName", editor.name)
        else:
            name = el(node, "persName")
            if editor.given_name and editor.family_name:
                el(name, "forename", editor.given_name).tail = " "
                el(name, "surname", editor.family_name)
            else:
                name.text = editor.name
        if editor.affiliation:
            el(el(node, "affiliation"), "orgName", editor.affiliation, ref=editor.ror)

    def segmentation_statement(self) -> str:
        if self.doc.captions:
            return (f"The transcript is a caption file ({self.doc.captions}): its cues are joined into running "
                    "text, a line break inside a cue or between cues of one speaker being a space. A turn (sp) "
                    "begins where a voice span, a label at the start of a cue or a speaker-change marker says "
                    "that someone else speaks, a paragraph also after a pause; each begins with the start of its "
                    "first cue (milestone, rend='cue'). A change marker with no name after it opens a paragraph "
                    "outside sp. Cue numbers, timings, settings and tags are not encoded (see the conversion "
                    "report).")
        if not [mark for mark in self.doc.label_marks if mark != "colon"]:
            return ("Paragraphs follow the blank-line paragraphs of the transcript. A label ending in a "
                    "colon at the start of a paragraph opens a speaker turn (sp); paragraphs without a "
                    "label continue the turn, unless they are the recorder's narrative (p outside sp).")
        ways = ", or ".join(_LABEL_MARKS[mark] for mark in self.doc.label_marks)
        return ("Paragraphs follow the blank-line paragraphs of the transcript. A speaker's label at the start of a "
                f"paragraph ({ways}) opens a speaker turn (sp); paragraphs without a label continue the turn, "
                "unless they are the recorder's narrative (p outside sp).")

    def editorial_principles(self) -> list[tuple[str, str]]:
        return [
            ("normalization", "The text is given as received: spelling, curly quotation marks, dashes, ellipses "
                              "and no-break spaces are kept as characters. Line ends were normalised to LF and white "
                              "space at the end of lines dropped; the white space between a speaker label and the "
                              "speech is not kept."),
            ("segmentation", self.segmentation_statement()),
            ("interpretation", "Parenthesised stage directions are encoded as stage with a type from a closed list "
                               "(time, laughter, silence, applause, delivery, action), without the parentheses. "
                               "Square-bracketed insertions are encoded as supplied (words added to complete the "
                               "sense) or as inline notes of type gloss (explanations), without the brackets, and "
                               "are attributed with @resp."),
            ("correction", "Slips are not silently corrected: a corrected reading is given in choice with the "
                           "reading as received in sic and the editor's reading in corr, with @resp."),
            ("quotation", "Quotation marks are kept as received."),
            ("hyphenation", self.hyphenation_statement()),
        ]

    def hyphenation_statement(self) -> str:
        if self.doc.captions:
            return ("The cues break their text into lines; a line break is kept as a space, and a hyphen at a "
                    "line end is kept as received, not joined.")
        if not self.doc.line_breaks:
            return "Each paragraph of the transcript is one line: there is no end-of-line hyphenation."
        if self.doc.line_end_hyphens:
            return ("The transcript breaks lines inside paragraphs; line breaks are kept as white space, and "
                    f"the {self.doc.line_end_hyphens} hyphen(s) at line ends are kept as received, not joined.")
        return "The transcript breaks lines inside paragraphs; line breaks are kept as white space."

    # ------------------------------------------------------------------ body
    def build_body(self, body) -> None:
        div = el(body, "div", type="record", xml_id="record")
        for block in self.doc.body:
            if isinstance(block, Head):
                head = el(div, "head")
                for index, line in enumerate(block.lines):
                    if index:
                        etree.SubElement(head, T + "lb")
                    self.append_marked_text(head, line)
            elif isinstance(block, StageBlock):
                self.stage_block(div, block)
            elif isinstance(block, Narrative):
                self.paragraph(div, block.paragraph.content)
            elif isinstance(block, Turn):
                self.turn(div, block)
            elif isinstance(block, PageBreak):
                el(div, "pb", n=block.n)
            elif isinstance(block, Closer):
                signed = el(el(div, "closer"), "signed", block.text[:block.name_start])
                name = el(signed, "persName", block.name)
                name.tail = block.text[block.name_start + len(block.name):] or None
        if all(child.tag in (T + "head", T + "pb") for child in div):   # no text besides a heading
            el(div, "p", "")

    def stage_block(self, parent, block: StageBlock) -> None:
        if block.tail.strip():
            para = el(parent, "p", xml_id=self.next_id("p"))
            stage = self.stage(para, block.stage)
            stage.tail = block.tail.rstrip()
        else:
            self.stage(parent, block.stage, xml_id=self.next_id("stage"))

    def stage(self, parent, stage: Stage, **attrs) -> etree._Element:
        node = el(parent, "stage", type=stage.type, **attrs)
        self.append_inline(node, stage.content)
        return node

    def paragraph(self, parent, content, **attrs) -> etree._Element:
        node = el(parent, "p", xml_id=self.next_id("p"), **attrs)
        self.append_inline(node, content)
        return node

    def turn(self, div, turn: Turn) -> None:
        sp = el(div, "sp", who=f"#{turn.label.who}", xml_id=self.next_id("sp"))
        if turn.label.timecode is not None:
            self.timecode(sp, turn.label.timecode)
        if turn.label.text:
            speaker = self.speaker(sp, turn.label)
            if turn.label_alone:
                speaker.set("rend", "own-paragraph")   # (after the milestone of a timecode written with it)
        if turn.first_content:
            self.paragraph(sp, turn.first_content)
        pending_label: Label | None = None
        for block in turn.blocks:
            if isinstance(block, Continuation):
                pending_label = block.label
                continue
            if isinstance(block, Paragraph):
                node = self.paragraph(sp, ())
                if pending_label is not None:
                    stage = el(node, "stage", pending_label.text, type="delivery", rend="label")
                    stage.tail = " "
                    pending_label = None
                self.append_inline(node, block.content)
            elif isinstance(block, ItemList):
                lst = el(sp, "list", rend="dash")
                for item in block.items:
                    node = el(lst, "item", n=item.marker, xml_id=self.next_id("item"))
                    self.append_inline(node, item.content)
            elif isinstance(block, StageBlock):
                self.stage_block(sp, block)
        if pending_label is not None:  # a continuation label with nothing after it
            el(el(sp, "p", xml_id=self.next_id("p")), "stage", pending_label.text, type="delivery", rend="label")
        if len(sp) == (1 if turn.label.text else 0):
            el(sp, "p", xml_id=self.next_id("p"))

    def speaker(self, sp, label: Label) -> etree._Element:
        speaker = el(sp, "speaker")
        if label.corrected and label.corrected != label.text:
            written, corrected = label.text.split(), label.corrected.split()
            if len(written) == len(corrected):
                pieces = []
                for index, (w, c) in enumerate(zip(written, corrected)):
                    pieces.append((w, c))
                self._speaker_with_choice(speaker, pieces)
            else:
                choice = el(speaker, "choice")
                el(choice, "sic", label.text)
                el(choice, "corr", label.corrected, resp="#editor")
        elif label.supplied:
            self.bracket_resps.add(self.doc.bracket_resp)
            el(speaker, "supplied", label.text, reason="omitted", resp=f"#{self.doc.bracket_resp}")
        elif label.text.startswith("[") and "]" in label.text:   # "[Gheorghe Gheorghiu-] Dej"
            close = label.text.index("]")
            self.bracket_resps.add(self.doc.bracket_resp)
            el(speaker, "supplied", label.text[1:close], reason="omitted", resp=f"#{self.doc.bracket_resp}")
            speaker[-1].tail = label.text[close + 1:]
        else:
            speaker.text = label.text
        if label.stage is not None:
            self.stage(sp, label.stage)
        return speaker

    def _speaker_with_choice(self, speaker, pieces) -> None:
        last = None
        for index, (written, corrected) in enumerate(pieces):
            sep = " " if index else ""
            if written == corrected:
                if last is None:
                    speaker.text = (speaker.text or "") + sep + written
                else:
                    last.tail = (last.tail or "") + sep + written
                continue
            if last is None:
                speaker.text = (speaker.text or "") + sep
            else:
                last.tail = (last.tail or "") + sep
            choice = el(speaker, "choice")
            el(choice, "sic", written)
            el(choice, "corr", corrected, resp="#editor")
            last = choice

    # ------------------------------------------------------------------ inline
    def append_text(self, parent, text: str) -> None:
        text = text.replace("\f", "")
        if not text:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def append_inline(self, parent, parts: tuple[Inline, ...]) -> None:
        for part in parts:
            if isinstance(part, str):
                self.append_text(parent, part)
            elif isinstance(part, Stage):
                self.stage(parent, part)
            elif isinstance(part, Supplied):
                self.bracket_resps.add(part.resp)
                node = el(parent, "supplied", reason=part.reason, resp=f"#{part.resp}")
                self.append_inline(node, part.content)
            elif isinstance(part, Gloss):
                self.bracket_resps.add(part.resp)
                node = el(parent, "note", type="gloss", place="inline", resp=f"#{part.resp}")
                self.append_inline(node, part.content)
            elif isinstance(part, PageBreak):
                el(parent, "pb", n=part.n)
            elif isinstance(part, Timecode):
                self.timecode(parent, part)
            elif isinstance(part, Note):
                self.note(parent, part.n, part.text)
            elif isinstance(part, Mark):
                self.mark(parent, part)

    def mark(self, parent, mark: Mark) -> None:
        """A transcriber's mark: gap, incident and vocal describe it in desc; unclear holds the words."""
        self.bracket_resps.add(mark.resp)
        rend = "parentheses" if mark.brackets == "()" else "brackets"
        if mark.element == "unclear":
            el(parent, "unclear", mark.text, reason=mark.reason, resp=f"#{mark.resp}", rend=rend)
            return
        node = el(parent, mark.element, reason=mark.reason, resp=f"#{mark.resp}", rend=rend)
        el(node, "desc", mark.text)

    def note(self, parent, n: str, text: str) -> None:
        """A note of the source at its marker; its marker kept in @n."""
        self.bracket_resps.add(self.doc.bracket_resp)
        el(parent, "note", text.replace("\n", " "), n=n, place="foot", type="original",
           resp=f"#{self.doc.bracket_resp}")

    def append_marked_text(self, parent, text: str) -> None:
        """Text that may carry note markers (``[1]``) of the source's notes: a heading."""
        pieces = re.split(r"\[(\d{1,3})\]", text) if self.doc.notes else [text]
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                self.append_text(parent, piece)
            elif piece in self.doc.notes:
                self.note(parent, piece, self.doc.notes[piece])
            else:
                self.append_text(parent, f"[{piece}]")

    @staticmethod
    def timecode(parent, code: Timecode) -> None:
        """A position in the recording: a milestone, its brackets as written in @rend (``cue``: the start
        of a caption cue, from its timing line)."""
        el(parent, "milestone", unit="timecode", n=code.value,
           rend={"()": "parentheses", "": "plain", "cue": "cue"}.get(code.brackets, "brackets"))


def build_tei(doc: Document, meta: DocumentMetadata, publisher: str | None = None,
              facts: EditionFacts | None = None) -> etree._Element:
    """The TEI tree of a classified document; ``facts``: the project file's editors, version, DOIs."""
    return TeiBuilder(doc, meta, publisher, facts).build()
