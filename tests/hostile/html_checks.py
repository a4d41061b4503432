"""Find anything in a page that a browser could run: the static half of the XSS corpus tests.

The scanner parses HTML with the standard library's `html.parser` (which decodes
entities in attribute values, as a browser does) and reports, in words a
failing test can show:

- a `<script>` or `<style>` without the response's CSP nonce (ours all carry
  it; with no nonce, none belongs at all), and any JSON data block (JSON-LD,
  the admin's `json_script`) that is not valid JSON or holds `</script`/`<!--`;
- event-handler attributes (`onerror`, `onload`, …) on any element;
- URL attributes using `javascript:`, `vbscript:` or `data:` (except images);
- elements that load or navigate on their own: iframe, object, embed, base,
  frame, meta refresh, and `<style>` without the nonce.
"""

import json
import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
LOADING_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
# Browsers ignore leading whitespace and control characters before a URL's scheme, and tabs or newlines inside it.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
# Data blocks: never run, but writers' text inside them must not end the element early.
JSON_TYPES = {"application/ld+json", "application/json"}
_DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data):", re.IGNORECASE)


def dangerous_url(value: str, *, tag: str = "", attribute: str = "") -> bool:
    """Whether a browser would treat this attribute value as a script or inline-document URL."""
    if attribute == "srcdoc":
        return True
    compact = _IGNORED_IN_SCHEME.sub("", value or "")
    if tag == "img" and attribute == "src" and compact.lower().startswith("data:image/"):
        return False
    return bool(_DANGEROUS_SCHEME.match(compact))


class _Scanner(HTMLParser):
    def __init__(self, nonce):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems = []
        self.json_ld = []
        self._open_script = None  # (attributes, collected text) while inside <script>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag}{''.join(f' {k}={v!r}' for k, v in attrs)[:160]}>"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} in {where}")
            elif name in URL_ATTRIBUTES and dangerous_url(value or "", tag=tag, attribute=name):
                self.problems.append(f"script URL in {name} of {where}")
            elif name == "style" and re.search(r"expression\s*\(|javascript:|url\s*\(", value or "", re.I):
                self.problems.append(f"style that can load or run code in {where}")
        if tag in LOADING_ELEMENTS:
            self.problems.append(f"{tag} element {where}")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"meta refresh {where}")
        if tag in ("script", "style") and attributes.get("type") not in JSON_TYPES:
            if self.nonce is None:
                self.problems.append(f"{tag} element where none belongs: {where}")
            elif attributes.get("nonce") != self.nonce:
                self.problems.append(f"{tag} element without this response's nonce: {where}")
        if tag == "script":
            self._open_script = (attributes, [])

    def handle_data(self, data):
        if self._open_script is not None:
            self._open_script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open_script is not None:
            attributes, parts = self._open_script
            self._open_script = None
            if attributes.get("type") in JSON_TYPES:
                self._check_json("".join(parts), attributes["type"])

    def _check_json(self, text, kind):
        lowered = text.lower()
        if "</script" in lowered or "<!--" in lowered:
            self.problems.append(f"{kind} that could end its script element early: {text[:160]!r}")
        try:
            data = json.loads(text)
        except ValueError as error:
            self.problems.append(f"{kind} that is not valid JSON ({error}): {text[:160]!r}")
            return
        if kind == "application/ld+json":
            self.json_ld.append(data)


def scan(html: str, *, nonce: str | None = None):
    """Return (problems, json_ld_blocks) for a page; `nonce` is the one the response's CSP header names."""
    scanner = _Scanner(nonce)
    scanner.feed(html)
    scanner.close()
    return scanner.problems, scanner.json_ld


def response_nonce(response) -> str | None:
    """The script nonce the response's Content-Security-Policy allows, if it sends one."""
    policy = response.headers.get("Content-Security-Policy", "")
    match = re.search(r"'nonce-([^']+)'", policy)
    return match.group(1) if match else None


def executable_parts(response) -> list[str]:
    """What in this HTML response could run script; an empty list is the only good answer."""
    problems, _ = scan(response.content.decode(), nonce=response_nonce(response))
    return problems
