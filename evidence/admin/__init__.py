from evidence.citations import admin as citations_admin  # noqa: F401  (claim rules and findings)

from evidence.admin import articles, audit, conditions, disclaimers, studies  # noqa: F401  (registers the admin pages)
