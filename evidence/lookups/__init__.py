"""Look-ups in public scholarly registries (Crossref), shared by retraction watch and the writers' workbench."""
