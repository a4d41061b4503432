from . import articles, audit, conditions, disclaimers, studies  # noqa: F401  (registers the admin pages)
