"""The listing pass (edition/publish/html/listing.py): made again from a state kept between renders, only
where what reaches a page changed, byte for byte what a render from nothing makes; an index split by
letter and a search index in parts above a size, read in a real Chromium from file://."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from edition.publish.html import listing
from edition.publish.html.site import render_site

COUNT = 5


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_documents(folder: Path, memorandum: Path) -> list[Path]:
    """``COUNT`` copies of the memorandum, each of its own id and title."""
    folder.mkdir(parents=True, exist_ok=True)
    text = memorandum.read_text(encoding="utf-8")
    paths = []
    for number in range(COUNT):
        path = folder / f"memo-{number}.xml"
        path.write_text(text.replace("memorandum-1958-10-02", f"memo-{number}")
                        .replace("Memorandum of Conversation", f"Memorandum {number} of Conversation"), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def small_sizes():
    """Sizes at which five memoranda split their indexes (each names 19 persons) and put their search
    passages in three parts (of two documents, two and one)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(listing, "INDEX_SPLIT_LINES", 20)
        patch.setattr(listing, "SEARCH_PART_DOCUMENTS", 2)
        yield


def render(paths: list[Path], out: Path, cache: Path | None = None):
    return render_site(paths, out, project_title="Five memoranda", base_url="https://example.org/e/", cache=cache)


def drop_marx(path: Path) -> None:
    """The document no longer names Marx (the text reads the same)."""
    text = path.read_text(encoding="utf-8")
    assert '<persName ref="#marx">K. Marx</persName>' in text
    path.write_text(text.replace('<persName ref="#marx">K. Marx</persName>', "K. Marx"), encoding="utf-8")


@pytest.fixture(scope="module")
def split_site(tmp_path_factory, memorandum_tei_file, small_sizes) -> Path:
    folder = tmp_path_factory.mktemp("split")
    out = folder / "html"
    render(make_documents(folder / "tei", memorandum_tei_file), out)
    return out


def test_an_index_above_its_size_is_split_by_letter_with_an_overview(split_site):
    names = sorted(p.name for p in split_site.glob("persons*.html"))
    assert "persons.html" in names and "persons-M.html" in names and "persons-A.html" not in names
    overview = lxml.html.fromstring((split_site / "persons.html").read_bytes())
    marx = overview.get_element_by_id("marx")
    assert marx.cssselect("a.entry-page")[0].get("href") == "persons-M.html#marx"
    assert "named in 5 documents" in marx.text_content()
    bar = {a.text_content(): a.get("href") for a in overview.cssselect(".az-bar a")}
    assert bar["M"] == "persons-M.html" and "A" not in bar
    page = lxml.html.fromstring((split_site / "persons-M.html").read_bytes())
    entries = [e.get("id") for e in page.cssselect("li.index-entry")]
    assert "marx" in entries and "mao-zedong" in entries and "dulles" not in entries
    hits = page.get_element_by_id("marx").cssselect("a.occurrence")
    assert [a.get("href") for a in hits] == [f"documents/memo-{n}.html#p-73" for n in range(COUNT)]
    assert page.cssselect('.az-bar a[aria-current="page"]')[0].text_content() == "M"
    # the sitemap names every page of the split index
    sitemap = (split_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/e/persons-M.html" in sitemap and "https://example.org/e/persons.html" in sitemap


def test_the_search_index_above_its_size_is_in_parts(split_site):
    head = (split_site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert '"parts":[["assets\\/search-index-1.js",0],["assets\\/search-index-2.js",2],["assets\\/search-index-3.js",4]]' in head
    assert "steel" not in head.lower()
    last = (split_site / "assets" / "search-index-3.js").read_text(encoding="utf-8")
    assert last.startswith("(window.EDITION_SEARCH_PARTS = window.EDITION_SEARCH_PARTS || []).push(")
    assert '"part":3' in last and "steel" in last


def test_a_changed_document_makes_again_only_the_listing_pages_it_reaches_and_matches_a_full_render(
        tmp_path, memorandum_tei_file, small_sizes):
    paths = make_documents(tmp_path / "tei", memorandum_tei_file)
    out, cache = tmp_path / "html", tmp_path / "cache"
    first = render(paths, out, cache)
    assert len(first.listing.read) == COUNT and not first.listing.reused
    inodes = {name: (out / name).stat().st_ino for name in ("persons-D.html", "places.html", "index.html")}

    again = render(paths, out, cache)  # nothing changed: no digest read, no listing page made
    assert again.listing.read == [] and again.listing.written == []

    drop_marx(paths[2])
    changed = render(paths, out, cache)
    assert changed.listing.read == ["memo-2"]
    # Marx's letter, the overview (it counts the documents that name him) and the guidelines (they count
    # the persName elements); the other letters, indexes, the home page and the search index are kept
    assert sorted(changed.listing.written) == ["guidelines.html", "persons-M.html", "persons.html"]
    assert {name: (out / name).stat().st_ino for name in inodes} == inodes  # hard links of the previous site
    marx = lxml.html.fromstring((out / "persons-M.html").read_bytes()).get_element_by_id("marx")
    assert "memo-2.html" not in lxml.html.tostring(marx).decode()

    fresh = tmp_path / "fresh"
    render(paths, fresh)
    assert tree(out) == tree(fresh)


def test_a_part_of_the_search_index_made_again_reads_only_the_changed_documents_digest(
        tmp_path, memorandum_tei_file, small_sizes, monkeypatch):
    """The other documents' passages of the part come from the part written before, where they are
    those the state records for them; a passage altered there is read again from its digest. The
    changed document's come from its digest as the state read it: no digest is read a second time."""
    paths = make_documents(tmp_path / "tei", memorandum_tei_file)
    out, cache = tmp_path / "html", tmp_path / "cache"
    render(paths, out, cache)
    read = []
    real = listing.digest_passages
    monkeypatch.setattr(listing, "digest_passages", lambda path: read.append(Path(path).name) or real(path))

    def change(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    change(paths[2], "steel", "iron")   # memo-2 shares search-index-2.js with memo-3
    changed = render(paths, out, cache)
    assert changed.listing.read == ["memo-2"] and "assets/search-index-2.js" in changed.listing.written
    assert read == []   # memo-2's passages as its digest was read into the state, memo-3's from the part
    fresh = tmp_path / "fresh"
    render(paths, fresh)
    assert tree(out) == tree(fresh)

    part = out / "assets" / "search-index-2.js"   # memo-3's words altered in the part on disk
    text = part.read_text(encoding="utf-8")
    part.unlink()
    part.write_text(text.replace("steel", "brass"), encoding="utf-8")
    read.clear()
    change(paths[2], "iron", "copper")
    render(paths, out, cache)
    assert read == ["memo-3.digest.xml"]   # memo-2's as the state read them
    render(paths, fresh)
    assert tree(out) == tree(fresh)


def test_a_listing_page_changed_in_the_previous_site_is_made_again(tmp_path, memorandum_tei_file, small_sizes):
    """A page is taken from the previous site only when it is the file the state recorded (untouched since,
    or of the recorded bytes): one edited in place, even of the same size, is made again."""
    paths = make_documents(tmp_path / "tei", memorandum_tei_file)
    out, cache = tmp_path / "html", tmp_path / "cache"
    render(paths, out, cache)
    home = out / "index.html"
    data = home.read_bytes()
    with open(home, "r+b") as handle:   # the same size, other words, the same file
        handle.write(data[:100].replace(b"<", b"(", 1))
    replaced = out / "about.html"   # the same bytes in a file of its own: taken as it is
    about = replaced.read_bytes()
    replaced.unlink()
    replaced.write_bytes(about)
    again = render(paths, out, cache)
    assert again.listing.written == ["index.html"] and "about.html" in again.listing.reused
    assert home.read_bytes() == data and replaced.read_bytes() == about


def test_a_changed_title_reaches_every_listing_page_that_shows_it(tmp_path, memorandum_tei_file, small_sizes):
    paths = make_documents(tmp_path / "tei", memorandum_tei_file)
    out, cache = tmp_path / "html", tmp_path / "cache"
    render(paths, out, cache)
    paths[4].write_text(paths[4].read_text(encoding="utf-8").replace("Memorandum 4 of", "Record 4 of"),
                        encoding="utf-8")
    changed = render(paths, out, cache)
    written = set(changed.listing.written)
    assert {"index.html", "about.html", "search.html", "assets/search-index.js", "persons-M.html",
            "places-B.html"} <= written
    assert "assets/search-index-1.js" not in written  # the passages of the first two documents are as they were
    assert "Record 4 of" in (out / "persons-M.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    render(paths, fresh)
    assert tree(out) == tree(fresh)


def test_a_removed_document_leaves_every_listing_page(tmp_path, memorandum_tei_file, small_sizes):
    paths = make_documents(tmp_path / "tei", memorandum_tei_file)
    out, cache = tmp_path / "html", tmp_path / "cache"
    render(paths, out, cache)
    render(paths[:3] + paths[4:], out, cache)
    assert "memo-3" not in (out / "persons-M.html").read_text(encoding="utf-8")
    assert not (out / "assets" / "search-index-3.js").exists()  # four documents: two parts
    fresh = tmp_path / "fresh"
    render(paths[:3] + paths[4:], fresh)
    assert tree(out) == tree(fresh)


def test_a_state_of_another_kind_is_made_again(tmp_path, memorandum_tei_file, small_sizes):
    paths = make_documents(tmp_path / "tei", memorandum_tei_file)
    out, cache = tmp_path / "html", tmp_path / "cache"
    render(paths, out, cache)
    (cache / listing.STATE_NAME).write_bytes(b"not a database")
    again = render(paths, out, cache)
    assert len(again.listing.read) == COUNT
    fresh = tmp_path / "fresh"
    render(paths, fresh)
    assert tree(out) == tree(fresh)


# --------------------------------------------------------------------------- in Chromium

def test_a_link_to_an_entry_of_a_split_index_leads_to_its_letter_page(page, split_site):
    # as a document's page links it (its names, "All occurrences")
    document = split_site / "documents" / "memo-0.html"
    page.goto(document.as_uri())
    page.locator('a.entry-index[href$="persons.html#marx"]').first.wait_for(state="attached")
    page.goto((split_site / "persons.html").as_uri() + "#marx")
    page.wait_for_url(re.compile(r"persons-M\.html#marx$"))
    assert page.locator("#marx .entry-name").inner_text().strip() == "Marx, Karl"
    assert page.locator("#marx a.occurrence").count() == COUNT
    page.locator('.az-bar a:text-is("Z")').click()
    page.wait_for_url(re.compile(r"persons-Z\.html$"))
    assert page.locator("#zhou-enlai").count() == 1
    assert page.problems == []


def test_search_over_its_parts_from_file_urls(page, split_site):
    page.goto((split_site / "search.html").as_uri() + "?q=steel")
    page.wait_for_function("/passages? found/.test(document.getElementById('search-status').textContent)")
    links = page.locator("#search-results a.result-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    documents = {re.sub(r"#.*", "", link) for link in links}
    assert documents == {f"documents/memo-{n}.html" for n in range(COUNT)}  # every part was searched
    # a filter by a document of the last part, and by a speaker (each part has its own list)
    page.goto((split_site / "search.html").as_uri() + "?q=steel&doc=memo-4&who=Mao+Zedong")
    page.wait_for_function("/passages? found/.test(document.getElementById('search-status').textContent)")
    hits = page.locator("#search-results li")
    assert hits.count() >= 1
    assert all("memo-4.html" in h for h in page.locator("#search-results a.result-link")
               .evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert all("Mao Zedong" in t for t in page.locator("#search-results .result-meta").all_inner_texts())
    assert page.problems == []
