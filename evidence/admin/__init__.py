"""The staff side of the library: one admin module per content type, plus the workflow, revisions and citations."""

from evidence.admin import articles, audit, claims, conditions, disclaimers, studies  # noqa: F401  (registers the pages)
