"""Shared test settings.

The material in ``../shared`` (official TEI schema, FRUS corpus, the memorandum) is found through
the environment variable ``EDITION_SHARED`` (default: ``../shared`` beside the repository). The
official ``tei_all.rng`` is ``$EDITION_TEI_ALL`` or ``$EDITION_SHARED/tei/tei_all.rng``; the official
DataCite 4.5 schema is ``$EDITION_DATACITE_XSD`` or ``$EDITION_SHARED/schemas/datacite-4.5/metadata.xsd``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EDITION_SHARED", REPO.parent / "shared")).resolve()
MEMORANDUM = REPO / "sources" / "memorandum-1958-10-02.txt"
MEMORANDUM_META = REPO / "sources" / "memorandum-1958-10-02.toml"
REGISTER = REPO / "sources" / "register.toml"
# The official DataCite 4.5 XSD (not in the repository): every package a test makes checks its record.
DATACITE_XSD = SHARED / "schemas" / "datacite-4.5" / "metadata.xsd"
if DATACITE_XSD.is_file():
    os.environ.setdefault("EDITION_DATACITE_XSD", str(DATACITE_XSD))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared material not found at {SHARED}: set EDITION_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def tei_all_path(shared_dir) -> Path:
    path = Path(os.environ.get("EDITION_TEI_ALL", shared_dir / "tei" / "tei_all.rng"))
    if not path.is_file():
        pytest.fail(f"tei_all.rng not found at {path}: set EDITION_TEI_ALL")
    return path


@pytest.fixture(scope="session")
def frus_dir(shared_dir) -> Path:
    return shared_dir / "corpus" / "frus"


@pytest.fixture(scope="session")
def memorandum_result():
    """The memorandum converted once per test session, with its editorial files."""
    from edition.convert import convert_file

    return convert_file(
        MEMORANDUM,
        metadata_path=MEMORANDUM_META if MEMORANDUM_META.is_file() else None,
        register_path=REGISTER if REGISTER.is_file() else None,
    )


@pytest.fixture(scope="session")
def memorandum_tei(memorandum_result):
    """The memorandum's TEI root element (lxml)."""
    return memorandum_result.root


@pytest.fixture(scope="session")
def memorandum_tei_file(memorandum_result, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tei") / "memorandum-1958-10-02.xml"
    path.write_bytes(memorandum_result.to_bytes())
    return path


@pytest.fixture(scope="session")
def datacite_schema(shared_dir):
    """The official DataCite Metadata Schema 4.5 (kernel-4.5/metadata.xsd as DataCite publishes it)."""
    from lxml import etree

    path = shared_dir / "schemas" / "datacite-4.5" / "metadata.xsd"
    return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)))


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test (``tests/chromium.py``); each page has a context of
    its own."""
    from tests.chromium import launched_browser

    yield from launched_browser()


@pytest.fixture
def page(browser):
    """A watched page (``tests.chromium.watched_page``): its ``problems`` list what went wrong on it."""
    from tests.chromium import watched_page

    yield from watched_page(browser)
