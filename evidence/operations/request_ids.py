"""Every request has an id, so one request's log lines can be found among thousands.

The id comes from the proxy's X-Request-ID when it looks like one (letters,
digits and `._:-`, at most 128 characters), otherwise it is made here; it is
sent back in the response's X-Request-ID and put on every log record written
while the request is served (`request_id`, "-" outside a request).
"""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NONE = "-"

current = ContextVar("request_id", default=NONE)


def request_id_for(request) -> str:
    offered = request.headers.get(HEADER, "")
    return offered if SANE.fullmatch(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter:
    """Give every log record the id of the request being served (a logging filter that drops nothing)."""

    def filter(self, record) -> bool:
        record.request_id = current.get()
        return True
