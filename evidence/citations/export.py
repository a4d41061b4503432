"""An article's references as files for reference managers: RIS (rispy), BibTeX (bibtexparser), CSL-JSON.

The studies come in reference-list order; each format is written by a
maintained library, except CSL-JSON, which is plain JSON of `csl.to_csl`.
"""

import json
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import unicode_to_latex

from evidence.citations.csl import to_csl


@dataclass(frozen=True)
class ExportFormat:
    extension: str
    content_type: str
    label: str


FORMATS = {
    "ris": ExportFormat("ris", "application/x-research-info-systems; charset=utf-8", "RIS"),
    "bib": ExportFormat("bib", "application/x-bibtex; charset=utf-8", "BibTeX"),
    "json": ExportFormat("json", "application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON"),
}


def _author_names(study):
    return [", ".join(p for p in (a.get("family", ""), a.get("given", "")) if p) for a in study.authors or []]


def _ris_record(study) -> dict:
    first, _, last = (study.pages or "").partition("-")
    record = {
        "type_of_reference": "JOUR",
        "id": study.citation_key,
        "title": study.title,
        "authors": _author_names(study),
        "journal_name": study.journal,
        "year": str(study.year or ""),
        "volume": study.volume,
        "number": study.issue,
        "start_page": first.strip(),
        "end_page": last.strip(),
        "doi": study.doi,
        "accession_number": study.pmid,
        "custom2": study.pmcid,
        "urls": [study.url] if study.url else [],
    }
    return {name: value for name, value in record.items() if value}


class _RisWriter(rispy.RisWriter):
    def set_header(self, count):
        return ""  # rispy numbers records ("1.") by default; reference managers do not expect it


def to_ris(studies) -> str:
    return rispy.dumps([_ris_record(s) for s in studies], implementation=_RisWriter)


def _bibtex_entry(study) -> Entry:
    values = {
        "author": " and ".join(map(latex, _author_names(study) + ([] if study.authors_complete else ["others"]))),
        # Braces keep the title's capitals as written (BibTeX styles lower-case titles otherwise).
        "title": "{" + latex(study.title) + "}",
        "journal": latex(study.journal),
        "year": str(study.year or ""),
        "volume": study.volume,
        "number": study.issue,
        "pages": study.pages.replace("-", "--") if study.pages else "",
        "doi": study.doi,
        "pmid": study.pmid,
        "pmcid": study.pmcid,
        "url": study.url,
    }
    return Entry("article", study.citation_key, [Field(name, value) for name, value in values.items() if value])


def latex(text: str) -> str:
    """Accents and LaTeX's special characters escaped, so classic BibTeX reads the file too."""
    return unicode_to_latex(text, non_ascii_only=False, unknown_char_warning=False)


def to_bibtex(studies) -> str:
    library = bibtexparser.Library([_bibtex_entry(s) for s in studies])
    return bibtexparser.write_string(library)


def to_csl_json(studies) -> str:
    return json.dumps([to_csl(s) for s in studies], ensure_ascii=False, indent=2) + "\n"


WRITERS = {"ris": to_ris, "bib": to_bibtex, "json": to_csl_json}
