"""Signed POSTs to subscribers when an article is published, updated or withdrawn (see docs/api.md)."""
