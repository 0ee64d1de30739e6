"""The real TEI of ../shared/corpus/tei-wild and ../shared/corpus/frus, rendered once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED

WILD = SHARED / "corpus" / "tei-wild"
FRUS = SHARED / "corpus" / "frus"


def corpus_files() -> list[Path]:
    """Every real TEI file: tei-wild, the FRUS documents and the three whole FRUS volumes."""
    return (sorted(WILD.glob("*.xml")) + sorted(FRUS.glob("*.xml")) + sorted((FRUS / "extra").glob("*.xml"))
            + sorted((FRUS / "volumes").glob("*.xml")))


@pytest.fixture(scope="session")
def wild_documents(shared_dir):
    """Every corpus file loaded for rendering (name → SiteDocument)."""
    from edition.publish.html.site import load_document

    files = corpus_files()
    if len(files) < 40:
        pytest.fail(f"the corpus is incomplete at {SHARED}: {len(files)} files")
    return {path.name: load_document(path) for path in files}


@pytest.fixture(scope="session")
def wild_site(wild_documents, tmp_path_factory):
    """The whole corpus as one site (rendered once): (result, site folder)."""
    from edition.publish.html.site import render_site

    out = tmp_path_factory.mktemp("wild") / "html"
    result = render_site(documents=list(wild_documents.values()), out_dir=out, project_title="tei-wild")
    return result, out
