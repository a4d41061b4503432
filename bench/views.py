"""A constant page: what Django costs with no database, no template and no cache, through the same middleware.

Dividing a page's throughput by this view's, measured in the same run on the
same server, gives a figure that does not depend on the machine.
"""

from functools import cache

from django.http import HttpResponse
from django.views.decorators.http import require_safe

MAX_SIZE = 2_000_000


@cache
def _body(size: int) -> bytes:
    head = b"<!doctype html><html lang=en><title>Constant page</title><p>"
    tail = b"</p></html>"
    return head + b"x" * max(size - len(head) - len(tail), 0) + tail


@require_safe
def constant_page(request, size):
    return HttpResponse(_body(min(size, MAX_SIZE)), content_type="text/html; charset=utf-8")
