"""The deposit records of a project that names its editors, funder, version, URL and DOIs.

Every record is checked against the schema of its standard (DataCite 4.5: the official XSD in
``$EDITION_SHARED/schemas/datacite-4.5``; METS 1.12.1 as ``metsrw`` ships it; oai_dc), the Zenodo
record against the fields Zenodo documents for its deposit API (written out here, not taken from the
code under test), and the DSpace Simple Archive Format item against the structure DSpace's importer reads.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from edition.build.run import build_tei
from edition.errors import ConfigError, EditionError
from edition.publish.deposit.package import PackageError, package_documents, package_files
from edition.project import load_project
from edition.publish.deposit.records import METS_XSD, OAI_DC_XSD, RecordError, load_schema

DOC_ID = "memorandum-1958-10-02"
FIXTURES = Path(__file__).parents[2] / "fixtures"
NS = {"d": "http://datacite.org/schema/kernel-4", "tei": "http://www.tei-c.org/ns/1.0",
      "dc": "http://purl.org/dc/elements/1.1/", "mets": "http://www.loc.gov/METS/"}
ORCID = "0000-0002-1825-0097"  # ORCID's own example identity (Josiah Carberry)

PROJECT_KEYS = '''
version = "1.1"
url = "https://example.org/records-1958/"
doi = "10.5281/zenodo.1000"

[[editor]]
name = "Josiah Carberry"
given_name = "Josiah"
family_name = "Carberry"
orcid = "https://orcid.org/0000-0002-1825-0097"
affiliation = "Brown University"
ror = "05gq02987"

[[editor]]
name = "The edition project"
type = "organisation"

[[funder]]
name = "Example Foundation"
ror = "https://ror.org/02mhbdp94"
'''


def credited_project(root: Path, repo_root: Path, *, document_doi: str | None = None) -> Path:
    """A copy of the repository's project with the project-file keys of the deposit records."""
    shutil.copytree(repo_root / "sources", root / "sources")
    text = (repo_root / "edition.toml").read_text(encoding="utf-8")
    text = text.replace('register = "sources/register.toml"\n', 'register = "sources/register.toml"\n' + PROJECT_KEYS)
    if document_doi:
        text = text.replace('source = "sources/memorandum-1958-10-02.txt"\n',
                            f'source = "sources/memorandum-1958-10-02.txt"\ndoi = "{document_doi}"\n')
    (root / "edition.toml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def credited(tmp_path_factory, repo_root) -> Path:
    """The project built (TEI and reports) and packaged; returns the bag."""
    root = credited_project(tmp_path_factory.mktemp("credited"), repo_root, document_doi="10.5281/zenodo.1001")
    project = load_project(root / "edition.toml")
    build_tei(project)
    [result] = package_documents(project)
    return result.bag_dir


@pytest.fixture(scope="session")
def datacite_schema(shared_dir) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_dir / "schemas" / "datacite-4.5" / "metadata.xsd")))


def text_of(root, xpath: str) -> str:
    return root.xpath(f"normalize-space(({xpath})[1])", namespaces=NS)


# --------------------------------------------------------------------------- TEI

def test_editors_and_version_in_the_tei_header_valid_against_tei_all(credited, tei_all_path):
    tei_path = credited / "data" / "tei" / f"{DOC_ID}.xml"
    tei = etree.parse(str(tei_path)).getroot()
    editor = tei.find(".//tei:titleStmt/tei:editor", NS)
    assert editor.get("ref") == f"https://orcid.org/{ORCID}"
    assert text_of(editor, "tei:persName/tei:forename") == "Josiah"
    assert text_of(editor, "tei:persName/tei:surname") == "Carberry"
    assert editor.find("tei:affiliation/tei:orgName", NS).get("ref") == "https://ror.org/05gq02987"
    assert tei.xpath("string(//tei:respStmt[@xml:id='editor']/tei:persName/@ref)", namespaces=NS) == f"https://orcid.org/{ORCID}"
    assert tei.find(".//tei:editionStmt/tei:edition", NS).get("n") == "1.1"
    assert text_of(tei, "//tei:publicationStmt/tei:idno[@type='DOI']") == "10.5281/zenodo.1001"
    assert text_of(tei, "//tei:seriesStmt/tei:idno[@type='DOI']") == "10.5281/zenodo.1000"
    assert text_of(tei, "//tei:titleStmt/tei:funder") == "Example Foundation"
    run = subprocess.run(["jing", str(tei_all_path), str(tei_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout


# --------------------------------------------------------------------------- DataCite, DC, METS

def test_datacite_record_credits_the_editors_and_relates_the_edition(credited, datacite_schema):
    path = credited / "metadata" / "datacite.xml"
    record = etree.parse(str(path))
    assert datacite_schema.validate(record), datacite_schema.error_log
    record = record.getroot()
    assert text_of(record, "d:identifier[@identifierType='DOI']") == "10.5281/zenodo.1001"
    first, second = record.iterfind("d:creators/d:creator", NS)
    name = first.find("d:creatorName", NS)
    assert (name.text, name.get("nameType")) == ("Carberry, Josiah", "Personal")
    assert (text_of(first, "d:givenName"), text_of(first, "d:familyName")) == ("Josiah", "Carberry")
    identifier = first.find("d:nameIdentifier", NS)
    assert (identifier.text, identifier.get("nameIdentifierScheme")) == (f"https://orcid.org/{ORCID}", "ORCID")
    affiliation = first.find("d:affiliation", NS)
    assert (affiliation.text, affiliation.get("affiliationIdentifier"), affiliation.get("affiliationIdentifierScheme")) \
        == ("Brown University", "https://ror.org/05gq02987", "ROR")
    name = second.find("d:creatorName", NS)
    assert (name.text, name.get("nameType")) == ("The edition project", "Organizational")
    contributors = [(c.get("contributorType"), text_of(c, "d:contributorName"))
                    for c in record.iterfind("d:contributors/d:contributor", NS)]
    assert contributors == [("Other", "Austin Jersild"), ("DataCollector", "Vl. Rogov")]
    assert text_of(record, "d:version") == "1.1"
    assert text_of(record, "d:publicationYear") == "2026"
    related = {(r.get("relationType"), r.get("relatedIdentifierType"), r.text)
               for r in record.iterfind("d:relatedIdentifiers/d:relatedIdentifier", NS)}
    assert related == {
        ("IsDerivedFrom", "URL", "https://digitalarchive.wilsoncenter.org/document/memorandum-conversation-"
                                 "mao-zedong-six-delegates-socialist-countries-china-2-october-1958"),
        ("IsVariantFormOf", "URL", f"https://example.org/records-1958/documents/{DOC_ID}.html"),
        ("IsPartOf", "DOI", "10.5281/zenodo.1000"),
        ("IsPartOf", "URL", "https://example.org/records-1958/"),
    }
    [rights] = record.iterfind("d:rightsList/d:rights", NS)
    assert (rights.get("rightsIdentifier"), rights.get("rightsIdentifierScheme")) == ("CC-BY-4.0", "SPDX")
    funding = record.find("d:fundingReferences/d:fundingReference", NS)
    assert text_of(funding, "d:funderName") == "Example Foundation"
    assert funding.find("d:funderIdentifier", NS).get("funderIdentifierType") == "ROR"
    assert len(record.findall("d:fundingReferences/d:fundingReference", NS)) == 1  # not the source's funder


def test_dc_and_mets_records_are_valid(credited):
    dc_schema = etree.XMLSchema(etree.parse(str(OAI_DC_XSD)))
    dc = etree.parse(str(credited / "metadata" / "dc.xml"))
    assert dc_schema.validate(dc), dc_schema.error_log
    values = lambda name: [e.text for e in dc.getroot().iterfind(f"dc:{name}", NS)]  # noqa: E731
    assert values("creator") == ["Carberry, Josiah", "The edition project"]
    assert values("identifier") == ["https://doi.org/10.5281/zenodo.1001"]
    assert f"https://example.org/records-1958/documents/{DOC_ID}.html" in values("relation")
    mets = etree.parse(str(credited / "metadata" / "mets.xml"))
    mets_schema = load_schema(str(METS_XSD))  # METS 1.12.1 as published (test_package checks the copy)
    assert mets_schema.validate(mets), mets_schema.error_log
    assert mets.getroot().get("OBJID") == "10.5281/zenodo.1001" and mets.getroot().get("PROFILE")


def test_no_scraped_web_text_in_any_record(credited):
    for path in (credited / "metadata").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "protected]" not in text and "Leon Levy" not in text, path


# --------------------------------------------------------------------------- Zenodo

# Zenodo's REST API, "Deposit metadata" (developers.zenodo.org, legacy deposit API): the fields and
# their controlled values, as documented.
ZENODO_UPLOAD_TYPES = {"publication", "poster", "presentation", "dataset", "image", "video", "software",
                       "lesson", "physicalobject", "other"}
ZENODO_PUBLICATION_TYPES = {"annotationcollection", "book", "section", "conferencepaper", "datamanagementplan",
                            "article", "patent", "preprint", "deliverable", "milestone", "proposal", "report",
                            "softwaredocumentation", "taxonomictreatment", "technicalnote", "thesis",
                            "workingpaper", "other"}
ZENODO_ACCESS_RIGHTS = {"open", "embargoed", "restricted", "closed"}
ZENODO_RELATIONS = {"isCitedBy", "cites", "isSupplementTo", "isSupplementedBy", "isContinuedBy", "continues",
                    "isDescribedBy", "describes", "hasMetadata", "isMetadataFor", "isNewVersionOf",
                    "isPreviousVersionOf", "isPartOf", "hasPart", "isReferencedBy", "references",
                    "isDocumentedBy", "documents", "isCompiledBy", "compiles", "isVariantFormOf",
                    "isOriginalFormof", "isIdenticalTo", "isAlternateIdentifier", "isReviewedBy", "reviews",
                    "isDerivedFrom", "isSourceOf", "requires", "isRequiredBy", "isObsoletedBy", "obsoletes"}
ZENODO_CONTRIBUTOR_TYPES = {"ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor",
                            "Editor", "HostingInstitution", "Producer", "ProjectLeader", "ProjectManager",
                            "ProjectMember", "RegistrationAgency", "RegistrationAuthority", "RelatedPerson",
                            "Researcher", "ResearchGroup", "RightsHolder", "Supervisor", "Sponsor",
                            "WorkPackageLeader", "Other"}
ZENODO_FIELDS = {"upload_type", "publication_type", "image_type", "publication_date", "title", "creators",
                 "description", "access_right", "license", "embargo_date", "access_conditions", "doi",
                 "prereserve_doi", "keywords", "notes", "related_identifiers", "contributors", "references",
                 "communities", "grants", "journal_title", "journal_volume", "journal_issue", "journal_pages",
                 "conference_title", "conference_acronym", "conference_dates", "conference_place",
                 "conference_url", "conference_session", "conference_session_part", "imprint_publisher",
                 "imprint_isbn", "imprint_place", "partof_title", "partof_pages", "thesis_supervisors",
                 "thesis_university", "subjects", "version", "language", "locations", "dates", "method"}
PERSON_FIELDS = {"name", "affiliation", "orcid", "gnd", "type"}


def check_zenodo_metadata(metadata: dict) -> None:
    """Zenodo's documented rules for deposit metadata (required fields, types, vocabularies)."""
    assert set(metadata) <= ZENODO_FIELDS, set(metadata) - ZENODO_FIELDS
    for key in ("upload_type", "publication_date", "title", "creators", "description"):  # required
        assert metadata.get(key), key
    assert metadata["upload_type"] in ZENODO_UPLOAD_TYPES
    if metadata["upload_type"] == "publication":
        assert metadata["publication_type"] in ZENODO_PUBLICATION_TYPES
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", metadata["publication_date"])
    assert metadata.get("access_right", "open") in ZENODO_ACCESS_RIGHTS
    if metadata.get("access_right", "open") in ("open", "embargoed"):
        assert re.fullmatch(r"[a-z0-9.+-]+", metadata["license"])  # a licence id of Zenodo's vocabulary
    for person in metadata["creators"] + metadata.get("contributors", []):
        assert set(person) <= PERSON_FIELDS and isinstance(person["name"], str) and person["name"]
        if "orcid" in person:
            assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", person["orcid"])
    for person in metadata.get("contributors", []):
        assert person["type"] in ZENODO_CONTRIBUTOR_TYPES
    for related in metadata.get("related_identifiers", []):
        assert set(related) <= {"identifier", "relation", "resource_type", "scheme"}
        assert related["relation"] in ZENODO_RELATIONS and related["identifier"]
    assert all(isinstance(k, str) and k for k in metadata.get("keywords", []))
    if "language" in metadata:
        assert re.fullmatch(r"[a-z]{3}", metadata["language"])  # ISO 639-2 or 639-3
    if "doi" in metadata:
        assert re.fullmatch(r"10\.\d{4,9}/\S+", metadata["doi"])


def test_zenodo_record_has_zenodo_documented_fields(credited):
    metadata = json.loads((credited / "metadata" / "zenodo.json").read_text(encoding="utf-8"))
    check_zenodo_metadata(metadata)
    assert metadata["upload_type"] == "publication" and metadata["publication_type"] == "other"
    assert metadata["publication_date"] == "2026-01-01"  # the edition's year, 1 January (documented)
    assert metadata["creators"][0] == {"name": "Carberry, Josiah", "affiliation": "Brown University", "orcid": ORCID}
    assert metadata["creators"][1] == {"name": "The edition project"}
    assert metadata["contributors"] == [{"name": "Austin Jersild", "type": "Other"},
                                        {"name": "Vl. Rogov", "type": "DataCollector"}]
    assert metadata["license"] == "cc-by-4.0" and metadata["version"] == "1.1" and metadata["language"] == "eng"
    assert metadata["description"].startswith("<p>To the other delegates, Mao discusses")
    assert {"identifier": "10.5281/zenodo.1000", "relation": "isPartOf"} in metadata["related_identifiers"]
    assert metadata["doi"] == "10.5281/zenodo.1001"
    assert "Original: State Archive of the Russian Federation" in metadata["notes"]


def test_zenodo_description_is_escaped_html(tmp_path):
    source = (FIXTURES / "package" / "with-doi.xml").read_text(encoding="utf-8")
    source = source.replace("<profileDesc>", "<profileDesc><abstract><p>Tags like &lt;script&gt; &amp; co.</p></abstract>")
    (tmp_path / "in").mkdir()
    tei = tmp_path / "in" / "letter.xml"
    tei.write_text(source, encoding="utf-8")
    [result] = package_files([tei], out_dir=tmp_path / "out")
    metadata = json.loads((result.bag_dir / "metadata" / "zenodo.json").read_text(encoding="utf-8"))
    check_zenodo_metadata(metadata)
    assert metadata["description"] == "<p>Tags like &lt;script&gt; &amp; co.</p>"
    assert metadata["license"] == "cc0-1.0"


# --------------------------------------------------------------------------- DSpace

# DSpace's default Dublin Core registry (dspace/config/registries/dublin-core-types.xml): the
# element.qualifier pairs an import of dublin_core.xml accepts without a custom schema.
DSPACE_DC = {
    ("contributor", "author"), ("contributor", "editor"), ("contributor", "other"), ("contributor", "none"),
    ("coverage", "spatial"), ("coverage", "temporal"), ("date", "created"), ("date", "issued"),
    ("description", "none"), ("description", "abstract"), ("description", "sponsorship"),
    ("description", "version"), ("description", "tableofcontents"), ("format", "mimetype"),
    ("format", "extent"), ("identifier", "uri"), ("identifier", "other"), ("identifier", "citation"),
    ("language", "iso"), ("publisher", "none"), ("relation", "ispartof"), ("relation", "uri"),
    ("rights", "none"), ("rights", "uri"), ("source", "none"), ("source", "uri"), ("subject", "none"),
    ("title", "none"), ("title", "alternative"), ("type", "none"),
}


def test_dspace_simple_archive_format_item(credited):
    item = credited / "metadata" / "dspace"
    record = etree.parse(str(item / "dublin_core.xml")).getroot()
    assert (record.tag, record.get("schema")) == ("dublin_core", "dc")
    values = {}
    for value in record:
        assert value.tag == "dcvalue" and set(value.attrib) <= {"element", "qualifier", "language"}
        assert (value.get("element"), value.get("qualifier")) in DSPACE_DC, value.attrib
        assert len(value) == 0 and value.text and value.text == value.text.strip()
        values.setdefault(f"{value.get('element')}.{value.get('qualifier')}", []).append(value.text)
    assert values["title.none"] == [text_of(etree.parse(str(credited / "data" / "tei" / f"{DOC_ID}.xml")).getroot(),
                                            "//tei:titleStmt/tei:title")]
    assert values["contributor.author"] == ["Carberry, Josiah", "The edition project"]
    assert values["identifier.uri"] == ["https://doi.org/10.5281/zenodo.1001"]
    assert values["rights.uri"] == ["https://creativecommons.org/licenses/by/4.0/"]
    # contents: one file a line, tab-separated options; every file of data/ once, the TEI primary
    lines = (item / "contents").read_text(encoding="utf-8").splitlines()
    names = []
    for line in lines:
        name, *options = line.split("\t")
        assert (item / name).resolve().is_file(), name
        assert "bundle:ORIGINAL" in options and all(re.fullmatch(r"(bundle|description|primary|permissions):.+", o)
                                                    for o in options)
        names.append((item / name).resolve().relative_to(credited.resolve()).as_posix())
    payload = sorted(p.relative_to(credited).as_posix() for p in (credited / "data").rglob("*") if p.is_file())
    assert sorted(names) == payload
    assert [line for line in lines if "primary:true" in line] == \
        [f"../../data/tei/{DOC_ID}.xml\tbundle:ORIGINAL\tdescription:TEI P5 document\tprimary:true"]


# --------------------------------------------------------------------------- failures

def test_an_invalid_record_stops_the_run_with_the_schemas_message(tmp_path):
    source = (FIXTURES / "package" / "with-doi.xml").read_text(encoding="utf-8")
    tei = tmp_path / "letter.xml"
    tei.write_text(source.replace('xml:lang="de"', 'xml:lang="not a language"'), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        package_files([tei], out_dir=tmp_path / "out")
    message = caught.value.format_message()
    assert re.match(r"letter-1959-01-05/metadata/datacite\.xml:\d+:\d+: the DataCite 4\.5 record is not valid "
                    r"against metadata\.xsd: Element '\{http://datacite\.org/schema/kernel-4\}title', attribute "
                    r"'\{http://www\.w3\.org/XML/1998/namespace\}lang': 'not a language' is not a valid", message), message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("editorial, expected", [
    ("", ["no publication year: DataCite requires", "[edition] date in edition.toml, or in its editorial file"]),
    ('\n[edition]\ndate = "2026"\n', ["Zenodo requires description", "[edition] introduction"]),
])
def test_a_project_document_without_a_year_or_a_description_is_an_error(tmp_path, editorial, expected):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "editorial" / "second", root / "sources")
    with open(root / "sources" / "record-1959-03-12.toml", "a", encoding="utf-8") as handle:
        handle.write(editorial)
    (root / "edition.toml").write_text('[edition]\ntitle = "T"\npublisher = "P"\nregister = "sources/register.toml"\n'
                                       '[[document]]\nsource = "sources/record-1959-03-12.txt"\n', encoding="utf-8")
    project = load_project(root / "edition.toml")
    build_tei(project)
    with pytest.raises(PackageError) as caught:
        package_documents(project)
    message = caught.value.format_message()
    assert all(part in message for part in expected), message
    assert "\n" not in message and not (project.output_dir / "deposit").exists()


def test_the_project_files_edition_date_is_every_documents_unless_its_editorial_file_gives_one(tmp_path):
    """``[edition] date`` in edition.toml: the year of publication of each document whose editorial file gives
    none; an editorial file's own date is kept."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "editorial" / "second", root / "sources")
    (root / "sources" / "bare.txt").write_text("Chairman: Welcome.\n\nGuest: Thank you.\n", encoding="utf-8")
    (root / "sources" / "bare.toml").write_text('[edition]\nintroduction = "A greeting."\n', encoding="utf-8")
    with open(root / "sources" / "record-1959-03-12.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[edition]\ndate = "2024"\nintroduction = "A record."\n')
    (root / "edition.toml").write_text('[edition]\ntitle = "T"\npublisher = "P"\nregister = "sources/register.toml"\n'
                                       'date = "2025-06"\nintroduction = "An edition."\n'
                                       '[[document]]\nsource = "sources/record-1959-03-12.txt"\n'
                                       '[[document]]\nsource = "sources/bare.txt"\n', encoding="utf-8")
    project = load_project(root / "edition.toml")
    build_tei(project)
    years = {}
    for result in package_documents(project):
        record = etree.parse(str(result.bag_dir / "metadata" / "datacite.xml"))
        years[result.bag_dir.name] = record.findtext("d:publicationYear", namespaces=NS)
    assert years == {"record-1959-03-12": "2024", "bare": "2025"}
    tei = etree.parse(str(project.output_dir / "tei" / "bare.xml"))
    assert tei.xpath("string(//tei:publicationStmt/tei:date/@when)", namespaces=NS) == "2025-06"
    (root / "edition.toml").write_text((root / "edition.toml").read_text().replace('"2025-06"', '"June 2025"'))
    with pytest.raises(ConfigError, match="date"):
        load_project(root / "edition.toml")


@pytest.mark.parametrize("entry, expected", [
    ('[[editor]]\nname = "A"\norcid = "0000-0002-1825-0098"\n', "is not an ORCID iD"),  # check digit
    ('[[editor]]\nname = "A"\nror = "not-a-ror"\n', "is not a ROR id"),
    ('[[editor]]\ngiven_name = "A"\n', "[[editor]] #1 name: is required"),
    ('[[editor]]\nname = "A"\nemail = "a@example.org"\n', "unknown key 'email'"),
])
def test_project_file_credits_are_checked(tmp_path, repo_root, entry, expected):
    shutil.copytree(repo_root / "sources", tmp_path / "sources")
    (tmp_path / "edition.toml").write_text((repo_root / "edition.toml").read_text(encoding="utf-8") + entry,
                                           encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(expected)) as caught:
        load_project(tmp_path / "edition.toml")
    assert isinstance(caught.value, EditionError) and "\n" not in caught.value.format_message()


@pytest.mark.parametrize("licence, spdx", [
    ('<licence target="https://creativecommons.org/licenses/by-nc-sa/4.0/">CC BY-NC-SA 4.0</licence>', "CC-BY-NC-SA-4.0"),
    ("<licence>The editorial matter: CC BY-NC 4.0.</licence>", "CC-BY-NC-4.0"),
    ('<licence target="https://creativecommons.org/licenses/by/4.0/deed.de">Namensnennung 4.0</licence>', "CC-BY-4.0"),
    ('<licence target="https://example.org/our-terms">Our terms</licence>', None),
])
def test_spdx_identifier_of_the_licence(tmp_path, datacite_schema, licence, spdx):
    source = (FIXTURES / "package" / "with-doi.xml").read_text(encoding="utf-8")
    source = re.sub(r"<licence .*?</licence>", licence, source)
    tei = tmp_path / "letter.xml"
    tei.write_text(source, encoding="utf-8")
    messages = []
    [result] = package_files([tei], out_dir=tmp_path / "out", echo=messages.append)
    record = etree.parse(str(result.bag_dir / "metadata" / "datacite.xml"))
    assert datacite_schema.validate(record), datacite_schema.error_log
    assert record.getroot().find("d:rightsList/d:rights", NS).get("rightsIdentifier") == spdx
    if spdx is None:  # Zenodo would default to CC BY 4.0: no Zenodo record rather than a wrong licence
        assert not (result.bag_dir / "metadata" / "zenodo.json").exists()
        assert any("Zenodo requires description, license" in m for m in messages), messages


@pytest.mark.parametrize("name", ["04-spoken-parlamint-tr-2018-07-07.xml", "05-letter-schnitzler-L00267-correspdesc.xml",
                                  "07-letter-cmif-basic-example01.xml", "19-print-journal-dingler-pj346-formula.xml"])
def test_tei_files_from_elsewhere_get_valid_records(shared_dir, tmp_path, datacite_schema, name):
    [result] = package_files([shared_dir / "corpus" / "tei-wild" / name], out_dir=tmp_path)  # checked when made
    record = etree.parse(str(result.bag_dir / "metadata" / "datacite.xml"))
    assert datacite_schema.validate(record), datacite_schema.error_log  # and again here, independently


def test_a_tei_file_without_a_publication_year_is_refused_with_what_to_add(shared_dir, tmp_path):
    source = shared_dir / "corpus" / "tei-wild" / "02-drama-greek-aristophanes-peace.xml"
    with pytest.raises(PackageError, match=r"02-drama-greek-aristophanes-peace\.xml:\d+: no publication year: "
                                           r"DataCite requires .* add publicationStmt/date"):
        package_files([source], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_without_the_datacite_schema_a_warning_says_the_records_were_not_checked(tmp_path, monkeypatch):
    monkeypatch.delenv("EDITION_DATACITE_XSD", raising=False)
    messages = []
    package_files([FIXTURES / "package" / "with-doi.xml"], out_dir=tmp_path, echo=messages.append)
    assert any(m.startswith("warning: the DataCite records were not checked") and "EDITION_DATACITE_XSD" in m
               for m in messages), messages
    monkeypatch.setenv("EDITION_DATACITE_XSD", str(tmp_path / "missing.xsd"))
    with pytest.raises(EditionError, match="DataCite schema named by \\$EDITION_DATACITE_XSD not found"):
        package_files([FIXTURES / "package" / "with-doi.xml"], out_dir=tmp_path)
