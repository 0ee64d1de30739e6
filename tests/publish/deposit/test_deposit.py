"""``edition deposit --zenodo`` against a local server that implements Zenodo's deposit API.

The server (a threaded ``http.server`` on 127.0.0.1) answers the documented endpoints (depositions,
bucket uploads, publish, new version) and checks every request: the token in the Authorization
header, JSON bodies, the metadata against Zenodo's documented fields (``test_records``), uploads as
octet streams. It can be told to fail: 5xx a number of times, 401, 400 with Zenodo's error list.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.publish.deposit import zenodo as deposit
from edition.build.run import build_tei
from edition.cli import cli
from edition.publish.deposit.package import package_documents
from edition.project import load_project

from tests.publish.deposit.test_records import check_zenodo_metadata, credited_project

DOC_ID = "memorandum-1958-10-02"
TOKEN = "test-token-5f2c"


class FakeZenodo(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.log: list[dict] = []          # every request: method, path, headers, body
        self.failures: dict[tuple[str, str], list[int]] = {}  # (method, path regex) → statuses to answer first
        self.depositions: dict[int, dict] = {}
        self.buckets: dict[str, dict[str, bytes]] = {}
        self.reject_metadata: list[dict] | None = None
        self.lock = threading.Lock()

    def deposition(self, number: int) -> dict:
        entry = self.depositions[number]
        api = f"{self.base}/api/deposit/depositions/{number}"
        files = [{"id": name, "filename": name, "filesize": len(data),
                  "links": {"self": f"{api}/files/{name}"}} for name, data in self.buckets[entry["bucket"]].items()]
        return {"id": number, "state": "done" if entry["submitted"] else "unsubmitted",
                "submitted": entry["submitted"], "doi": entry["doi"] if entry["submitted"] else "",
                "metadata": dict(entry["metadata"], prereserve_doi={"doi": entry["doi"], "recid": number}),
                "files": files,
                "links": {"self": api, "bucket": f"{self.base}/api/files/{entry['bucket']}",
                          "html": f"{self.base}/deposit/{number}",
                          "latest_draft": f"{self.base}/api/deposit/depositions/{entry.get('draft', number)}"}}

    def new_deposition(self, files: dict[str, bytes] | None = None) -> int:
        number = len(self.depositions) + 1
        bucket = str(uuid.UUID(int=number))
        self.buckets[bucket] = dict(files or {})
        self.depositions[number] = {"bucket": bucket, "submitted": False, "metadata": {},
                                    "doi": f"10.5281/zenodo.{1000 + number}"}
        return number


class Handler(BaseHTTPRequestHandler):
    server: FakeZenodo

    def log_message(self, *args):  # quiet
        pass

    def answer(self, status: int, body: dict | None = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self) -> None:
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with server.lock:
            server.log.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
            for (method, pattern), statuses in server.failures.items():
                if method == self.command and re.fullmatch(pattern, self.path) and statuses:
                    return self.answer(statuses.pop(0), {"status": 503, "message": "Service unavailable"})
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self.answer(401, {"status": 401, "message": "The server could not verify that you are "
                                                                   "authorized to access the URL requested."})
            assert "access_token" not in self.path  # the token travels in the header only
            self.route(body)

    def route(self, body: bytes) -> None:
        server, path, method = self.server, self.path, self.command
        if path.startswith("/api/files/"):
            _, _, _, bucket, name = path.split("/", 4)
            assert method == "PUT" and self.headers["Content-Type"] == "application/octet-stream"
            server.buckets[bucket][name] = body
            return self.answer(201, {"key": name, "size": len(body), "checksum": "md5:" + hashlib.md5(body).hexdigest()})
        if method in ("POST", "PUT"):
            assert self.headers.get("Content-Type", "").startswith("application/json") or not body
        payload = json.loads(body) if body else None
        if path == "/api/deposit/depositions" and method == "POST":
            assert payload == {}
            return self.answer(201, server.deposition(server.new_deposition()))
        match = re.fullmatch(r"/api/deposit/depositions/(\d+)(/.*)?", path)
        if not match or int(match.group(1)) not in server.depositions:
            return self.answer(404, {"status": 404, "message": "PID does not exist."})
        number, rest = int(match.group(1)), match.group(2) or ""
        entry = server.depositions[number]
        if method == "GET" and not rest:
            return self.answer(200, server.deposition(number))
        if method == "PUT" and not rest:
            if entry["submitted"]:
                return self.answer(400, {"status": 400, "message": "Deposition is published: edit it first."})
            metadata = payload["metadata"]
            if server.reject_metadata is not None:
                return self.answer(400, {"status": 400, "message": "Validation error.", "errors": server.reject_metadata})
            try:
                check_zenodo_metadata(metadata)
            except AssertionError as exc:
                return self.answer(400, {"status": 400, "message": "Validation error.",
                                         "errors": [{"field": "metadata", "message": str(exc)}]})
            entry["metadata"] = {k: v for k, v in metadata.items() if k != "prereserve_doi"}
            return self.answer(200, server.deposition(number))
        if method == "POST" and rest == "/actions/publish":
            if not server.buckets[entry["bucket"]] or not entry["metadata"]:
                return self.answer(400, {"status": 400, "message": "Validation error.",
                                         "errors": [{"field": "files", "message": "Minimum one file must be provided."}]})
            entry["submitted"] = True
            return self.answer(202, server.deposition(number))
        if method == "POST" and rest == "/actions/newversion":
            assert entry["submitted"]
            draft = server.new_deposition(server.buckets[entry["bucket"]])
            server.depositions[draft]["metadata"] = dict(entry["metadata"])
            entry["draft"] = draft
            return self.answer(201, server.deposition(number))
        delete = re.fullmatch(r"/files/(.+)", rest)
        if method == "DELETE" and delete:
            server.buckets[entry["bucket"]].pop(delete.group(1))
            return self.answer(204)
        return self.answer(405, {"status": 405, "message": "Method not allowed"})

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


@pytest.fixture()
def zenodo(monkeypatch):
    server = FakeZenodo()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("EDITION_ZENODO_URL", f"{server.base}/api")
    monkeypatch.setenv("ZENODO_TOKEN", TOKEN)
    monkeypatch.setattr(deposit, "RETRY_WAITS", (0.0, 0.0))
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def packaged_project(tmp_path_factory, repo_root) -> Path:
    """The credited project built (TEI, reports) and packaged: the state 'edition deposit' starts from."""
    root = credited_project(tmp_path_factory.mktemp("deposit-project"), repo_root)
    project = load_project(root / "edition.toml")
    build_tei(project)
    package_documents(project)
    return root


@pytest.fixture()
def project_dir(packaged_project, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(packaged_project, root)
    monkeypatch.chdir(root)
    return root


def run(*arguments: str):
    return CliRunner().invoke(cli, ["deposit", "--zenodo", *arguments])


def requests_of(server: FakeZenodo) -> list[tuple[str, str]]:
    return [(entry["method"], re.sub(r"/api/files/[0-9a-f-]+/", "/api/files/BUCKET/", entry["path"]))
            for entry in server.log]


def test_deposit_creates_a_draft_uploads_the_package_and_records_the_reserved_doi(zenodo, project_dir):
    project_file = (project_dir / "edition.toml").read_bytes()
    result = run()
    assert result.exit_code == 0, result.output
    bag = project_dir / "output" / "deposit" / DOC_ID
    assert requests_of(zenodo) == [
        ("POST", "/api/deposit/depositions"),
        ("PUT", f"/api/files/BUCKET/{DOC_ID}.zip"),
        ("PUT", f"/api/files/BUCKET/{DOC_ID}.xml"),
        ("PUT", "/api/deposit/depositions/1"),
    ]  # no publish without --publish
    uploads = {entry["path"].rsplit("/", 1)[1]: entry["body"] for entry in zenodo.log if "/api/files/" in entry["path"]}
    assert uploads[f"{DOC_ID}.zip"] == (bag.parent / f"{DOC_ID}.zip").read_bytes()
    assert uploads[f"{DOC_ID}.xml"] == (bag / "data" / "tei" / f"{DOC_ID}.xml").read_bytes()
    sent = json.loads(zenodo.log[-1]["body"])["metadata"]
    record = json.loads((bag / "metadata" / "zenodo.json").read_text(encoding="utf-8"))
    assert sent == dict(record, prereserve_doi=True)  # the package's record, and a DOI reserved
    assert zenodo.depositions[1]["submitted"] is False
    recorded = (project_dir / "deposits.toml").read_text(encoding="utf-8")
    assert '[zenodo."memorandum-1958-10-02"]' in recorded and 'doi = "10.5281/zenodo.1001"' in recorded
    assert "deposition = 1" in recorded and "published = false" in recorded
    assert 'doi = "10.5281/zenodo.1001"' in result.output  # the line to add to edition.toml, if preferred
    assert TOKEN not in result.output and TOKEN not in recorded
    assert (project_dir / "edition.toml").read_bytes() == project_file  # the user's file is never rewritten


def test_publish_only_with_publish_then_a_new_version(zenodo, project_dir):
    assert run().exit_code == 0
    result = run("--publish")  # the recorded draft is updated and published
    assert result.exit_code == 0, result.output
    assert requests_of(zenodo)[4:] == [
        ("GET", "/api/deposit/depositions/1"),
        ("PUT", f"/api/files/BUCKET/{DOC_ID}.zip"),
        ("PUT", f"/api/files/BUCKET/{DOC_ID}.xml"),
        ("PUT", "/api/deposit/depositions/1"),
        ("POST", "/api/deposit/depositions/1/actions/publish"),
    ]
    assert zenodo.depositions[1]["submitted"] is True
    assert "published = true" in (project_dir / "deposits.toml").read_text(encoding="utf-8")
    del zenodo.log[:]
    result = run()  # published: a new version, its old files replaced, left a draft
    assert result.exit_code == 0, result.output
    assert requests_of(zenodo) == [
        ("GET", "/api/deposit/depositions/1"),
        ("POST", "/api/deposit/depositions/1/actions/newversion"),
        ("GET", "/api/deposit/depositions/2"),
        ("DELETE", f"/api/deposit/depositions/2/files/{DOC_ID}.zip"),
        ("DELETE", f"/api/deposit/depositions/2/files/{DOC_ID}.xml"),
        ("PUT", f"/api/files/BUCKET/{DOC_ID}.zip"),
        ("PUT", f"/api/files/BUCKET/{DOC_ID}.xml"),
        ("PUT", "/api/deposit/depositions/2"),
    ]
    assert zenodo.depositions[2]["submitted"] is False


def test_a_5xx_is_tried_again(zenodo, project_dir):
    zenodo.failures[("POST", "/api/deposit/depositions")] = [503, 502]
    result = run()
    assert result.exit_code == 0, result.output
    assert [m for m, p in requests_of(zenodo)].count("POST") == 3
    assert "HTTP 503; trying again (2/3)" in result.output
    zenodo.failures[("PUT", r"/api/deposit/depositions/\d+")] = [500, 500, 500]
    result = run()
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("edition: PUT http://127.0.0.1:") and "HTTP 500 after 3 attempts" in lines[-1]


def test_a_bad_token_is_one_clear_line(zenodo, project_dir, monkeypatch):
    monkeypatch.setenv("ZENODO_TOKEN", "wrong-token-1234")
    result = run()
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("edition: POST http://127.0.0.1:") and "Zenodo refused the token (HTTP 401" in line
    assert "ZENODO_TOKEN" in line and "wrong-token-1234" not in line and "Traceback" not in line
    assert not (project_dir / "deposits.toml").exists()


def test_invalid_metadata_shows_zenodos_errors(zenodo, project_dir):
    zenodo.reject_metadata = [{"field": "metadata.creators", "messages": ["Missing data for required field."]},
                              {"field": "metadata.license", "message": "Invalid license."}]
    result = run()
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert "Zenodo rejected the request (HTTP 400: Validation error.): metadata.creators: Missing data for " \
           "required field.; metadata.license: Invalid license." in line


def test_no_token_says_which_variable(project_dir, monkeypatch):
    monkeypatch.delenv("ZENODO_TOKEN", raising=False)
    monkeypatch.delenv("ZENODO_SANDBOX_TOKEN", raising=False)
    result = run("--sandbox")
    assert result.exit_code == 1 and "set the environment variable ZENODO_SANDBOX_TOKEN" in result.output


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(zenodo, project_dir):
    result = run("--dry-run", "--publish")
    assert result.exit_code == 0, result.output
    assert zenodo.log == []
    assert f"would send: POST {zenodo.base}/api/deposit/depositions" in result.output
    assert f"{DOC_ID}.zip" in result.output and '"upload_type": "publication"' in result.output
    assert "actions/publish" in result.output and TOKEN not in result.output
    assert not (project_dir / "deposits.toml").exists()


def test_sandbox_dois_never_reach_the_edition(zenodo, project_dir, monkeypatch):
    monkeypatch.setenv("ZENODO_SANDBOX_TOKEN", TOKEN)
    assert run("--sandbox").exit_code == 0
    assert '[zenodo-sandbox."memorandum-1958-10-02"]' in (project_dir / "deposits.toml").read_text(encoding="utf-8")
    project = load_project(project_dir / "edition.toml")
    assert project.facts.recorded_dois == {}


# --------------------------------------------------------------------------- the DOI flows back

def _changes(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """The chunks that differ between two token lists: (old text, new text)."""
    import difflib

    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return [(" ".join(before[i1:i2]), " ".join(after[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _tokens(data: bytes) -> list[str]:
    return re.split(r"(?<=>)|\n", data.decode("utf-8"))


def _pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def _pdf_info(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdfinfo", "-custom", str(path)], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def test_the_doi_from_a_deposit_reaches_every_place_and_nothing_else_changes(zenodo, tmp_path, repo_root,
                                                                              monkeypatch):
    from edition.build.run import build

    root = credited_project(tmp_path / "project", repo_root)
    monkeypatch.chdir(root)
    build(load_project(root / "edition.toml"))
    out = root / "output"
    files = [f"tei/{DOC_ID}.xml", f"html/documents/{DOC_ID}.html", f"html/documents/{DOC_ID}.bib",
             f"html/documents/{DOC_ID}.ris", f"html/documents/{DOC_ID}.json",
             f"deposit/{DOC_ID}/metadata/datacite.xml", f"deposit/{DOC_ID}/metadata/dc.xml",
             f"deposit/{DOC_ID}/metadata/dspace/dublin_core.xml", f"deposit/{DOC_ID}/metadata/zenodo.json"]
    before = {name: (out / name).read_bytes() for name in files}
    pdf_before = _pdf_text(out / "print" / f"{DOC_ID}.pdf")

    assert run().exit_code == 0  # the deposit reserves the DOI and records it in deposits.toml
    doi = "10.5281/zenodo.1001"
    build(load_project(root / "edition.toml"))
    after = {name: (out / name).read_bytes() for name in files}

    # every place
    tei = after[f"tei/{DOC_ID}.xml"].decode()
    assert f'<idno type="DOI">{doi}</idno>' in tei
    page = after[f"html/documents/{DOC_ID}.html"].decode()
    assert f'<meta name="citation_doi" content="{doi}">' in page
    citation = re.search(r'<p class="citation" id="citation-text">(.*?)</p>', page).group(1)
    assert f"https://doi.org/{doi}" in citation or f"doi:{doi}" in citation, citation
    assert citation.count("Josiah Carberry") == 1, citation  # each editor named once
    assert json.loads(after[f"html/documents/{DOC_ID}.json"])[0]["DOI"] == doi
    assert f"  doi = {{{doi}}}" in after[f"html/documents/{DOC_ID}.bib"].decode()
    assert f"DO  - {doi}\r\n" in after[f"html/documents/{DOC_ID}.ris"].decode()
    assert f'<identifier identifierType="DOI">{doi}</identifier>' in after[f"deposit/{DOC_ID}/metadata/datacite.xml"].decode()
    pdf = out / "print" / f"{DOC_ID}.pdf"
    title_page = _pdf_text(pdf).split("\f")[0]
    assert f"https://doi.org/{doi}" in title_page or f"doi:{doi}" in title_page, title_page
    assert re.search(rf"^doi:\s+{re.escape(doi)}$", _pdf_info(pdf), re.M)

    # and nothing else
    for name in files:
        if name.endswith("zenodo.json"):
            new = json.loads(after[name])
            assert new.pop("doi") == doi and new == json.loads(before[name])
            continue
        for old_text, new_text in _changes(_tokens(before[name]), _tokens(after[name])):
            assert doi in new_text or "DOI" in new_text, (name, old_text, new_text)
    for old_text, new_text in _changes(pdf_before.split(), _pdf_text(pdf).split()):
        assert doi in new_text, (old_text, new_text)
