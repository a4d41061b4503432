"""Local fake servers for the outside services the product talks to: real sockets, no mocks of our code."""

import json
import socketserver
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass  # the test's output is the test's, not a log of requests

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _LocalServer:
    """A threading server on a free local port (`_serve` starts an HTTP one whose `url` ends with `path`)."""

    def _serve(self, handler, path=""):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}{path}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class SmtpServer(_LocalServer):
    """A mail server on this machine that speaks just enough SMTP to take a message, or refuses every
    connection with 421 (`failing=True`). It counts connections, so a test can see when mail was sent."""

    def __init__(self, failing=False):
        self.failing, self.connections, self.messages = failing, 0, []
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                fake.connections += 1
                if fake.failing:
                    self.wfile.write(b"421 fake.smtp Service not available, closing channel\r\n")
                    return
                self.wfile.write(b"220 fake.smtp ESMTP\r\n")
                while line := self.rfile.readline():
                    command = line.strip().upper()
                    if command == b"DATA":
                        self.wfile.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        fake.messages.append(b"".join(iter(self.rfile.readline, b".\r\n")))
                        self.wfile.write(b"250 OK\r\n")
                    elif command == b"QUIT":
                        self.wfile.write(b"221 Bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"smtp://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class WebhookReceiver(_LocalServer):
    """A real HTTP server on this machine that answers POSTs with the statuses it is told to, in turn: a webhook
    receiver, or a CDN's purge API. It records each request's headers and body, and its path."""

    def __init__(self, statuses=(200,), delay=0.0):
        self.statuses, self.delay, self.requests, self.paths = list(statuses), delay, [], []
        receiver = self

        class Handler(_QuietHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append((dict(self.headers), body))
                receiver.paths.append(self.path)
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "https://elsewhere.example.org/")
                self.end_headers()

        self._serve(Handler, "/hook")


class CrossrefServer(_LocalServer):
    """Crossref's REST API on this machine: GET /works/{doi} answers the work set in `works` (doi → message),
    404 for any other, or what a test asks for: `status` (e.g. 500), `body` (bytes, e.g. not JSON), `delay`
    seconds before answering (a timeout). It records each request's path and User-Agent."""

    def __init__(self, works=None):
        self.works, self.status, self.body, self.delay, self.requests = dict(works or {}), None, None, 0.0, []
        fake = self

        class Handler(_QuietHandler):
            def do_GET(self):
                fake.requests.append((self.path, self.headers.get("User-Agent", "")))
                time.sleep(fake.delay)
                doi = urllib.parse.unquote(self.path.removeprefix("/works/")).lower()
                status, body = 200, fake.body
                if fake.status is not None:
                    status, body = fake.status, body or b'{"status": "failed"}'
                elif body is None and doi in fake.works:
                    body = json.dumps({"status": "ok", "message-type": "work", "message": fake.works[doi]}).encode()
                elif body is None:
                    status, body = 404, b"Resource not found."
                self.reply(status, body, "application/json")

        self._serve(Handler)


class PubMedServer(_LocalServer):
    """NCBI's E-utilities on this machine: GET /efetch.fcgi?db=pubmed&id=… answers the MEDLINE text set in
    `records` (pmid → text; an empty 200 for any other, as NCBI answers an unknown PMID), GET /esearch.fcgi?term=…
    answers JSON whose idlist holds the PMID filed under `pmcids` or `dois` for "PMC…[pmcid]" or "10.…[doi]".
    A test may ask for `status`, `body` or `delay` as with CrossrefServer. It records each request's path
    (query included) and User-Agent."""

    def __init__(self, records=None, pmcids=None, dois=None):
        self.records = dict(records or {})
        self.pmcids = {key.lower(): pmid for key, pmid in (pmcids or {}).items()}
        self.dois = {key.lower(): pmid for key, pmid in (dois or {}).items()}
        self.status, self.body, self.delay, self.requests = None, None, 0.0, []
        fake = self

        class Handler(_QuietHandler):
            def do_GET(self):
                fake.requests.append((self.path, self.headers.get("User-Agent", "")))
                time.sleep(fake.delay)
                path, _, query = self.path.partition("?")
                params = dict(urllib.parse.parse_qsl(query))
                status, body, kind = 200, fake.body, "text/plain"
                if fake.status is not None:
                    status, body = fake.status, body or b"Server error"
                elif body is None and path.endswith("/efetch.fcgi"):
                    body = fake.records.get(params.get("id", ""), "\n").encode()
                elif body is None and path.endswith("/esearch.fcgi"):
                    value, _, field = params.get("term", "").rstrip("]").rpartition("[")
                    found = {"pmcid": fake.pmcids, "doi": fake.dois}.get(field.lower(), {}).get(value.lower())
                    ids = [found] if found else []
                    kind = "application/json"
                    body = json.dumps({"esearchresult": {"count": str(len(ids)), "idlist": ids}}).encode()
                elif body is None:
                    status, body = 404, b"Not found"
                self.reply(status, body, kind)

        self._serve(Handler, "/entrez/eutils")
