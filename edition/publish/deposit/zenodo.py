"""Depositing packages in a repository: Zenodo, through its REST API (the deposit API and its buckets).

For each document packaged in ``output/deposit/<id>/``::

    find the deposition recorded for it in deposits.toml, else create one    POST /deposit/depositions
    (a published one gets a new version: its draft is updated)             POST …/actions/newversion
    upload the files into the deposition's bucket                           PUT  {bucket}/{name}
    set the metadata from the package's metadata/zenodo.json                PUT  /deposit/depositions/{id}
    publish, only when asked                                                POST …/actions/publish
    record the deposition and its DOI in deposits.toml (a file only this command writes)

The files uploaded are the bag as one zip (``<id>.zip``, the package as it was checked), and for
readers the TEI document and the PDF from the bag. Without a DOI of its own the deposition reserves one
(``prereserve_doi``), so the DOI is known before publishing: record it, build again (the DOI then
appears in the TEI, the page, the PDF and the records), deposit again, and publish.

The token comes from an environment variable (``ZENODO_TOKEN``, or ``ZENODO_SANDBOX_TOKEN`` with
``--sandbox``) and travels only in the Authorization header: it is never written to a file or shown.
``EDITION_ZENODO_URL`` replaces the API's address (for tests and mirrors). An answer 5xx, or no answer,
is tried again (three attempts); a 4xx stops with one line that says what Zenodo objected to.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...credits import DEPOSITS_FILE
from ...errors import EditionError
from ...fsio import write_text_atomic

ZENODO_API = "https://zenodo.org/api"
SANDBOX_API = "https://sandbox.zenodo.org/api"
URL_ENV = "EDITION_ZENODO_URL"
TOKEN_ENV = "ZENODO_TOKEN"
SANDBOX_TOKEN_ENV = "ZENODO_SANDBOX_TOKEN"
#: Seconds to wait before the second and the third attempt after a 5xx or a lost connection.
RETRY_WAITS = (2.0, 5.0)
TIMEOUT = (10, 300)  # connect, read (an upload of a large zip takes a while)


class DepositError(EditionError):
    """A deposit cannot be made: no package, no token, or the repository refused a request."""


@dataclass
class Request:
    """One request to the repository, as sent (or, with --dry-run, as it would be sent)."""

    method: str
    url: str
    json_body: dict | None = None
    file: Path | None = None

    def describe(self) -> str:
        if self.file is not None:
            return f"{self.method} {self.url}  ← {self.file} ({self.file.stat().st_size} bytes)"
        if self.json_body is not None:
            return f"{self.method} {self.url}\n" + json.dumps(self.json_body, ensure_ascii=False, indent=2)
        return f"{self.method} {self.url}"


@dataclass
class DepositResult:
    id: str
    deposition: int | None
    doi: str | None
    published: bool
    html: str | None = None
    requests: list[Request] = field(default_factory=list)


class ZenodoClient:
    """The few calls of Zenodo's deposit API this command needs, with retries and one-line errors."""

    def __init__(self, base_url: str, token: str, *, session=None, echo: Callable[[str], None] = lambda m: None):
        import requests

        self.base = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.echo = echo

    def call(self, request: Request) -> dict:
        import requests

        attempts = len(RETRY_WAITS) + 1
        for attempt in range(1, attempts + 1):
            try:
                if request.file is not None:
                    with open(request.file, "rb") as handle:
                        response = self.session.request(request.method, request.url, data=handle, timeout=TIMEOUT,
                                                        headers={"Content-Type": "application/octet-stream"})
                else:
                    response = self.session.request(request.method, request.url, json=request.json_body,
                                                    timeout=TIMEOUT)
            except requests.RequestException as exc:
                problem = f"no answer ({type(exc).__name__})"
            else:
                if response.status_code < 400:
                    return response.json() if response.content else {}
                if response.status_code < 500:
                    raise DepositError(_client_error(request, response))
                problem = f"HTTP {response.status_code}"
            if attempt < attempts:
                self.echo(f"warning: {request.method} {request.url}: {problem}; trying again "
                          f"({attempt + 1}/{attempts})")
                time.sleep(RETRY_WAITS[attempt - 1])
        raise DepositError(f"{request.method} {request.url}: {problem} after {attempts} attempts: "
                           "Zenodo is not answering, try again later")


def _client_error(request: Request, response) -> str:
    """One line for a 4xx: a bad token, invalid metadata (with Zenodo's list of errors), a missing deposition."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    message = str(body.get("message") or response.reason or "").strip()
    errors = body.get("errors") or []
    details = "; ".join(f"{e.get('field', '?')}: {' '.join(e.get('messages') or [e.get('message', '')]).strip()}"
                        for e in errors if isinstance(e, dict))
    where = f"{request.method} {request.url}"
    if response.status_code in (401, 403):
        return (f"{where}: Zenodo refused the token (HTTP {response.status_code}{': ' + message if message else ''}): "
                f"set {TOKEN_ENV} (or {SANDBOX_TOKEN_ENV} with --sandbox) to a personal access token with the "
                "scopes deposit:write and deposit:actions")
    if response.status_code == 400:
        return (f"{where}: Zenodo rejected the request (HTTP 400{': ' + message if message else ''})"
                f"{': ' + details if details else ''}")
    return f"{where}: HTTP {response.status_code}{': ' + message if message else ''}{': ' + details if details else ''}"


# --------------------------------------------------------------------------- the record of deposits

def read_deposits(path: Path) -> dict:
    if not path.is_file():
        return {}
    from ...project import read_toml
    return read_toml(path)


def write_deposits(path: Path, data: dict) -> None:
    """``deposits.toml``: this command's record of depositions and DOIs (written only here)."""
    lines = ["# Written by 'edition deposit': the depositions made for the documents of this edition and their",
             "# DOIs. Do not edit; a DOI here reaches the edition at the next build (a doi in edition.toml wins).",
             "# Sandbox depositions are kept apart and never reach the edition."]
    for table in sorted(data):
        for doc_id in sorted(data[table]):
            lines.append("")
            lines.append(f"[{table}.{json.dumps(doc_id)}]")
            for key, value in data[table][doc_id].items():
                if value is None:
                    continue
                shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value).lower()
                lines.append(f"{key} = {shown}")
    write_text_atomic(path, "\n".join(lines) + "\n")


# --------------------------------------------------------------------------- depositing

def deposit_zenodo(project, doc_ids: list[str] | None = None, *, sandbox: bool = False, publish: bool = False,
                   dry_run: bool = False, echo: Callable[[str], None] = lambda m: None,
                   session=None) -> list[DepositResult]:
    """Deposit the project's packages in Zenodo (see the module's description); returns what was done."""
    packages = _packages(project, doc_ids)
    base = os.environ.get(URL_ENV) or (SANDBOX_API if sandbox else ZENODO_API)
    token_env = SANDBOX_TOKEN_ENV if sandbox else TOKEN_ENV
    token = os.environ.get(token_env, "")
    if not token and not dry_run:
        raise DepositError(f"no Zenodo token: set the environment variable {token_env} to a personal access "
                           "token (Zenodo: Applications → Personal access tokens, scopes deposit:write and "
                           "deposit:actions)")
    table = "zenodo-sandbox" if sandbox else "zenodo"
    record_path = project.root / DEPOSITS_FILE
    deposits = read_deposits(record_path)
    client = None if dry_run else ZenodoClient(base, token, session=session, echo=echo)
    results = []
    for doc_id, bag, zip_path, metadata in packages:
        recorded = deposits.get(table, {}).get(doc_id, {})
        result = _deposit_one(client, base, doc_id, bag, zip_path, metadata, recorded, publish=publish, echo=echo)
        results.append(result)
        if not dry_run:
            deposits.setdefault(table, {})[doc_id] = {
                "deposition": result.deposition, "doi": result.doi, "published": result.published,
                "url": result.html}
            write_deposits(record_path, deposits)  # after each document: a later failure keeps what was done
    return results


def _packages(project, doc_ids: list[str] | None) -> list[tuple[str, Path, Path, dict]]:
    deposit_dir = project.output_dir / "deposit"
    if doc_ids:
        bags = [deposit_dir / doc_id for doc_id in doc_ids]
    else:  # the project's documents, as the build wrote them
        bags = [deposit_dir / tei.stem for tei in sorted(project.tei_dir.glob("*.xml"))]
    if not bags:
        raise DepositError(f"no packages in {deposit_dir}: run 'edition build' (or 'edition package') first",
                           path=str(deposit_dir))
    packages = []
    for bag in bags:
        zip_path = bag.with_name(bag.name + ".zip")
        record = bag / "metadata" / "zenodo.json"
        if not bag.is_dir() or not zip_path.is_file():
            raise DepositError(f"no package {bag.name} (the bag and its zip): run 'edition package'", path=str(bag))
        if not record.is_file():
            raise DepositError("the package has no Zenodo record (metadata/zenodo.json): 'edition package' "
                               "says what the TEI header lacks", path=str(bag))
        try:
            metadata = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DepositError(f"cannot read the Zenodo record: {exc}", path=str(record)) from None
        packages.append((bag.name, bag, zip_path, metadata))
    return packages


def _files(bag: Path, zip_path: Path, doc_id: str) -> list[Path]:
    """What is uploaded: the bag's zip, and the TEI and the PDF for readers."""
    return [path for path in (zip_path, bag / "data" / "tei" / f"{doc_id}.xml", bag / "data" / "print" / f"{doc_id}.pdf")
            if path.is_file()]


def _deposit_one(client: ZenodoClient | None, base: str, doc_id: str, bag: Path, zip_path: Path, metadata: dict,
                 recorded: dict, *, publish: bool, echo: Callable[[str], None]) -> DepositResult:
    dry = client is None
    result = DepositResult(doc_id, recorded.get("deposition"), recorded.get("doi"), False)

    def send(request: Request) -> dict:
        result.requests.append(request)
        if dry:
            echo(f"would send: {request.describe()}")
            return {}
        return client.call(request)

    collection = f"{base}/deposit/depositions"
    deposition: dict = {}
    if result.deposition is not None:
        deposition = send(Request("GET", f"{collection}/{result.deposition}"))
        if deposition.get("submitted") or deposition.get("state") == "done":
            # a published deposition: its files cannot change, a new version of it can
            answer = send(Request("POST", f"{collection}/{result.deposition}/actions/newversion"))
            draft_url = (answer.get("links") or {}).get("latest_draft")
            if not draft_url:
                raise DepositError(f"{doc_id}: Zenodo gave no draft for the new version of deposition "
                                   f"{result.deposition}")
            deposition = send(Request("GET", draft_url))
            for old in deposition.get("files") or []:  # the new version starts with the old files
                link = (old.get("links") or {}).get("self")
                if link:
                    send(Request("DELETE", link))
    else:
        deposition = send(Request("POST", collection, json_body={}))
    deposition_id = deposition.get("id", result.deposition if result.deposition is not None else "{new}")
    bucket = (deposition.get("links") or {}).get("bucket") or f"{base}/files/{{bucket of {deposition_id}}}"
    for path in _files(bag, zip_path, doc_id):
        send(Request("PUT", f"{bucket}/{path.name}", file=path))

    sent = dict(metadata)
    reserved = ((deposition.get("metadata") or {}).get("prereserve_doi") or {}).get("doi") or recorded.get("doi")
    if not sent.get("doi") or sent.get("doi") in (reserved, recorded.get("doi")):
        # the DOI Zenodo reserved for this deposition (or its previous version): asked for, not given as an
        # external DOI; a new version gets a DOI of its own, which the next build puts in its files
        sent.pop("doi", None)
        sent["prereserve_doi"] = True
    answer = send(Request("PUT", f"{collection}/{deposition_id}", json_body={"metadata": sent}))
    result.deposition = answer.get("id", deposition.get("id"))
    result.doi = (((answer.get("metadata") or {}).get("prereserve_doi") or {}).get("doi")
                  or (answer.get("metadata") or {}).get("doi") or metadata.get("doi") or result.doi)
    result.html = (answer.get("links") or {}).get("html")
    if publish:
        answer = send(Request("POST", f"{collection}/{deposition_id}/actions/publish"))
        result.published = not dry
        result.doi = answer.get("doi") or result.doi
        result.html = (answer.get("links") or {}).get("html") or result.html
    return result
