"""Citations: the CSL-JSON record of a document and every citation written from it, read back with
citeproc-py, bibtexparser and rispy."""

from __future__ import annotations

import bibtexparser
import pytest
import rispy

from edition.publish.citation import STYLE, csl_records, render_citation, to_bibtex, to_csl_json, to_ris

URL = "https://example.org/records/documents/memorandum-1958-10-02.html"


@pytest.fixture(scope="module")
def record(memorandum_tei):
    records = csl_records(memorandum_tei, project_title="Records of Conversation, 1958",
                          base_url="https://example.org/records/")
    assert list(records) == ["memorandum-1958-10-02"]
    return records["memorandum-1958-10-02"]


def test_record_splits_names_and_holds_archive_and_both_dates(record):
    assert record["type"] == "manuscript"
    assert record["author"] == [{"family": "Rogov", "given": "Vl."}]
    assert record["translator"] == [{"family": "Jersild", "given": "Austin"}]
    assert record["archive"] == "State Archive of the Russian Federation (GARF)"
    assert record["archive-place"] == "Moscow"
    assert record["archive_location"] == "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322"
    assert record["issued"] == {"date-parts": [[1958, 10, 2]]}       # the document's date
    assert record["available-date"] == {"date-parts": [[2026]]}      # the edition's
    assert record["URL"] == URL and record["container-title"] == "Records of Conversation, 1958"
    assert "DOI" not in record  # the header has none; publicationStmt/idno[@type='DOI'] would go here


def test_displayed_citation_is_chicago_from_the_record(record):
    assert "Chicago" in STYLE.read_text(encoding="utf-8")[:600] and STYLE.name.startswith("chicago-")
    citation = render_citation(record)
    assert citation.text.startswith("Rogov, Vl. “Memorandum of Conversation of Mao Zedong")
    assert "Translated by Austin Jersild" in citation.text and URL in citation.text
    assert "October 2, 1958" in citation.text and "State Archive of the Russian Federation (GARF)" in citation.text
    # citeproc-py reads the CSL-JSON file back to the same citation
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    import json

    again = json.loads(to_csl_json(record))
    bibliography = CitationStylesBibliography(CitationStylesStyle(str(STYLE), validate=False),
                                              CiteProcJSON(again), formatter.plain)
    bibliography.register(Citation([CitationItem(record["id"])]))
    assert " ".join(str(bibliography.bibliography()[0]).split()) == citation.text


def test_bibtex_parses_back(record):
    library = bibtexparser.parse_string(to_bibtex(record))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.entry_type == "misc" and entry.key == "memorandum-1958-10-02"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["author"] == "Rogov, Vl." and fields["translator"] == "Jersild, Austin"
    assert fields["date"] == "1958-10-02" and fields["url"] == URL
    assert "State Archive of the Russian Federation (GARF), Moscow" in fields["note"] and "2026" in fields["note"]


def test_ris_parses_back(record):
    (entry,) = rispy.loads(to_ris(record))
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["authors"] == ["Rogov, Vl."]
    assert entry["title"].startswith("Memorandum of Conversation")
    assert entry["date"] == "1958/10/02/" and entry["year"] == "1958"
    assert entry["urls"] == [URL] and entry["subsidiary_authors"] == ["Jersild, Austin"]
    assert entry["database_provider"] == "State Archive of the Russian Federation (GARF), Moscow"
    assert entry["accession_number"] == "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322"
    assert not entry.get("unknown_tag")


def test_doi_goes_into_every_citation(memorandum_tei):
    from copy import deepcopy

    from lxml import etree

    tei = deepcopy(memorandum_tei)
    pub = tei.find(".//{http://www.tei-c.org/ns/1.0}publicationStmt")
    idno = etree.SubElement(pub, "{http://www.tei-c.org/ns/1.0}idno", type="DOI")
    idno.text = "https://doi.org/10.1234/example.5678"
    record = csl_records(tei, project_title="R")["memorandum-1958-10-02"]
    assert record["DOI"] == "10.1234/example.5678"
    assert "doi = {10.1234/example.5678}" in to_bibtex(record)
    assert rispy.loads(to_ris(record))[0]["doi"] == "10.1234/example.5678"


def test_editors_of_a_frus_volume_split_into_family_and_given(frus_dir):
    from edition.safexml import parse_xml_file

    tei = parse_xml_file(next(frus_dir.glob("**/frus1958-60v19_d105.xml")))
    (record,) = csl_records(tei, project_title="FRUS").values()
    assert record["editor"] == [{"family": "Schwar", "given": "Harriet Dashiell"},
                                {"family": "LaFantasie", "given": "Glenn W."}]
    assert record["issued"] == {"date-parts": [[1958, 9, 18]]}
    assert render_citation(record).text.startswith("Schwar, Harriet Dashiell, and Glenn W. LaFantasie, eds.")
