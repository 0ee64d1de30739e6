"""Deposit packages: BagIt bags and zips with METS, DataCite and Dublin Core records.

The bags are checked with the ``bagit`` library's validator and its ``bagit.py --validate`` command,
the METS records against the METS 1.12 XSD shipped by ``metsrw`` and the DataCite records against
the official DataCite 4.5 XSD (``$EDITION_SHARED/schemas/datacite-4.5``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.publish.deposit import package
from edition.publish.deposit.package import PackageError, package_documents, package_files
from edition.project import load_project

DOC_ID = "memorandum-1958-10-02"
FIXTURES = Path(__file__).parents[2] / "fixtures" / "package"
NS = {
    "mets": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "d": "http://datacite.org/schema/kernel-4",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "tei": "http://www.tei-c.org/ns/1.0",
}
XS = "http://www.w3.org/2001/XMLSchema"


# --------------------------------------------------------------------------- schemas

def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, f"package {name} is not installed"
    return Path(next(iter(spec.submodule_search_locations)))


def _xlink_attribute_groups() -> bytes:
    """A schema for the xlink namespace with the attribute groups that mets.xsd refers to.

    mets.xsd imports the Library of Congress xlink.xsd from the web; no package here ships that
    file, so the test declares the same groups (simpleLink, locatorLink, …) with the XLink
    attributes typed loosely. METS itself is checked in full.
    """
    schema = etree.Element(f"{{{XS}}}schema", targetNamespace=NS["xlink"], nsmap={"xs": XS, "xlink": NS["xlink"]})
    names = ("type", "href", "role", "arcrole", "title", "show", "actuate", "label", "from", "to")
    for name in names:
        etree.SubElement(schema, f"{{{XS}}}attribute", name=name,
                         type="xs:anyURI" if name == "href" else "xs:string")
    for group in ("simpleLink", "extendedLink", "locatorLink", "arcLink", "resourceLink", "titleLink"):
        element = etree.SubElement(schema, f"{{{XS}}}attributeGroup", name=group)
        for name in names:
            etree.SubElement(element, f"{{{XS}}}attribute", ref=f"xlink:{name}")
    return etree.tostring(schema)


@pytest.fixture(scope="session")
def mets_schema(shared_dir) -> etree.XMLSchema:
    xlink = _xlink_attribute_groups()
    xml_xsd = (shared_dir / "schemas" / "datacite-4.5" / "include" / "xml.xsd").read_bytes()

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("xlink.xsd"):
                return self.resolve_string(xlink, context)
            if url.startswith("http") and url.endswith("/xml.xsd"):
                return self.resolve_string(xml_xsd, context)
            return None

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(_package_dir("metsrw") / "resources" / "mets.xsd"), parser))


@pytest.fixture(scope="session")
def datacite_schema(shared_dir) -> etree.XMLSchema:
    """The official DataCite Metadata Schema 4.5 (kernel-4.5/metadata.xsd as DataCite publishes it)."""
    path = shared_dir / "schemas" / "datacite-4.5" / "metadata.xsd"
    return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)))


def test_the_projects_mets_schema_is_the_official_one():
    """schema/deposit/mets.xsd (what the build checks against) is METS 1.12.1 as published (CC0)."""
    ours = Path(__file__).parents[3] / "schema" / "deposit" / "mets.xsd"
    assert ours.read_bytes() == (_package_dir("metsrw") / "resources" / "mets.xsd").read_bytes()


def assert_valid(schema: etree.XMLSchema, path: Path) -> None:
    tree = etree.parse(str(path))
    assert schema.validate(tree), "\n".join(str(e) for e in schema.error_log)


# --------------------------------------------------------------------------- a built project

def _make_html(output: Path) -> None:
    """A small HTML edition: the document's page, its citation files, assets, another page."""
    html = output / "html"
    (html / "documents").mkdir(parents=True)
    (html / "assets").mkdir()
    (html / "tei").mkdir()
    (html / "documents" / f"{DOC_ID}.html").write_text(
        "<!DOCTYPE html><html><head><link rel='stylesheet' href='../assets/edition.css'>"
        "<link rel='icon' href='../assets/favicon.svg'><script src='../assets/edition.js'></script></head>"
        "<body><nav><a href='../index.html'>Home</a></nav>"
        f"<form action='../search.html'><input name='q'></form><a href='../tei/{DOC_ID}.xml.txt'>TEI</a> "
        f"<a href='../downloads/{DOC_ID}.pdf'>PDF</a> "
        "<a href='https://example.org/elsewhere'>away</a> <a href='#p-1'>here</a>"
        "<p id='p-1'>Text with <a class='name' href='../persons.html#mao'>Mao</a>"
        " and <a class='name' href='../persons.html#nobody'>Nobody</a></p>"
        f"<a href='../deposit/{DOC_ID}.zip'>package</a>"
        "<ul><li id='entry-mao'>Mao Zedong <a class='entry-index' href='../persons.html#mao'>All occurrences</a>"
        "</li></ul></body></html>",
        encoding="utf-8")
    (html / "documents" / f"{DOC_ID}.bib").write_text("@misc{memorandum}\n", encoding="utf-8")
    (html / "documents" / "other-document.html").write_text("<html></html>", encoding="utf-8")
    (html / "assets" / "edition.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (html / "assets" / "edition.js").write_text("// script\n", encoding="utf-8")
    (html / "assets" / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (html / "assets" / "unused.png").write_bytes(b"\x89PNG unused")
    (html / "index.html").write_text("<html></html>", encoding="utf-8")
    (html / "tei" / f"{DOC_ID}.xml.txt").write_bytes((output / "tei" / f"{DOC_ID}.xml").read_bytes())
    (output / "print").mkdir()
    (output / "print" / f"{DOC_ID}.pdf").write_bytes(b"%PDF-1.7\n% a stand-in for the print edition\n%%EOF\n")
    # recorded as printed from this TEI, as a build records it (a PDF of another text is left out)
    from edition.build.run import OUTPUT_MARKER, print_key
    from edition.fsio import write_marker
    from edition.project import load_project
    key = print_key((output / "tei" / f"{DOC_ID}.xml").read_bytes(), load_project(output.parent / "edition.toml"))
    write_marker(output, OUTPUT_MARKER, [f"print/{DOC_ID}.pdf {key}"])
    (html / "downloads").mkdir()
    shutil.copy(output / "print" / f"{DOC_ID}.pdf", html / "downloads" / f"{DOC_ID}.pdf")


@pytest.fixture(scope="module")
def built_project(tmp_path_factory, repo_root) -> Path:
    """A copy of the repository's project, built (TEI and reports), with an HTML edition and a PDF."""
    from edition.build.run import build_tei

    root = tmp_path_factory.mktemp("project")
    shutil.copytree(repo_root / "sources", root / "sources")
    shutil.copy(repo_root / "edition.toml", root / "edition.toml")
    build_tei(load_project(root / "edition.toml"))
    _make_html(root / "output")
    return root


@pytest.fixture()
def project_copy(built_project, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


@pytest.fixture(scope="module")
def packaged(built_project, tmp_path_factory) -> Path:
    """The memorandum packaged once from the built project; returns the deposit folder."""
    out = tmp_path_factory.mktemp("deposit")
    results = package_documents(load_project(built_project / "edition.toml"), out_dir=out)
    assert [r.id for r in results] == [DOC_ID]
    return out


@pytest.fixture(scope="module")
def tei(built_project) -> etree._Element:
    return etree.parse(str(built_project / "output" / "tei" / f"{DOC_ID}.xml")).getroot()


def text_of(root: etree._Element, xpath: str) -> str:
    return root.xpath(f"normalize-space(({xpath})[1])", namespaces=NS)


# --------------------------------------------------------------------------- the bag

def test_memorandum_bag_is_valid_bagit_1_0(packaged):
    bag_dir = packaged / DOC_ID
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert bag.version_info == (1, 0)
    assert set(bag.algorithms) == {"sha256", "sha512"}
    cli_run = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag_dir)],
                             capture_output=True, text=True, timeout=60)
    assert cli_run.returncode == 0, cli_run.stderr
    assert "is valid" in cli_run.stderr


def test_memorandum_bag_holds_the_edition_and_its_provenance(packaged, built_project):
    bag_dir = packaged / DOC_ID
    payload = sorted(p.relative_to(bag_dir).as_posix() for p in (bag_dir / "data").rglob("*") if p.is_file())
    assert payload == [
        f"data/html/assets/edition.css",
        f"data/html/assets/edition.js",
        f"data/html/assets/favicon.svg",
        f"data/html/documents/{DOC_ID}.bib",
        f"data/html/documents/{DOC_ID}.html",
        f"data/print/{DOC_ID}.pdf",
        f"data/reports/{DOC_ID}.json",
        f"data/source/{DOC_ID}.toml",
        f"data/source/{DOC_ID}.txt",
        "data/source/register.toml",
        f"data/tei/{DOC_ID}.xml",
    ]
    # files are copied byte for byte
    assert (bag_dir / "data" / "tei" / f"{DOC_ID}.xml").read_bytes() == \
        (built_project / "output" / "tei" / f"{DOC_ID}.xml").read_bytes()
    assert (bag_dir / "data" / "source" / f"{DOC_ID}.txt").read_bytes() == \
        (built_project / "sources" / f"{DOC_ID}.txt").read_bytes()
    tags = (bag_dir / "tagmanifest-sha256.txt").read_text(encoding="utf-8")
    for name in ("metadata/mets.xml", "metadata/datacite.xml", "metadata/dc.xml", "metadata/zenodo.json",
                 "metadata/dspace/dublin_core.xml", "metadata/dspace/contents", "bag-info.txt"):
        assert f"  {name}\n" in tags


def test_the_tei_and_the_pdf_are_stored_once_and_the_page_links_to_them(packaged):
    bag_dir = packaged / DOC_ID
    page_path = bag_dir / "data" / "html" / "documents" / f"{DOC_ID}.html"
    page = etree.parse(str(page_path), etree.HTMLParser())
    links = {a.text: a.get("href") for a in page.iter("a")}
    assert links["TEI"] == f"../../tei/{DOC_ID}.xml" and links["PDF"] == f"../../print/{DOC_ID}.pdf"
    # every local link of the page resolves to a file in the bag
    for element in page.iter():
        for name in ("href", "src", "action"):
            value = element.get(name)
            if value and not value.startswith(("#", "https://")):
                assert (page_path.parent / value.split("#")[0]).resolve().is_file(), value
    # pages that are not in the bag: no links to them (no edition URL is known here)
    assert links["Mao"] == "#entry-mao"          # to the name's entry on the page
    assert links["Nobody"] is None and links["package"] is None
    assert page.find(".//form") is None and page.find(".//nav") is None and "All occurrences" not in links
    assert links["away"] == "https://example.org/elsewhere"


def test_a_site_given_as_a_map_of_its_files_gives_the_bag_of_the_site_folder(built_project, packaged, tmp_path):
    """A build reads the page and what it links to where they are (a map of the site's files, read against a
    folder that is never made): its bag and zip are byte for byte those the site's folder gives."""
    from edition.publish.deposit.package import plan_package, write_package

    project = load_project(built_project / "edition.toml")
    html = built_project / "output" / "html"
    site_files = {}
    for number, path in enumerate(sorted(p for p in html.rglob("*") if p.is_file())):
        elsewhere = tmp_path / "elsewhere" / f"{number}.bin"  # the same files, in another folder, by other names
        elsewhere.parent.mkdir(exist_ok=True)
        shutil.copy(path, elsewhere)
        site_files[path.relative_to(html).as_posix()] = elsewhere
    plan = plan_package(project.tei_dir / f"{DOC_ID}.xml", project=project, html_dir=tmp_path / "not-made",
                        site_files=site_files)
    write_package(plan, tmp_path / "deposit")
    assert not (tmp_path / "not-made").exists()
    made = {p.relative_to(tmp_path / "deposit").as_posix(): p.read_bytes()
            for p in (tmp_path / "deposit").rglob("*") if p.is_file()}
    assert made == {p.relative_to(packaged).as_posix(): p.read_bytes() for p in packaged.rglob("*") if p.is_file()}
    assert f"{DOC_ID}/data/html/assets/edition.css" in made and f"{DOC_ID}/data/html/documents/{DOC_ID}.bib" in made


def test_bag_info_comes_from_the_header_and_is_not_today(packaged):
    info = bagit.Bag(str(packaged / DOC_ID)).info
    assert info["Source-Organization"] == "The edition project"
    assert info["External-Identifier"] == DOC_ID
    assert info["External-Description"].startswith("Memorandum of Conversation of Mao Zedong")
    assert info["Bagging-Date"] == "2026-01-01"  # the edition's date (2026) — never the clock
    total = sum(p.stat().st_size for p in (packaged / DOC_ID / "data").rglob("*") if p.is_file())
    assert info["Payload-Oxum"] == f"{total}.11"


# --------------------------------------------------------------------------- METS

def test_mets_is_valid_and_lists_every_payload_file(packaged, mets_schema):
    bag_dir = packaged / DOC_ID
    assert_valid(mets_schema, bag_dir / "metadata" / "mets.xml")
    mets = etree.parse(str(bag_dir / "metadata" / "mets.xml")).getroot()
    files = mets.findall(".//mets:fileSec//mets:file", NS)
    payload = {p.relative_to(bag_dir).as_posix(): p for p in (bag_dir / "data").rglob("*") if p.is_file()}
    listed = {}
    for entry in files:
        href = entry.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href")
        target = (bag_dir / "metadata" / href).resolve()  # relative to mets.xml
        listed[target.relative_to(bag_dir.resolve()).as_posix()] = entry
    assert set(listed) == set(payload)
    for path, entry in listed.items():
        data = payload[path].read_bytes()
        assert entry.get("SIZE") == str(len(data))
        assert entry.get("CHECKSUMTYPE") == "SHA-256"
        assert entry.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
    mime = {path: entry.get("MIMETYPE") for path, entry in listed.items()}
    assert mime[f"data/tei/{DOC_ID}.xml"] == "application/tei+xml"
    assert mime[f"data/print/{DOC_ID}.pdf"] == "application/pdf"
    assert mime[f"data/html/documents/{DOC_ID}.html"] == "text/html"
    assert mime[f"data/reports/{DOC_ID}.json"] == "application/json"
    assert mime[f"data/source/{DOC_ID}.txt"] == "text/plain"
    # the structMap points at every file once
    pointers = [p.get("FILEID") for p in mets.iterfind(".//mets:structMap//mets:fptr", NS)]
    assert sorted(pointers) == sorted(entry.get("ID") for entry in files)


def test_mets_wraps_dc_refers_to_datacite_and_the_conversion_report(packaged, tei):
    bag_dir = packaged / DOC_ID
    mets = etree.parse(str(bag_dir / "metadata" / "mets.xml")).getroot()
    wrap = mets.find("mets:dmdSec/mets:mdWrap[@MDTYPE='DC']", NS)
    assert wrap is not None
    assert text_of(wrap, "mets:xmlData/oai_dc:dc/dc:title") == text_of(tei, "//tei:titleStmt/tei:title")
    ref = mets.find("mets:dmdSec/mets:mdRef[@OTHERMDTYPE='DataCite']", NS)
    datacite_bytes = (bag_dir / "metadata" / "datacite.xml").read_bytes()
    assert ref.get(f"{{{NS['xlink']}}}href") == "datacite.xml"
    assert ref.get("CHECKSUM") == hashlib.sha256(datacite_bytes).hexdigest()
    provenance = mets.find("mets:amdSec/mets:digiprovMD/mets:mdRef", NS)
    report_bytes = (bag_dir / "data" / "reports" / f"{DOC_ID}.json").read_bytes()
    assert provenance.get(f"{{{NS['xlink']}}}href") == f"../data/reports/{DOC_ID}.json"
    assert provenance.get("CHECKSUM") == hashlib.sha256(report_bytes).hexdigest()
    assert mets.get("OBJID") == DOC_ID
    assert mets.get("PROFILE") == "urn:edition:deposit-package:1"  # described in docs/deposit.md
    division = mets.find("mets:structMap/mets:div", NS)
    assert division.get("DMDID").split() == ["dmd-dc", "dmd-datacite"]
    assert division.get("ADMID") == provenance.getparent().get("ID")


# --------------------------------------------------------------------------- DataCite and DC

def test_datacite_record_of_the_memorandum(packaged, tei, datacite_schema):
    path = packaged / DOC_ID / "metadata" / "datacite.xml"
    assert_valid(datacite_schema, path)
    record = etree.parse(str(path)).getroot()
    identifier = record.find("d:identifier", NS)
    assert (identifier.get("identifierType"), identifier.text) == ("Other", DOC_ID)  # no DOI invented
    # the edition's maker (the editorial file names "The edition project"; a bare name: no nameType guessed)
    [creator] = record.iterfind("d:creators/d:creator/d:creatorName", NS)
    assert (creator.text, creator.get("nameType")) == ("The edition project", None)
    contributors = {(c.get("contributorType"), text_of(c, "d:contributorName"),
                     c.find("d:contributorName", NS).get("nameType"))
                    for c in record.iterfind("d:contributors/d:contributor", NS)}
    # the translator (4.5 has no Translator type) and the recorder of the conversation
    assert contributors == {("Other", "Austin Jersild", "Personal"), ("DataCollector", "Vl. Rogov", "Personal")}
    assert text_of(record, "d:titles/d:title") == text_of(tei, "//tei:titleStmt/tei:title[@type='main']")
    assert text_of(record, "d:publisher") == "The edition project"
    assert text_of(record, "d:publicationYear") == "2026"
    resource_type = record.find("d:resourceType", NS)
    assert (resource_type.get("resourceTypeGeneral"), resource_type.text) == ("Text", "Edition")
    assert text_of(record, "d:dates/d:date[@dateType='Created']") == "1958-10-02"
    assert text_of(record, "d:language") == "en"
    related = record.find("d:relatedIdentifiers/d:relatedIdentifier", NS)
    assert related.get("relationType") == "IsDerivedFrom" and related.get("relatedIdentifierType") == "URL"
    assert related.text == tei.xpath("string(//tei:sourceDesc//tei:bibl/tei:ptr/@target)", namespaces=NS)
    assert related.text.startswith("https://digitalarchive.wilsoncenter.org/")
    [rights] = record.iterfind("d:rightsList/d:rights", NS)  # the edition's licence, nothing scraped
    assert rights.get("rightsURI") == tei.xpath("string(//tei:availability/tei:licence/@target)", namespaces=NS)
    assert (rights.get("rightsIdentifier"), rights.get("rightsIdentifierScheme")) == ("CC-BY-4.0", "SPDX")
    edited = " ".join("".join(tei.xpath("//tei:profileDesc/tei:abstract//text()[not(ancestor::tei:sic"
                                        " or ancestor::tei:orig or ancestor::tei:note)]", namespaces=NS)).split())
    assert text_of(record, "d:descriptions/d:description[@descriptionType='Abstract']") == edited
    # the Leon Levy Foundation paid for the original translation: not this edition's funder
    assert record.find("d:fundingReferences", NS) is None
    assert b"Leon Levy" not in etree.tostring(record) and b"protected]" not in etree.tostring(record)
    item = record.find("d:relatedItems/d:relatedItem", NS)  # the archival original, cited
    assert (item.get("relationType"), item.get("relatedItemType")) == ("IsDerivedFrom", "Text")
    assert text_of(item, "d:number") == "State Archive of the Russian Federation (GARF): " \
        "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322"
    subjects = {s.text: s.get("valueURI") for s in record.iterfind("d:subjects/d:subject", NS)}
    assert subjects["Mao Zedong"] == "https://www.wikidata.org/wiki/Q5816"
    assert "Great Leap Forward" in subjects


def test_the_deposit_abstract_reads_the_edited_summary(packaged):
    """The summary's correction (unite → unit) is read as edited in every record, never as 'uniteunit'."""
    record = etree.parse(str(packaged / DOC_ID / "metadata" / "datacite.xml")).getroot()
    description = text_of(record, "d:descriptions/d:description[@descriptionType='Abstract']")
    assert "the core administrative unit of communized peoples." in description
    for name in ("dc.xml", "mets.xml", "zenodo.json", "dspace/dublin_core.xml"):
        text = (packaged / DOC_ID / "metadata" / name).read_text(encoding="utf-8")
        assert "uniteunit" not in text and "administrative unit of" in text, name
    page = (packaged / DOC_ID / "data" / "html" / "documents" / f"{DOC_ID}.html").read_text(encoding="utf-8")
    assert "uniteunit" not in page


def test_dublin_core_record_of_the_memorandum(packaged, tei):
    record = etree.parse(str(packaged / DOC_ID / "metadata" / "dc.xml")).getroot()
    assert record.tag == f"{{{NS['oai_dc']}}}dc"
    values = lambda name: [e.text for e in record.iterfind(f"dc:{name}", NS)]  # noqa: E731
    assert values("title") == [text_of(tei, "//tei:titleStmt/tei:title")]
    assert values("creator") == ["The edition project"]
    assert values("contributor") == ["Austin Jersild", "Vl. Rogov"]
    assert values("date") == ["1958-10-02", "2026"]
    assert values("identifier") == [DOC_ID]
    assert values("language") == ["en", "ru"]
    assert values("type") == ["Text"]
    assert values("rights") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert any(v.startswith("https://digitalarchive.wilsoncenter.org/") for v in values("source"))
    # only the fifteen DC elements, all in the DC namespace
    assert {etree.QName(e).namespace for e in record} == {NS["dc"]}


def test_a_doi_in_the_header_is_the_identifier(tmp_path, datacite_schema):
    [result] = package_files([FIXTURES / "with-doi.xml"], out_dir=tmp_path)
    assert result.id == "letter-1959-01-05"
    record = etree.parse(str(result.bag_dir / "metadata" / "datacite.xml")).getroot()
    assert_valid(datacite_schema, result.bag_dir / "metadata" / "datacite.xml")
    identifier = record.find("d:identifier", NS)
    assert (identifier.get("identifierType"), identifier.text) == ("DOI", "10.1234/example.5678")
    assert [c.text for c in record.iterfind("d:creators/d:creator/d:creatorName", NS)] == ["Anna Beispiel"]
    assert text_of(record, "d:titles/d:title[@titleType='Subtitle']") == "Eine Probe"
    assert text_of(record, "d:language") == "de"
    assert [s.text for s in record.iterfind("d:subjects/d:subject", NS)] == ["Briefe", "Redaktion"]
    dc = etree.parse(str(result.bag_dir / "metadata" / "dc.xml")).getroot()
    assert text_of(dc, "dc:identifier") == "https://doi.org/10.1234/example.5678"
    info = bagit.Bag(str(result.bag_dir)).info
    assert info["External-Identifier"] == "10.1234/example.5678"
    assert info["Bagging-Date"] == "2025-03-14"


# --------------------------------------------------------------------------- a TEI file nobody here wrote

def test_frus_document_is_packaged_with_what_its_header_offers(frus_dir, tmp_path, mets_schema,
                                                                 datacite_schema):
    source = frus_dir / "frus1958-60v19_d6.xml"
    messages = []
    [result] = package_files([source], out_dir=tmp_path, echo=messages.append)
    assert result.id == "frus1958-60v19_d6"  # no xml:id on TEI: the file name
    bagit.Bag(str(result.bag_dir)).validate()
    assert (result.bag_dir / "data" / "tei" / "frus1958-60v19_d6.xml").read_bytes() == source.read_bytes()
    assert_valid(mets_schema, result.bag_dir / "metadata" / "mets.xml")
    assert_valid(datacite_schema, result.bag_dir / "metadata" / "datacite.xml")
    # Zenodo requires a description and a licence, which this header lacks: no Zenodo record, and why
    assert not (result.bag_dir / "metadata" / "zenodo.json").exists()
    assert any("no Zenodo record: Zenodo requires description, license" in m for m in messages), messages
    record = etree.parse(str(result.bag_dir / "metadata" / "datacite.xml")).getroot()
    assert text_of(record, "d:identifier") == "frus1958-60v19_d6"
    assert record.find("d:identifier", NS).get("identifierType") == "Other"
    assert text_of(record, "d:titles/d:title") == \
        "Foreign Relations of the United States, 1958–1960, China, Volume XIX"
    assert text_of(record, "d:publisher") == "United States Government Printing Office"
    assert text_of(record, "d:publicationYear") == "1996"
    assert [(c.text, c.get("nameType")) for c in record.iterfind("d:creators/d:creator/d:creatorName", NS)] == \
        [("Harriet Dashiell Schwar", "Personal"), ("Glenn W. LaFantasie", "Personal")]
    assert text_of(record, "d:alternateIdentifiers/d:alternateIdentifier[@alternateIdentifierType='isbn-13']") \
        == "9780160417573"
    assert record.find("d:rightsList", NS) is None  # the header states no rights: none are invented
    assert bagit.Bag(str(result.bag_dir)).info["Bagging-Date"] == "1996-01-01"


# --------------------------------------------------------------------------- determinism and the zip

def test_packages_are_byte_identical_from_run_to_run(built_project, packaged, tmp_path):
    again = tmp_path / "again"
    package_documents(load_project(built_project / "edition.toml"), out_dir=again)
    first = {p.relative_to(packaged).as_posix(): p.read_bytes() for p in packaged.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_zip_is_sorted_dated_and_unpacks_to_a_valid_bag(packaged, tmp_path):
    data = (packaged / f"{DOC_ID}.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == f"{DOC_ID}/"
        files = [n for n in names if not n.endswith("/")]
        assert files == sorted(files)
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None
        archive.extractall(tmp_path)
    bagit.Bag(str(tmp_path / DOC_ID)).validate()
    bag_files = sorted(f"{DOC_ID}/{p.relative_to(packaged / DOC_ID).as_posix()}"
                       for p in (packaged / DOC_ID).rglob("*") if p.is_file())
    assert files == bag_files


# --------------------------------------------------------------------------- bad input

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_bad_input_stops_before_writing_and_keeps_the_previous_package(project_copy, tmp_path):
    project = load_project(project_copy / "edition.toml")
    out = project_copy / "output" / "deposit"
    package_documents(project)
    before = _snapshot(out)
    not_tei = tmp_path / "not-tei.xml"
    not_tei.write_text("<?xml version='1.0'?>\n<html><body/></html>\n", encoding="utf-8")
    good = project.tei_dir / f"{DOC_ID}.xml"
    good.write_bytes(good.read_bytes().replace(b"Leon Levy Foundation", b"Another Foundation"))
    with pytest.raises(PackageError) as caught:
        package_documents(project, [good, not_tei])
    message = caught.value.format_message()
    assert message.startswith(f"{not_tei}:2:1: not a TEI document")
    assert "\n" not in message
    assert _snapshot(out) == before  # the good document was not repackaged either
    assert sorted(p.name for p in out.iterdir()) == [DOC_ID, f"{DOC_ID}.zip"]  # no temporary folders left


def test_missing_conversion_report_is_an_error(project_copy):
    project = load_project(project_copy / "edition.toml")
    (project.output_dir / "reports" / f"{DOC_ID}.json").unlink()
    with pytest.raises(PackageError, match="conversion report of memorandum-1958-10-02 is missing"):
        package_documents(project)
    assert not (project.output_dir / "deposit").exists()


def test_bagging_date_from_the_project_file(project_copy):
    project_file = project_copy / "edition.toml"
    project_file.write_text(project_file.read_text(encoding="utf-8") +
                            '\n[package]\nbagging-date = "2026-11-02"\n', encoding="utf-8")
    [result] = package_documents(load_project(project_file))
    assert bagit.Bag(str(result.bag_dir)).info["Bagging-Date"] == "2026-11-02"
    mets = etree.parse(str(result.bag_dir / "metadata" / "mets.xml")).getroot()
    assert mets.find("mets:metsHdr", NS).get("CREATEDATE") == "2026-11-02T00:00:00"
    project_file.write_text(project_file.read_text(encoding="utf-8").replace("2026-11-02", "soon"),
                            encoding="utf-8")
    with pytest.raises(PackageError, match="bagging-date must be a date YYYY-MM-DD"):
        package_documents(load_project(project_file))


# --------------------------------------------------------------------------- the command

def test_package_command_in_a_project(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    result = CliRunner().invoke(cli, ["package"])
    assert result.exit_code == 0, result.output
    assert "packaged 1 document(s)" in result.output
    bagit.Bag(str(project_copy / "output" / "deposit" / DOC_ID)).validate()
    assert (project_copy / "output" / "deposit" / f"{DOC_ID}.zip").is_file()


def test_package_command_reports_bad_input_in_one_line(project_copy, monkeypatch, tmp_path):
    monkeypatch.chdir(project_copy)
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>\n</TEI>", encoding="utf-8")
    entities = tmp_path / "entities.xml"
    entities.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">]>\n'
                        "<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader/>&a;</TEI>", encoding="utf-8")
    for arguments in ([str(broken)], [str(tmp_path / "missing.xml")], [str(FIXTURES)], [str(entities)]):
        result = CliRunner().invoke(cli, ["package", *arguments])
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("edition: "), result.output
        assert "Traceback" not in result.output
    assert not (project_copy / "output" / "deposit").exists()


def test_package_command_with_named_files_and_out_dir(frus_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "deposit"
    result = CliRunner().invoke(cli, ["package", str(frus_dir / "frus1958-60v19_d6.xml"),
                                      str(FIXTURES / "with-doi.xml"), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "frus1958-60v19_d6", "frus1958-60v19_d6.zip", "letter-1959-01-05", "letter-1959-01-05.zip"]


@pytest.mark.parametrize("entry", ["../outside.txt", "data/link/outside.txt", "/etc/hostname", "~/outside.txt"])
def test_the_bag_check_refuses_a_manifest_path_outside_the_bag_as_bagit_does(tmp_path, entry):
    """The check a package is written with (bagit's, the bag's own path resolved once) refuses what bagit
    refuses: a manifest entry that leads out of the bag, also through a symbolic link in it."""
    bag = tmp_path / "bag"
    (bag / "data").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "outside.txt").write_text("x", encoding="utf-8")
    (bag / "data" / "link").symlink_to(tmp_path / "elsewhere")
    (bag / "bagit.txt").write_bytes(package.BAGIT_TXT)
    (bag / "manifest-sha256.txt").write_text(f"{'0' * 64}  {entry}\n", encoding="utf-8")
    for bag_class in (bagit.Bag, package._bag_class()):
        with pytest.raises(bagit.BagError, match="is unsafe"):
            bag_class(str(bag))
    (bag / "manifest-sha256.txt").write_text(f"{'0' * 64}  data/inside.txt\n", encoding="utf-8")
    assert package._bag_class()(str(bag)).entries    # a path inside is taken


@pytest.mark.parametrize("header, year", [
    ('<revisionDesc><change when="2017-07-01">First online.</change><change when="2021-09">Revised.</change>'
     '</revisionDesc>', "2021"),
    ('<revisionDesc><change when="2019-01-01">Made.</change></revisionDesc>', "2019"),
    (None, None),
])
def test_a_tei_file_without_a_publication_date_takes_its_latest_revision_and_says_so(tmp_path, header, year):
    """A TEI file from elsewhere with no publicationStmt/date: its records give the year of its latest revision
    (never a date of its source), with a warning that says so; with no revision either, it is an error."""
    source = (FIXTURES / "with-doi.xml").read_text(encoding="utf-8")
    source = source.replace('<date when="2025-03-14">14 March 2025</date>', "")
    source = source.replace("</sourceDesc>", '<bibl><date when="1959-01-05">5 January 1959</date></bibl></sourceDesc>')
    if header:
        source = source.replace("</teiHeader>", header + "</teiHeader>")
    tei = tmp_path / "letter.xml"
    tei.write_text(source, encoding="utf-8")
    said: list[str] = []
    if year is None:
        with pytest.raises(PackageError, match="no publication year"):
            package_files([tei], out_dir=tmp_path / "out", echo=said.append)
        assert not (tmp_path / "out").exists()
        return
    [result] = package_files([tei], out_dir=tmp_path / "out", echo=said.append)
    record = etree.parse(str(result.bag_dir / "metadata" / "datacite.xml"))
    assert record.findtext("{http://datacite.org/schema/kernel-4}publicationYear") == year
    assert [line for line in said if "no publicationStmt/date" in line] == [
        f"warning: letter-1959-01-05: no publicationStmt/date: the records give {year} as the year of publication, "
        "the date of its editionStmt or of its latest revision (revisionDesc); add publicationStmt/date to state it"]
