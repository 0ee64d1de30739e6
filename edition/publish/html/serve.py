"""``edition serve``: a local preview of the site that rebuilds when an input changes.

The server serves the built site from 127.0.0.1; with ``live_reload`` every HTML page it serves carries a
small script that reloads the page when the site is rebuilt. A watcher polls the inputs (TEI files,
transcripts and their editorial files, the stylesheets and assets, the ODD) four times a second and
calls the builder when one of them changed. A failed rebuild is reported in one line and the
last good site stays up (the build swaps a finished site into place, see ``edition.publish.html.site``).

A rebuild does again only what the change reaches (``PreviewSite``): in a project, only the documents
whose sources changed are converted and validated again (``build.update_tei``); a document whose file
did not change is not parsed again (``DocumentCache``), and one whose page inputs did not change keeps
its page and digest (``render_site(cache=…)``); the listing pages are then made from the digests.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ...errors import EditionError


def snapshot(paths: Iterable[Path]) -> dict[str, int]:
    """Modification times of every file under ``paths`` (folders are walked)."""
    seen: dict[str, int] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    seen[str(child)] = child.stat().st_mtime_ns
        elif path.is_file():
            seen[str(path)] = path.stat().st_mtime_ns
    return seen


class Watcher:
    """Calls ``rebuild`` when a watched file appears, disappears or changes."""

    def __init__(self, paths: Iterable[Path], rebuild: Callable[[], object],
                 report: Callable[[str], None] = print, interval: float = 0.25) -> None:
        self.paths = [Path(p) for p in paths]
        self.rebuild = rebuild
        self.report = report
        self.interval = interval
        self.state = snapshot(self.paths)
        self._stop = threading.Event()
        self.builds = 0

    def check(self) -> bool:
        """Rebuild once if something changed; True when a rebuild was attempted."""
        current = snapshot(self.paths)
        if current == self.state:
            return False
        changed = sorted(set(current.items()) ^ set(self.state.items()))
        self.state = current
        names = sorted({Path(name).name for name, _ in changed})
        self.report(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}; rebuilding")
        try:
            self.rebuild()
            self.builds += 1
            self.report("rebuilt")
        except EditionError as exc:
            self.report(f"rebuild failed, the last good site stays up: {exc.format_message()}")
        except Exception as exc:  # a bug or an odd file: said in one line; the watcher keeps watching
            self.report(f"rebuild failed, the last good site stays up: internal error: {type(exc).__name__}: {exc}")
        return True

    def watch(self, paths: Iterable[Path]) -> None:
        """Watch ``paths`` from now on (a rebuild may have found new inputs, e.g. a document added)."""
        paths = [Path(p) for p in paths]
        if paths != self.paths:
            self.paths = paths
            self.state = snapshot(self.paths)

    def run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="edition-watch", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the files of the site only: no folder listings, odd paths answered 404, idle clients dropped."""

    timeout = 10  # seconds a connection may stay silent before it is closed

    # The site's TEI copies are text/plain (docs/trust.md); they are UTF-8, as TEI files are.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".txt": "text/plain; charset=utf-8"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path: str) -> str:
        translated = super().translate_path(path)
        return "" if "\x00" in translated else translated  # a %00 in the URL: nothing is there

    def send_head(self):
        if not self.translate_path(self.path):
            self.send_error(404, "File not found")
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404, "File not found")  # a folder without index.html is not listed
        return None


class _PreviewHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away or fell silent: nothing to report
        print(f"edition: serve: {client_address[0]}: {type(exc).__name__}: {exc}", file=sys.stderr)


#: Served with every HTML page of the preview (never written into the site): asks the server for the
#: site's version four times a second and reloads the page when it changed (live reload).
LIVE_RELOAD_PATH = "/__edition/version"
LIVE_RELOAD_SCRIPT = (
    "<script>(function(){var v=null;function poll(){fetch('" + LIVE_RELOAD_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text();}).then(function(t){if(v!==null&&t!==v){location.reload();}v=t;})"
    ".catch(function(){});}poll();setInterval(poll,250);}());</script>"
)


class _PreviewHandler(_QuietHandler):
    """The site's files; HTML pages with the live-reload script; the site's version at LIVE_RELOAD_PATH."""

    server_version_of = None  # set per server: a callable giving the site's version

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == LIVE_RELOAD_PATH:
            self._send(str(self.server_version_of()).encode(), "text/plain; charset=utf-8")
            return
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            html = local.read_bytes()
            marker = html.rfind(b"</body>")
            script = LIVE_RELOAD_SCRIPT.encode()
            html = html[:marker] + script + html[marker:] if marker != -1 else html + script
            self._send(html, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


@dataclass
class PreviewServer:
    """A threaded HTTP server for ``site_dir`` on 127.0.0.1."""

    site_dir: Path
    port: int = 8000
    timeout: float = _QuietHandler.timeout
    live_reload: bool = False

    def __post_init__(self) -> None:
        self.version = 0  # raised by ``site_changed``; pages of a live-reload preview reload when it changes
        if self.live_reload:
            handler_class = type("PreviewHandler", (_PreviewHandler,),
                                 {"server_version_of": staticmethod(lambda: self.version), "timeout": self.timeout})
        else:
            handler_class = type("_Handler", (_QuietHandler,), {"timeout": self.timeout})
        handler = functools.partial(handler_class, directory=str(self.site_dir))
        try:
            self.httpd = _PreviewHTTPServer(("127.0.0.1", self.port), handler)
        except OSError as exc:
            raise EditionError(f"cannot listen on 127.0.0.1:{self.port}: {exc.strerror}") from None
        self.port = self.httpd.server_address[1]

    def site_changed(self) -> None:
        """The site was rebuilt: open pages of a live-reload preview reload."""
        self.version += 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.httpd.serve_forever, name="edition-serve", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _file_mark(path: Path) -> tuple:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), info.st_ino, info.st_size, info.st_mtime_ns)


class DocumentCache:
    """The documents of a preview, loaded again only when one of their files changed (the TEI file; for
    a transcript, also its editorial file and register). They are kept without their trees
    (``site.light``): a page rendered again parses its TEI from the bytes kept."""

    def __init__(self) -> None:
        self._documents: dict[str, tuple[tuple, object]] = {}

    def load(self, paths: Iterable[Path]) -> list:
        from ...project import is_transcript, metadata_path_for, register_for
        from .site import light, load_documents

        kept: dict[str, tuple[tuple, object]] = {}
        documents = []
        for path in paths:
            path = Path(path)
            files = [path]
            if is_transcript(path):
                files += [p for p in (metadata_path_for(path), register_for(path)) if p is not None]
            mark = tuple(_file_mark(f) for f in files)
            entry = self._documents.get(str(path))
            if entry is None or entry[0] != mark:
                entry = (mark, [light(doc) for doc in load_documents(path)])   # a teiCorpus: each of its TEI
            kept[str(path)] = entry
            documents.extend(entry[1])
        self._documents = kept
        return documents


class PreviewSite:
    """The site of a preview, rebuilt from what changed since the last rebuild.

    ``project``: the TEI of its documents is made again only for the changed sources; ``cache``: the
    folder of each document's part of the site (page, citation files, digest) between rebuilds (in a
    project, the output's ``.site/`` the build uses too).
    """

    def __init__(self, site_dir: Path, cache: Path) -> None:
        self.site_dir = site_dir
        self.cache = cache
        self.documents = DocumentCache()
        self.known: dict[str, dict] = {}

    def rebuild(self, files: list[Path], project, options_for: Callable[[list[Path]], dict],
                echo: Callable[[str], None] = lambda message: None):
        from .site import render_site

        if project is not None:
            from ...build.run import update_tei

            files = update_tei(project, self.known, echo)
        return render_site(documents=self.documents.load(files), out_dir=self.site_dir, cache=self.cache,
                           **options_for(files))


def watched_inputs(inputs: Iterable[Path], extra: Iterable[Path] = ()) -> list[Path]:
    """The files a rebuild depends on: the inputs, their editorial files, stylesheets, ODD."""
    from .site import DEFAULT_ODD, XSLT_DIR

    from ...project import is_transcript, register_for

    paths: list[Path] = []
    for path in inputs:
        paths.append(path)
        if is_transcript(path):
            paths += [path.with_suffix(".toml"), *filter(None, [register_for(path)])]
    paths += [XSLT_DIR, DEFAULT_ODD, *extra]
    return [p for p in dict.fromkeys(Path(os.path.abspath(p)) for p in paths)]
