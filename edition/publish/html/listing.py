"""The listing pass: the pages that list documents (home, indexes, guidelines, about, search page, the
search index, the sitemap), made from the documents' digests and made again only where what reaches them
changed.

The pass keeps a small state between builds (``ListingState``, a SQLite file beside the documents' parts,
``.site/.listing.sqlite``): for each document what the listing pages need of its digest (its header
parts, its register entries, the places that name them, its elements, a hash of its search passages)
and, for each listing page, the key of what reached it when it was last written and the hash of the
file. A build reads only the digests of the documents whose part changed (by its key, ``site.PART_KEY``),
computes every page's key from the state, renders the pages whose key changed and hard-links the others
from the previous site (when that file is the one the state recorded). A state that is missing,
unreadable or made by another version of edition, other stylesheets, settings or ODD is made again from
the digests. The pages are a function of the state alone, so an incremental pass writes byte for byte
what a pass from nothing writes.

Sizes: an index whose kind is named in more than ``INDEX_SPLIT_LINES`` (entry, document) lines is split
into a page per letter (``persons-S.html``) and an overview (``persons.html``, every entry with a link to
its letter's page); the search index of more than ``SEARCH_PART_DOCUMENTS`` documents puts its passages in
parts of that many documents each (``assets/search-index-N.js``) that the search page loads after the
head (``assets/search-index.js``). Each page is one transform of a collection of what reaches it only,
and the digests are read one at a time: the pass's memory follows the largest page, not the corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from lxml import etree

from ...errors import RenderError
from ...fsio import file_sha256, write_new_file
from ...safexml import parse_xml_file

SITE_NS = "urn:edition:site"
_ED = f"{{{SITE_NS}}}"
#: The state's file name in the folder of the documents' parts (no document id begins with a dot).
STATE_NAME = ".listing.sqlite"
#: The version of the state's tables; a state of another version is made again.
STATE_VERSION = "4"
#: An index (persons, places, organisations) is split into a page per letter when more (entry, document)
#: lines than this would be on its one page (about 0.5 MB of HTML).
INDEX_SPLIT_LINES = 1000
#: The search index holds its passages itself up to this many documents, else in parts of this many.
SEARCH_PART_DOCUMENTS = 100
INDEX_KINDS = ("persons", "places", "organisations")

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(id TEXT PRIMARY KEY, pos INTEGER NOT NULL, mark TEXT NOT NULL, title TEXT NOT NULL,
                  head BLOB NOT NULL, head_hash TEXT NOT NULL, project BLOB, principles BLOB,
                  report TEXT NOT NULL, passages_hash TEXT NOT NULL, entry_keys TEXT NOT NULL,
                  name_keys TEXT NOT NULL);
CREATE TABLE blobs(hash TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE entries(doc TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                     letter TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX entries_by_doc ON entries(doc);
CREATE TABLE names(doc TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, blob TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX names_by_doc ON names(doc);
CREATE INDEX names_by_id ON names(id);
CREATE TABLE elements(doc TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL,
                      example TEXT);
CREATE INDEX elements_by_doc ON elements(doc);
CREATE TABLE pages(href TEXT PRIMARY KEY, key TEXT NOT NULL, sha256 TEXT NOT NULL, messages TEXT NOT NULL,
                   stat TEXT NOT NULL);
"""

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, collect_ids=False, huge_tree=True)


def _xml(data: bytes) -> etree._Element:
    """An element the state holds (written by this module from a digest)."""
    return etree.fromstring(data, _PARSER)


def _bytes(element: etree._Element) -> bytes:
    return etree.tostring(element, encoding="UTF-8")


def _sha(*parts: str | bytes) -> str:
    """The SHA-256 of the parts, each followed by a NUL byte (hashed in one call)."""
    data = [part.encode("utf-8") if isinstance(part, str) else part for part in parts]
    return hashlib.sha256(b"\0".join(data) + b"\0" if data else b"").hexdigest()


# --------------------------------------------------------------------------- JSON as the stylesheet writes it

_JSON_ESCAPES = {**{c: f"\\u{c:04X}" for c in (*range(0, 32), *range(127, 160))},
                 ord('"'): '\\"', ord("\\"): "\\\\", ord("/"): "\\/", ord("\b"): "\\b", ord("\f"): "\\f",
                 ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_UNUSUAL = re.compile("[\x00-\x1f\x7f-\x9f]")
_encode_basestring = json.encoder.encode_basestring


def json_string(text: str) -> str:
    """A JSON string as XPath's xml-to-json writes it (the merged index is the one the stylesheet
    would write): '/' escaped, control characters as \\uXXXX, all others as they are."""
    if _UNUSUAL.search(text):
        return '"' + text.translate(_JSON_ESCAPES) + '"'
    # the same, faster: what json.dumps(text, ensure_ascii=False) returns, without a new encoder a call
    return _encode_basestring(text).replace("/", "\\/")


def digest_passages(path: Path) -> Iterator[tuple[str | None, str, str]]:
    """A digest's search passages, in order: (speaker, '"anchor","label"' and '"text"' as JSON)."""
    for _, element in etree.iterparse(str(path), events=("end",), tag=f"{_ED}passage", resolve_entities=False,
                                      no_network=True, huge_tree=True):
        yield (element.get("who"), f"{json_string(element.get('anchor', ''))},{json_string(element.get('label', ''))}",
               json_string(element.text or ""))
        element.clear(keep_tail=False)


# --------------------------------------------------------------------------- the state

@dataclass
class DocumentInput:
    """One document as the listing pass is given it: its id, its digest, and the mark of the part that
    holds it (the part's key: the digest is read again only when it changed)."""

    id: str
    digest: Path
    mark: str


def part_mark(folder: Path, doc_id: str, digest: Path) -> str:
    """What identifies a part's digest without reading it: the part's key (what it was made from) and
    the digest's size; without a key, the digest's hash."""
    try:
        key = (folder / "key").read_text(encoding="ascii").strip()
    except OSError:
        key = ""
    if key:
        return f"key:{key}:{digest.stat().st_size}"
    return "sha256:" + hashlib.sha256(digest.read_bytes()).hexdigest()


_HEAD_SKIP = {f"{_ED}{name}" for name in ("passage", "entry", "element", "notice", "message", "names", "project",
                                           "principles")}


class ListingState:
    """The listing pass's state in a SQLite file (see the module's text)."""

    def __init__(self, path: Path, meta: Mapping[str, str]) -> None:
        self.path = path
        wanted = {"version": STATE_VERSION, **meta}
        self.db = sqlite3.connect(str(path), isolation_level=None)
        try:
            kept = dict(self.db.execute("SELECT name, value FROM meta"))
        except sqlite3.DatabaseError:  # not a state, or not one of this version
            kept = None
        self.db.close()
        if kept == wanted:
            self.db = self._connect(path)
        else:
            path.unlink(missing_ok=True)
            self.db = self._connect(path)
            self.db.executescript(_SCHEMA)
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(wanted.items()))
        self.meta = wanted
        self.read: list[str] = []   # the documents whose digest this pass read
        self._kept: dict[str, list] | None = None   # while updating: each document's [pos, mark]
        self._replaced = False      # while updating: a document's rows replaced (blobs may be left unused)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # no journal: the state is a copy that replaces the previous one only when the pass succeeded
        db = sqlite3.connect(str(path), isolation_level=None)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        # the search passages of the digests this pass read, as ``digest_passages`` gives them (JSON): for
        # the parts of the search index, which would read those digests again; in the connection's own
        # temporary store (not the state's file, not memory), gone when it closes
        db.execute("CREATE TEMP TABLE passages(doc TEXT PRIMARY KEY, rows TEXT NOT NULL)")
        return db

    def close(self) -> None:
        self.db.close()

    # -- documents

    def update(self, documents: list[DocumentInput]) -> None:
        """The state of these documents, in this order: the digests of new and changed ones read (those
        not taken before, ``take``), the documents no longer there removed."""
        kept = self._begin()
        gone = sorted(set(kept) - {doc.id for doc in documents})
        for doc_id in gone:
            self._remove(doc_id)
            del kept[doc_id]
        for pos, doc in enumerate(documents):
            self.take(pos, doc)
        if gone or self._replaced:
            self._drop_unused_blobs()
        self.db.execute("COMMIT")
        self._kept = None

    def take(self, pos: int, doc: DocumentInput) -> None:
        """One document of the state at ``pos``, its digest read when its mark is not the one kept: what
        ``update`` does for each document, done ahead of it as each one's part is made (``ListingFeed``);
        ``update`` then finds it taken."""
        kept = self._begin()
        old = kept.get(doc.id)
        if old is not None and old[1] == doc.mark:
            if old[0] != pos:
                self.db.execute("UPDATE docs SET pos = ? WHERE id = ?", (pos, doc.id))
                old[0] = pos
            return
        if old is not None:
            self._remove(doc.id)
            self._replaced = True
        self._add(pos, doc)
        self.read.append(doc.id)
        kept[doc.id] = [pos, doc.mark]

    def _begin(self) -> dict[str, list]:
        """The transaction of ``update`` (begun by its first ``take``) and the (pos, mark) of each document kept."""
        if self._kept is None:
            self.db.execute("BEGIN")
            self._kept = {row[0]: [row[1], row[2]] for row in self.db.execute("SELECT id, pos, mark FROM docs")}
            self._replaced = False
        return self._kept

    def _remove(self, doc_id: str) -> None:
        for table in ("entries", "names", "elements"):
            self.db.execute(f"DELETE FROM {table} WHERE doc = ?", (doc_id,))
        self.db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))

    def _add(self, pos: int, doc: DocumentInput) -> None:
        root = parse_xml_file(doc.digest).getroot()
        db = self.db
        title = root.findtext(f"{_ED}title") or ""
        head = etree.Element(f"{_ED}digest", id=doc.id, nsmap={"ed": SITE_NS})
        held: dict[str, bytes | None] = {"project": None, "principles": None}
        notices, messages, passages = [], [], hashlib.sha256()
        blobs: dict[str, bytes] = {}
        entries, names, elements, rows = [], [], [], []

        def blob(element: etree._Element) -> str:
            # the element kept once however many documents have it (the register's entries, the
            # places that name them in copies of a text), by its hash
            data = _bytes(element)
            digest = _sha(data)
            blobs[digest] = data
            return digest

        for seq, child in enumerate(list(root)):
            tag = child.tag
            if tag == f"{_ED}entry":
                entries.append((doc.id, seq, child.get("kind"), child.get("id"), child.get("letter"), blob(child)))
            elif tag == f"{_ED}names":
                digest = blob(child)
                names.append((doc.id, seq, child.get("id"), digest, _sha(digest, title)))
            elif tag == f"{_ED}element":
                example = blob(child) if child.find(f"{_ED}words") is not None else None
                elements.append((doc.id, seq, child.get("name"), int(child.get("count")), example))
            elif tag == f"{_ED}notice":
                notices.append(child.text or "")
            elif tag == f"{_ED}message":
                messages.append([child.get("part") or "", child.text or ""])
            elif tag == f"{_ED}passage":
                passages.update(f"{child.get('who')}\0{child.get('anchor')}\0{child.get('label')}\0"
                                f"{child.text}\n".encode("utf-8"))
                rows.append((child.get("who"), f"{json_string(child.get('anchor', ''))},"
                             f"{json_string(child.get('label', ''))}", json_string(child.text or "")))
            elif tag in (f"{_ED}project", f"{_ED}principles"):
                name = etree.QName(child).localname
                if held[name] is None:
                    held[name] = _bytes(child)
            elif tag not in _HEAD_SKIP:
                head.append(child)
        db.executemany("INSERT OR IGNORE INTO blobs VALUES (?, ?)", blobs.items())
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)", entries)
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", names)
        db.executemany("INSERT INTO elements VALUES (?, ?, ?, ?, ?)", elements)
        data = _bytes(head)
        # the entries' and the names' rows once more, as JSON: what the pages' keys are made from, read
        # for every document at every pass (``ListingPlan._indexes``) without sorting two tables
        entry_keys = json.dumps([row[2:] for row in entries], ensure_ascii=False)   # [kind, id, letter, hash]
        name_keys = json.dumps([(entry_id, hash_) for _, _, entry_id, _, hash_ in names], ensure_ascii=False)
        db.execute("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (doc.id, pos, doc.mark, title, data, _sha(data), held["project"], held["principles"],
                    json.dumps({"notices": notices, "messages": messages}, ensure_ascii=False),
                    passages.hexdigest(), entry_keys, name_keys))
        db.execute("INSERT OR REPLACE INTO temp.passages VALUES (?, ?)", (doc.id, json.dumps(rows, ensure_ascii=False)))

    def passages(self, doc_id: str) -> list[tuple[str | None, str, str]] | None:
        """The search passages of a document whose digest this pass read (``digest_passages``), else None."""
        row = self.db.execute("SELECT rows FROM temp.passages WHERE doc = ?", (doc_id,)).fetchone()
        return None if row is None else [tuple(passage) for passage in json.loads(row[0])]

    def blob(self, digest: str) -> bytes:
        return self.db.execute("SELECT data FROM blobs WHERE hash = ?", (digest,)).fetchone()[0]

    def _drop_unused_blobs(self) -> None:
        self.db.execute("DELETE FROM blobs WHERE hash NOT IN (SELECT hash FROM entries) "
                        "AND hash NOT IN (SELECT blob FROM names) "
                        "AND hash NOT IN (SELECT example FROM elements WHERE example IS NOT NULL)")

    def documents(self) -> Iterator[tuple[str, str, bytes, str]]:
        """(id, title, head, head hash) of every document, in order."""
        yield from self.db.execute("SELECT id, title, head, head_hash FROM docs ORDER BY pos")

    # -- pages recorded

    def recorded(self) -> dict[str, tuple[str, str, list[str], str]]:
        return {href: (key, sha, json.loads(messages), stat) for href, key, sha, messages, stat in
                self.db.execute("SELECT href, key, sha256, messages, stat FROM pages")}

    def record(self, pages: Iterable[tuple[str, str, str, list[str], str]]) -> None:
        db = self.db
        db.execute("BEGIN")
        db.execute("DELETE FROM pages")
        db.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                       [(href, key, sha, json.dumps(messages, ensure_ascii=False), stat)
                        for href, key, sha, messages, stat in pages])
        db.execute("COMMIT")


# --------------------------------------------------------------------------- the pages

#: Listing pages whose transform may run elsewhere at once (``Page.make`` giving a future): a few, so
#: that the collections in the making stay few.
PAGES_MAKING = 4


def _messages(outcome) -> list[str]:
    """What a page's ``make`` gave: the stylesheet's messages, or a future of them (``Page``)."""
    return outcome.result() if hasattr(outcome, "result") else outcome


def _wait_for(making: list[tuple[int, "Page", object]]) -> None:
    """Wait until the transforms still running elsewhere for these pages are done, whatever they give."""
    for _, _, outcome in making:
        if hasattr(outcome, "result"):
            try:
                outcome.result()
            except Exception:   # the pass fails with its first error
                pass


@dataclass
class Page:
    """A listing page: where it goes, the key of what reaches it, and how it is made (``make(folder)``
    writes it below the site folder and returns the stylesheet's messages, or, when the pass's
    ``transform`` runs it elsewhere, a future of them: it is written once that is done)."""

    href: str
    key: str
    make: Callable[[Path], list[str]]


@dataclass
class _Winner:
    """A register entry as the indexes show it: the first document's entry of that kind and id."""

    kind: str
    id: str
    letter: str
    hash: str          # of its ed:entry, which the state keeps by it
    documents: int = 0


def letter_id(letter: str) -> str:
    """As f:letter-id of xslt/modules/indexes.xsl: 'S', or 'u' and the code point."""
    return letter if re.fullmatch("[A-Za-z]", letter) else f"u{ord(letter[0])}"


@dataclass
class _Index:
    """What the index of one kind is made of, read from the state: its entries in order, the hash of its
    lines (whole, and per letter) and their count."""

    kind: str
    winners: list[_Winner] = field(default_factory=list)
    whole: "hashlib._Hash" = field(default_factory=hashlib.sha256)
    letters: dict[str, "hashlib._Hash"] = field(default_factory=dict)
    lines: int = 0

    @property
    def split(self) -> bool:
        return self.lines > INDEX_SPLIT_LINES

    def letter_pages(self) -> list[tuple[str, str]]:
        """(letter, href) of each letter, in the order the entries first name them."""
        seen = dict.fromkeys(w.letter for w in self.winners)
        return [(letter, f"{self.kind}-{letter_id(letter)}.html") for letter in seen]


class ListingPlan:
    """Every listing page of the state with its key, and what renders it."""

    def __init__(self, state: ListingState, *, transform: Callable[[etree._Element, Path], list[str]],
                 odd: etree._ElementTree | None, odd_hash: str, sitemap: bool,
                 previous_site: Path | None = None) -> None:
        self.state = state
        self.previous_site = previous_site
        self.transform = transform
        self.odd = odd
        self.odd_hash = odd_hash
        self.sitemap = sitemap

    # -- reading the state

    def _heads(self) -> tuple[list[str], str]:
        ids, digest = [], hashlib.sha256()
        for doc_id, _title, _head, head_hash in self.state.documents():
            ids.append(doc_id)
            digest.update(f"{doc_id}\0{head_hash}\n".encode())
        return ids, digest.hexdigest()

    def _indexes(self) -> dict[str, _Index]:
        db = self.state.db
        indexes = {kind: _Index(kind) for kind in INDEX_KINDS}
        winners: dict[str, list[_Winner]] = {}   # id → its entries of each kind
        seen: set[tuple[str, str]] = set()
        rows = db.execute("SELECT id, entry_keys, name_keys FROM docs ORDER BY pos").fetchall()
        for _, entry_keys, _ in rows:   # each (kind, id) its first entry, in the documents' order
            for kind, entry_id, letter, hash_ in json.loads(entry_keys):
                if (kind, entry_id) in seen or kind not in indexes:
                    continue
                seen.add((kind, entry_id))
                winner = _Winner(kind, entry_id, letter, hash_)
                indexes[kind].winners.append(winner)
                winners.setdefault(entry_id, []).append(winner)
        names = ((doc, entry_id, hash_) for doc, _, name_keys in rows for entry_id, hash_ in json.loads(name_keys))
        for doc, entry_id, hash_ in names:
            for winner in winners.get(entry_id, ()):
                index = indexes[winner.kind]
                line = f"{doc}\0{hash_}\n".encode()
                index.whole.update(line)
                index.letters.setdefault(winner.letter, hashlib.sha256()).update(line)
                index.lines += 1
                winner.documents += 1
        return indexes

    def _names_by_doc(self, ids: set[str]) -> Iterator[tuple[str, str, list[bytes]]]:
        """(document, title, its ed:names of these entries) in the documents' order."""
        db = self.state.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM wanted")
        db.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in sorted(ids)])
        current, title, names = None, "", []
        for doc, doc_title, xml in db.execute(
                "SELECT n.doc, d.title, b.data FROM wanted w JOIN names n ON n.id = w.id JOIN docs d ON d.id = n.doc "
                "JOIN blobs b ON b.hash = n.blob "
                "ORDER BY d.pos, n.seq"):
            if doc != current:
                if current is not None:
                    yield current, title, names
                current, title, names = doc, doc_title, []
            names.append(xml)
        if current is not None:
            yield current, title, names

    def _elements(self) -> tuple[list[tuple[str, int, str | None]], str]:
        """Each element with its count over the documents and the hash of its first example (a blob:
        read when the guidelines are made), and their key."""
        merged: dict[str, list] = {}
        for name, count, example in self.state.db.execute(
                "SELECT e.name, e.count, e.example FROM elements e JOIN docs d ON d.id = e.doc ORDER BY d.pos, e.seq"):
            entry = merged.setdefault(name, [0, None])
            entry[0] += count
            if entry[1] is None:
                entry[1] = example
        rows = [(name, count, example) for name, (count, example) in sorted(merged.items())]
        digest = hashlib.sha256()
        for name, count, example in rows:   # a blob's hash is that of its bytes
            digest.update(f"{name}\0{count}\0{example or ''}\n".encode())
        return rows, digest.hexdigest()

    # -- collections

    def _collection(self, page: str, href: str, **attributes: str) -> etree._Element:
        return etree.Element(f"{_ED}listing", {"page": page, "href": href, **attributes}, nsmap={"ed": SITE_NS})

    def _add_heads(self, listing: etree._Element, extras: Mapping[str, bytes] | None = None) -> None:
        for doc_id, _title, head, _hash in self.state.documents():
            element = _xml(head)
            for extra in (extras or {}).get(doc_id, ()):
                element.append(_xml(extra))
            listing.append(element)

    def _about_extras(self) -> tuple[dict[str, list[bytes]], str]:
        """The project's description and editorial principles, each from the first document that has it."""
        extras: dict[str, list[bytes]] = {}
        digest = hashlib.sha256()
        for column in ("project", "principles"):
            row = self.state.db.execute(f"SELECT id, {column} FROM docs WHERE {column} IS NOT NULL "
                                        "ORDER BY pos LIMIT 1").fetchone()
            if row is not None:
                extras.setdefault(row[0], []).append(row[1])
                digest.update(row[0].encode() + b"\0" + row[1] + b"\n")
        return extras, digest.hexdigest()

    def _doc_pages(self, href: str, page: str, key: str, extras: Mapping[str, list[bytes]] | None = None,
                   more: Callable[[etree._Element], None] | None = None) -> Page:
        def make(folder: Path) -> list[str]:
            listing = self._collection(page, href)
            self._add_heads(listing, extras)
            if more is not None:
                more(listing)
            return self.transform(listing, folder)
        return Page(href, _sha(page, key), make)

    def _index_page(self, index: _Index, href: str, key: str, winners: list[_Winner],
                    letter: str | None = None) -> Page:
        def make(folder: Path) -> list[str]:
            attributes = {"kind": index.kind} if letter is None else {"kind": index.kind, "letter": letter}
            listing = self._collection("index", href, **attributes)
            if letter is not None:
                for name, page_href in index.letter_pages():
                    etree.SubElement(listing, f"{_ED}letter", name=name, href=page_href)
            for winner in winners:
                listing.append(_xml(self.state.blob(winner.hash)))
            for doc, title, names in self._names_by_doc({w.id for w in winners}):
                holder = etree.SubElement(listing, f"{_ED}digest", id=doc)
                etree.SubElement(holder, f"{_ED}title").text = title
                holder.extend(_xml(data) for data in names)
            return self.transform(listing, folder)
        return Page(href, key, make)

    def _overview(self, index: _Index, key: str) -> Page:
        href = f"{index.kind}.html"

        def make(folder: Path) -> list[str]:
            listing = self._collection("index-overview", href, kind=index.kind)
            for name, page_href in index.letter_pages():
                etree.SubElement(listing, f"{_ED}letter", name=name, href=page_href)
            for winner in index.winners:
                entry = _xml(self.state.blob(winner.hash))
                entry.set("documents", str(winner.documents))
                listing.append(entry)
            return self.transform(listing, folder)
        return Page(href, key, make)

    def pages(self, read_passages: Callable[[str], Iterator[tuple[str | None, str, str]]]) -> list[Page]:
        """Every listing page, in the order they are written. ``read_passages(id)``: a document's
        passages (``digest_passages`` of its digest)."""
        ids, heads = self._heads()
        pages = [self._doc_pages("index.html", "home", heads)]
        indexes = self._indexes()
        index_hrefs = []
        for kind in INDEX_KINDS:
            index = indexes[kind]
            winners_key = _sha(*(f"{w.id}\0{w.hash}" for w in index.winners))
            if not index.split:
                href = f"{kind}.html"
                pages.append(self._index_page(index, href, _sha("index", kind, winners_key, index.whole.hexdigest()),
                                              index.winners))
                index_hrefs.append(href)
                continue
            letters = index.letter_pages()
            letters_key = _sha(*(f"{name}\0{href}" for name, href in letters))
            pages.append(self._overview(index, _sha("overview", kind, letters_key,
                                                    *(f"{w.id}\0{w.hash}\0{w.documents}" for w in index.winners))))
            index_hrefs.append(f"{kind}.html")
            for letter, href in letters:
                chosen = [w for w in index.winners if w.letter == letter]
                lines = index.letters.get(letter)
                pages.append(self._index_page(
                    index, href, _sha("letter", kind, letter, letters_key, *(f"{w.id}\0{w.hash}" for w in chosen),
                                      lines.hexdigest() if lines else ""), chosen, letter))
                index_hrefs.append(href)
        elements, elements_key = self._elements()

        def guidelines(folder: Path) -> list[str]:
            listing = self._collection("guidelines", "guidelines.html")
            for name, count, example in elements:
                element = etree.SubElement(listing, f"{_ED}element", name=name, count=str(count))
                if example is not None:
                    element.extend(_xml(self.state.blob(example)))
            if self.odd is not None:
                holder = etree.SubElement(listing, f"{_ED}odd")
                root = self.odd.getroot()
                holder.append(etree.fromstring(etree.tostring(root), _PARSER))
            return self.transform(listing, folder)
        pages.append(Page("guidelines.html", _sha("guidelines", elements_key, self.odd_hash), guidelines))
        extras, extras_key = self._about_extras()
        pages.append(self._doc_pages("about.html", "about", _sha(heads, extras_key), extras))
        pages.append(self._doc_pages("search.html", "search", heads))
        pages += self._search_pages(ids, heads, read_passages)
        if self.sitemap:
            pages.append(self._doc_pages("sitemap.xml", "sitemap", _sha(heads, *index_hrefs), more=lambda listing: [
                etree.SubElement(listing, f"{_ED}page", href=href) for href in index_hrefs]))
        return pages

    def _search_pages(self, ids: list[str], heads: str,
                      read_passages: Callable[[str], Iterator[tuple[str | None, str, str]]]) -> list[Page]:
        passages = dict(self.state.db.execute("SELECT id, passages_hash FROM docs"))
        head_href = "assets/search-index.js"
        if len(ids) <= SEARCH_PART_DOCUMENTS:
            def whole(folder: Path) -> list[str]:
                listing = self._collection("search-index", head_href)
                self._add_heads(listing)
                messages = _messages(self.transform(listing, folder))   # written before its passages are added
                _add_passages(folder / head_href, ids, read_passages)
                return messages
            return [Page(head_href, _sha("search-index", heads, *(passages[i] for i in ids)), whole)]
        runs = [ids[start:start + SEARCH_PART_DOCUMENTS] for start in range(0, len(ids), SEARCH_PART_DOCUMENTS)]
        hrefs = [f"assets/search-index-{number}.js" for number in range(1, len(runs) + 1)]

        def head(folder: Path) -> list[str]:
            listing = self._collection("search-index", head_href)
            self._add_heads(listing)
            for number, href in enumerate(hrefs):
                etree.SubElement(listing, f"{_ED}part", href=href, first=str(number * SEARCH_PART_DOCUMENTS))
            return self.transform(listing, folder)
        pages = [Page(head_href, _sha("search-index-head", heads, *hrefs), head)]
        for number, (run, href) in enumerate(zip(runs, hrefs), start=1):
            def part(folder: Path, run=run, href=href, number=number) -> list[str]:
                earlier = _part_passages(self.previous_site / href) if self.previous_site is not None else {}

                def passages_of(local: int, doc_id: str):
                    rows = _earlier_rows(earlier.get(local), passages[doc_id])   # the previous part's, if its own
                    return rows if rows is not None else read_passages(doc_id)
                _write_search_part(folder / href, number, run, passages_of)
                return []
            pages.append(Page(href, _sha("search-part", str(number), *(f"{i}\0{passages[i]}" for i in run)), part))
        return pages


_SEARCH_PREFIX = "window.EDITION_SEARCH = "
_SEARCH_TAIL = ',"passages":[]};\n'


def _add_passages(path: Path, ids: list[str], read_passages) -> None:
    """Add every document's passages to the search index the stylesheet wrote with its documents and
    speakers: ``[doc, anchor, label, speaker, text]``."""
    head = path.read_text(encoding="utf-8")
    if not (head.startswith(_SEARCH_PREFIX) and head.endswith(_SEARCH_TAIL)):
        raise RenderError("the search index the stylesheet wrote is not of the expected form", path=str(path))
    speakers: dict[str, int] = {}
    for number, name in enumerate(json.loads(head[len(_SEARCH_PREFIX):-2])["speakers"]):
        speakers.setdefault(name, number)
    staged = path.with_name(path.name + ".tmp")
    with open(staged, "w", encoding="utf-8", newline="") as out:
        out.write(head[: -len(_SEARCH_TAIL)] + ',"passages":[')
        first = True
        for number, doc_id in enumerate(ids):
            for who, place, text in read_passages(doc_id):
                out.write(f"{'' if first else ','}[{number},{place},{-1 if who is None else speakers.get(who, -1)},{text}]")
                first = False
        out.write("]};\n")
    os.replace(staged, path)


_PART_PREFIX = "(window.EDITION_SEARCH_PARTS = window.EDITION_SEARCH_PARTS || []).push("
_PART_TAIL = ");\n"


def _part_passages(path: Path) -> dict[int, list[tuple[str | None, str, str, str]]]:
    """The passages of each place of the run in a part of the search index a build wrote, as (speaker,
    anchor, label, text), or nothing when it is not there or not of that form. A part made again after
    one document changed takes the others' passages from here instead of reading their digests (where
    their hash is the one the state holds: ``_earlier_rows``)."""
    try:
        text = path.read_text(encoding="utf-8")
        if not (text.startswith(_PART_PREFIX) and text.endswith(_PART_TAIL)):
            return {}
        data = json.loads(text[len(_PART_PREFIX):-len(_PART_TAIL)])
        speakers = data["speakers"]
        places: dict[int, list[tuple[str | None, str, str, str]]] = {}
        for local, anchor, label, speaker, words in data["passages"]:
            places.setdefault(local, []).append((speakers[speaker] if speaker >= 0 else None, anchor, label, words))
        return places
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def _earlier_rows(passages: list[tuple[str | None, str, str, str]] | None,
                  recorded: str) -> list[tuple[str | None, str, str]] | None:
    """A document's passages from a part written before (``_part_passages``) as ``digest_passages`` gives
    them, when their hash is ``recorded``, the one the state keeps (``ListingState.update``); else None.
    There an attribute or text that is absent counts as 'None', here an empty one does: a passage whose
    anchor, label or text is empty but present does not match, and its digest is read."""
    if passages is None:
        return None
    digest = hashlib.sha256()
    for who, anchor, label, words in passages:
        digest.update(f"{who}\0{anchor or 'None'}\0{label or 'None'}\0{words or 'None'}\n".encode("utf-8"))
    if digest.hexdigest() != recorded:
        return None
    return [(who, f"{json_string(anchor)},{json_string(label)}", json_string(words))
            for who, anchor, label, words in passages]


def _write_search_part(path: Path, number: int, ids: list[str], read_passages) -> None:
    """A part of the search index: the passages of a run of documents, each pointing to its document by
    its place in the run and to its speaker in the part's own list of speakers. ``read_passages(place,
    id)``: the passages of the document at that place of the run."""
    speakers: dict[str, int] = {}
    rows = []
    for local, doc_id in enumerate(ids):
        for who, place, text in read_passages(local, doc_id):
            speaker = -1 if who is None else speakers.setdefault(who, len(speakers))
            rows.append(f"[{local},{place},{speaker},{text}]")
    text = (_PART_PREFIX + f'{{"part":{number},"speakers":[{",".join(json_string(s) for s in speakers)}],'
            f'"passages":[{",".join(rows)}]}}' + _PART_TAIL)
    write_new_file(path, text.encode("utf-8"))


# --------------------------------------------------------------------------- the pass

@dataclass
class ListingResult:
    """What the pass did: the pages it wrote and those it took from the previous site, and the
    documents whose digest it read."""

    written: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)   # the stylesheet's, of every page


def file_stat(path: Path) -> str:
    """What tells a file written and not touched since from one replaced or written again: its device,
    inode, size and time of change of its bytes (empty when it is not there)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"


def _unchanged_page(source: Path, recorded: tuple[str, str, list[str], str]) -> bool:
    """Is ``source`` the page file the state recorded: the same file untouched (``file_stat``), or else
    of the recorded bytes (its hash)?"""
    stat = file_stat(source)
    return bool(stat) and (stat == recorded[3] or file_sha256(source) == recorded[1])


@contextlib.contextmanager
def opened_state(state: Path, previous: Path | None, meta: Mapping[str, str]) -> Iterator[ListingState]:
    """The state, from a copy of ``previous`` (when there is one) at a new file beside ``state`` that
    replaces ``state`` when the block ends without error: a failed pass leaves the previous state."""
    state.parent.mkdir(parents=True, exist_ok=True)
    staged = state.with_name(state.name + ".new")
    staged.unlink(missing_ok=True)
    if previous is not None and previous.is_file():
        try:
            shutil.copyfile(previous, staged)
        except OSError:  # made again from the digests
            staged.unlink(missing_ok=True)
    kept = ListingState(staged, meta)
    try:
        yield kept
    except BaseException:
        kept.close()
        staged.unlink(missing_ok=True)
        raise
    kept.close()
    os.replace(staged, state)


def state_meta(meta: Mapping[str, str]) -> dict[str, str]:
    """What the state is made from besides the documents (``write_listing``'s ``meta``) and the sizes of
    the pages: a state made from others is made again."""
    return {**meta, "sizes": f"{INDEX_SPLIT_LINES} {SEARCH_PART_DOCUMENTS}"}


@contextlib.contextmanager
def listing_feed(state: Path, previous: Path | None, meta: Mapping[str, str]) -> Iterator[ListingState]:
    """The state of a pass opened ahead of it (``opened_state``; ``meta`` as ``write_listing`` is given
    it), so that each document's digest is read into it as soon as its part is made
    (``ListingState.take``), not all of them after the last part: a build takes each document as its
    package task returns, on its own core while the workers make the others. Give it to
    ``write_listing(feed=…)``; it replaces ``state`` when the block ends without error."""
    with opened_state(state, previous, state_meta(meta)) as kept:
        yield kept


def write_listing(build: Path, documents: list[DocumentInput], *, transform: Callable[[etree._Element, Path], list[str]],
                  meta: Mapping[str, str], state: Path, previous_state: Path | None, previous_site: Path | None,
                  odd: etree._ElementTree | None, sitemap: bool,
                  report_document: Callable[[str, list[str], list[str]], None],
                  feed: ListingState | None = None) -> ListingResult:
    """The listing pages of ``documents`` into the site being built (``build``): each page whose key the
    state recorded for the file still in ``previous_site`` hard-linked from there, the others rendered.
    ``meta``: what every page is made from besides the documents (the stylesheets, the settings, the
    ODD, the code), a state made from other ``meta`` is made again. ``report_document(id, notices,
    messages)`` is given what each digest reports (the messages of the about page's parts for the
    document whose parts it shows only). The stylesheet's own messages come back with the pages.
    ``feed``: the state opened before (``listing_feed``, with the same ``meta``, ``state`` and
    ``previous_state``), with the documents' digests read into it so far; its caller closes it."""
    from .site import _place

    result = ListingResult()
    digests = {doc.id: doc.digest for doc in documents}
    meta = state_meta(meta)
    if feed is not None and feed.meta != {"version": STATE_VERSION, **meta}:
        raise RenderError("the listing state opened before the pass was made for other settings", path=str(state))
    with contextlib.nullcontext(feed) if feed is not None else opened_state(state, previous_state, meta) as kept:
        kept.update(documents)
        result.read = list(kept.read)
        plan = ListingPlan(kept, transform=transform, odd=odd, odd_hash=meta.get("odd", ""), sitemap=sitemap,
                           previous_site=previous_site)
        owners = {}
        for column in ("project", "principles"):
            row = kept.db.execute(f"SELECT id FROM docs WHERE {column} IS NOT NULL ORDER BY pos LIMIT 1").fetchone()
            owners[column] = row[0] if row else None
        for doc_id, report in kept.db.execute("SELECT id, report FROM docs ORDER BY pos"):
            data = json.loads(report)
            report_document(doc_id, data["notices"], [message for part, message in data["messages"]
                                                       if not part or owners.get(part) == doc_id])
        recorded = kept.recorded()
        made = []
        messages: list[str] = []
        def read_passages(doc_id: str):
            known = kept.passages(doc_id)
            return known if known is not None else digest_passages(digests[doc_id])
        making: list[tuple[int, Page, object]] = []   # pages whose transform runs elsewhere, not yet done

        def finish(index: int, page: Page, outcome) -> None:
            made[index] = (page.href, page.key, file_sha256(build / page.href), _messages(outcome),
                           file_stat(build / page.href))

        try:
            for page in plan.pages(read_passages):
                old = recorded.get(page.href)
                source = previous_site / page.href if previous_site is not None else None
                if old is not None and old[0] == page.key and source is not None and _unchanged_page(source, old):
                    _place(source, build / page.href)
                    made.append((page.href, page.key, old[1], old[2], file_stat(build / page.href)))
                    result.reused.append(page.href)
                    continue
                made.append(None)
                making.append((len(made) - 1, page, page.make(build)))
                result.written.append(page.href)
                while making and (len(making) > PAGES_MAKING or not hasattr(making[0][2], "result")):
                    finish(*making.pop(0))   # (a few pages in the making at a time: their collections are held)
            while making:
                finish(*making.pop(0))
        except BaseException:
            _wait_for(making)   # a failed pass leaves no page being written elsewhere into a folder it removes
            raise
        for entry in made:
            messages += entry[3]
        kept.record(made)
    result.messages = messages
    return result
