"""Crossref and PubMed as local servers, with the settings pointed at them and a contact address set; the
`registries` fixtures of tests/lookups and tests/workbench yield from here."""

from django.core.cache import cache

from tests.fakes import CrossrefServer, PubMedServer
from tests.lookups.records import servers_with_library


def local_registries(settings):
    crossref, pubmed = CrossrefServer(), PubMedServer()
    servers_with_library(crossref, pubmed)
    settings.EVIDENCE_CROSSREF_API, settings.EVIDENCE_PUBMED_API = crossref.url, pubmed.url
    settings.EVIDENCE_CONTACT_EMAIL = "editors@example.org"
    settings.EVIDENCE_CROSSREF_TIMEOUT_SECONDS = settings.EVIDENCE_PUBMED_TIMEOUT_SECONDS = 0.5
    cache.clear()
    yield crossref, pubmed
    crossref.close()
    pubmed.close()
    cache.clear()
