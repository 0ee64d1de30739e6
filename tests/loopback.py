"""A server on the loopback that records every request it gets: the tests that prove nothing is
fetched (a document's pointers, its DTD, a script of a TEI file) assert that it saw none."""

from __future__ import annotations

import contextlib
import http.server
import threading


@contextlib.contextmanager
def recording_server(body: bytes = b"", status: int = 200):
    """Yields ``(port, requests)``; every GET is appended to ``requests`` and answered with ``body``."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            requests.append(self.path)
            self.send_response(status)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], requests
    finally:
        server.shutdown()
        server.server_close()
