"""Warm a preloaded server before it forks its workers.

Gunicorn loads Django once in its master process (`preload_app`) and forks the workers from it. Whatever the
master has compiled is shared by every worker, including one that replaces a retired worker in the middle of
heavy traffic. Without this, each new worker compiled the URL patterns and every public template on its first
requests, and those requests waited behind it: under load that showed as a p99 a hundred times the median.
"""

import gc
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

# The templates a visitor's request renders: the public pages and their error pages.
PUBLIC_TEMPLATE_FOLDERS = ("evidence", "api")
ERROR_PAGES = ("400.html", "403.html", "404.html", "500.html", "503.html", "base.html")


def public_template_names():
    root = Path(settings.BASE_DIR) / "templates"
    names = list(ERROR_PAGES)
    for folder in PUBLIC_TEMPLATE_FOLDERS:
        names += sorted(str(path.relative_to(root)) for path in (root / folder).rglob("*.html"))
    return names


def warm_up():
    """Compile the URL patterns and public templates, then keep what exists out of later collections.

    Returns the number of templates compiled. Opens no database connection, and closes any that importing
    opened, so no worker inherits a socket it would share with its siblings.
    """
    get_resolver().reverse_dict  # noqa: B018  (imports the URLconfs and compiles every pattern)
    compiled = 0
    for name in public_template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a template that cannot load fails the same way on the request that uses it
        compiled += 1
    connections.close_all()
    # Objects made so far live as long as the process: moving them out of the collector's view keeps the
    # workers from scanning (and copying, page by page) the memory they share with the master.
    gc.freeze()
    return compiled
