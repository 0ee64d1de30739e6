"""Who made the edition and how it is identified: the project file's facts for the records.

In ``edition.toml``::

    [edition]
    version = "1.0"                          # the edition's version (TEI editionStmt, every record)
    url = "https://example.org/edition/"     # where the HTML edition is published (its base URL)
    doi = "10.5281/zenodo.1000"              # the DOI of the edition as a whole (a concept DOI)

    [[editor]]                               # the editors, in the order they are credited
    name = "Josiah Carberry"                 # as displayed (required)
    given_name = "Josiah"
    family_name = "Carberry"
    orcid = "0000-0002-1825-0097"            # or https://orcid.org/0000-0002-1825-0097
    affiliation = "Brown University"
    ror = "05gq02987"                        # or https://ror.org/05gq02987
    # type = "organisation"                  # an editing body rather than a person

    [[funder]]                               # who funded THIS edition (not the source's funder)
    name = "Example Foundation"
    ror = "https://ror.org/…"

    [[document]]
    source = "sources/x.txt"
    doi = "10.5281/zenodo.1001"              # this document's DOI (its deposit)

A document's DOI may also come from ``deposits.toml`` beside ``edition.toml``: a file that
``edition deposit`` writes (and only it); the project file's ``doi`` wins. Sandbox DOIs never
reach the edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

ORCID_URL = "https://orcid.org/"
ROR_URL = "https://ror.org/"
DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")
DEPOSITS_FILE = "deposits.toml"


@dataclass(frozen=True)
class Agent:
    """An editor (person or organisation), as the project file names them."""

    name: str
    given_name: str | None = None
    family_name: str | None = None
    orcid: str | None = None          # https://orcid.org/…
    affiliation: str | None = None
    ror: str | None = None            # https://ror.org/…
    organisation: bool = False


@dataclass(frozen=True)
class Funder:
    name: str
    ror: str | None = None


@dataclass(frozen=True)
class EditionFacts:
    """What the project file says about the edition; ``doi`` is the document's own DOI."""

    title: str | None = None
    editors: tuple[Agent, ...] = ()
    funders: tuple[Funder, ...] = ()
    version: str | None = None
    url: str | None = None
    edition_doi: str | None = None
    doi: str | None = None
    date: str | None = None     # when the edition is published ([edition] date): a document's editorial file may say
    recorded_dois: dict[str, str] = field(default_factory=dict, compare=False)

    def for_document(self, doc_id: str, doi: str | None = None) -> "EditionFacts":
        """The facts for one document: its DOI from the project file, else as recorded by deposit."""
        return replace(self, doi=doi or self.doi or self.recorded_dois.get(doc_id))

    def page_url(self, doc_id: str) -> str | None:
        return f"{self.url}documents/{doc_id}.html" if self.url else None


def normalise_doi(value: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)


def _orcid_checksum_ok(digits: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID computes its last character."""
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def normalise_orcid(value: str) -> str | None:
    """``https://orcid.org/0000-0002-1825-0097`` from any usual spelling; None when malformed."""
    bare = re.sub(r"^(https?://)?(www\.)?orcid\.org/", "", value.strip(), flags=re.I).upper()
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", bare) or not _orcid_checksum_ok(bare.replace("-", "")):
        return None
    return ORCID_URL + bare


def normalise_ror(value: str) -> str | None:
    bare = re.sub(r"^(https?://)?ror\.org/", "", value.strip(), flags=re.I).lower()
    return ROR_URL + bare if re.fullmatch(r"0[a-hj-km-np-tv-z0-9]{6}\d{2}", bare) else None


def load_edition_facts(data: dict, problems: list[str], root: Path | None = None) -> EditionFacts:
    """Read ``[edition]`` version/url/doi, ``[[editor]]`` and ``[[funder]]``; problems are appended."""
    edition = data.get("edition", {}) if isinstance(data.get("edition", {}), dict) else {}

    def text(table: dict, key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and key == "version":
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}{key} must be a non-empty string")
            return None
        return " ".join(value.split())

    version = text(edition, "version", "edition.")
    url = text(edition, "url", "edition.")
    if url is not None:
        if not re.fullmatch(r"https?://\S+", url):
            problems.append(f"edition.url must be an http(s) URL, not {url!r}")
            url = None
        elif not url.endswith("/"):
            url += "/"
    edition_doi = check_doi(text(edition, "doi", "edition."), "edition.doi", problems)
    date = text(edition, "date", "edition.")
    if date is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        problems.append(f"edition.date must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {date!r}")
        date = None

    editors = []
    entries = data.get("editor", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append("[[editor]] must be an array of tables")
        entries = []
    known = {"name", "given_name", "family_name", "orcid", "affiliation", "ror", "type"}
    for number, entry in enumerate(entries, 1):
        where = f"[[editor]] #{number}: "
        unknown = sorted(set(entry) - known)
        if unknown:
            problems.append(f"{where}unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        name = text(entry, "name", where)
        if name is None:
            if "name" not in entry:
                problems.append(f"{where}'name' is required")
            continue
        kind = entry.get("type", "person")
        if kind not in ("person", "organisation"):
            problems.append(f"{where}type must be 'person' or 'organisation', not {kind!r}")
        orcid = text(entry, "orcid", where)
        if orcid is not None and normalise_orcid(orcid) is None:
            problems.append(f"{where}orcid {orcid!r} is not an ORCID iD (0000-0000-0000-0000, check digit included)")
        ror = text(entry, "ror", where)
        if ror is not None and normalise_ror(ror) is None:
            problems.append(f"{where}ror {ror!r} is not a ROR id (like 05gq02987 or https://ror.org/05gq02987)")
        editors.append(Agent(name, text(entry, "given_name", where), text(entry, "family_name", where),
                             normalise_orcid(orcid) if orcid else None, text(entry, "affiliation", where),
                             normalise_ror(ror) if ror else None, kind == "organisation"))

    funders = []
    entries = data.get("funder", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        problems.append("[[funder]] must be an array of tables")
        entries = []
    for number, entry in enumerate(entries, 1):
        where = f"[[funder]] #{number}: "
        name = text(entry, "name", where)
        if name is None:
            problems.append(f"{where}'name' is required")
            continue
        ror = text(entry, "ror", where)
        if ror is not None and normalise_ror(ror) is None:
            problems.append(f"{where}ror {ror!r} is not a ROR id")
        funders.append(Funder(name, normalise_ror(ror) if ror else None))

    title = edition.get("title") if isinstance(edition.get("title"), str) else None
    recorded = read_recorded_dois(root / DEPOSITS_FILE) if root is not None else {}
    return EditionFacts(title=title, editors=tuple(editors), funders=tuple(funders), version=version, url=url,
                        edition_doi=edition_doi, date=date, recorded_dois=recorded)


def check_doi(value: str | None, where: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    doi = normalise_doi(value)
    if not DOI_PATTERN.fullmatch(doi):
        problems.append(f"{where} {value!r} is not a DOI (10.NNNN/…)")
        return None
    return doi


def read_recorded_dois(path: Path) -> dict[str, str]:
    """The DOIs ``edition deposit`` recorded (``deposits.toml``), by document id; sandbox ones left out."""
    if not path.is_file():
        return {}
    from .project import read_toml

    data = read_toml(path)
    dois = {}
    for doc_id, entry in data.get("zenodo", {}).items():
        if isinstance(entry, dict) and isinstance(entry.get("doi"), str) and not entry.get("sandbox"):
            dois[doc_id] = normalise_doi(entry["doi"])
    return dois
