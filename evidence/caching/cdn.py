"""Beyond one server: pages name what they show in tag headers, and a change purges those tags at a CDN.

Every public page carries its dependency tags: `Surrogate-Key` (Fastly, space-separated) and `Cache-Tag`
(Cloudflare, comma-separated). An article page is tagged with the article and everything its dependency
record holds (studies, conditions, disclaimers, people); a study's or condition's page with the item, what it
shows of others, and its own page tag (`study-page-7`), which a change to an article it lists purges; lists
with the kinds they list, and pages about everything (feed, sitemap, search) with `site`. After a change
commits, one purge of the affected tags goes to the CDN chosen in settings (EVIDENCE_CDN: "fastly",
"cloudflare", or empty for none) as a retried background task (evidence.tasks.purge_cdn). So a site behind a
CDN serves almost every request from the edge and is still never stale after a publication.
"""

import json
import urllib.request

from django.conf import settings
from django.db import transaction

from evidence.models import PublicDependency

LIST_TAGS = {"article": "articles", "study": "studies", "condition": "conditions", "disclaimer": "disclaimers"}
_BATCH = {"fastly": 256, "cloudflare": 30}  # the most tags each API takes in one purge


def tag(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


def article_tags(article_id: int) -> list[str]:
    """The article and everything it shows: a change to any of them purges its page."""
    shown = PublicDependency.objects.shown_by(article_id)
    return [tag("article", article_id), *(tag(kind, pk) for kind, pks in sorted(shown.items()) for pk in sorted(pks))]


def page_tag(kind: str, pk: int) -> str:
    """A study's or condition's own page, which lists articles: purged when one of them changes."""
    return f"{kind}-page-{pk}"


def study_page_tags(study_id: int, condition_ids) -> list[str]:
    return [tag("study", study_id), page_tag("study", study_id), *(tag("condition", pk) for pk in condition_ids)]


def condition_page_tags(condition_id: int) -> list[str]:
    return [tag("condition", condition_id), page_tag("condition", condition_id), LIST_TAGS["disclaimer"]]


def tag_response(response, tags):
    """Name what the page shows, for the CDN (only when there is one: the headers serve nobody else)."""
    if settings.EVIDENCE_CDN:
        tags = tags() if callable(tags) else tags
        response["Surrogate-Key"] = " ".join(tags)
        response["Cache-Tag"] = ",".join(tags)
    return response


def tags_of(response) -> dict:
    """The tag headers of a response, to keep with a stored copy."""
    return {name: response[name] for name in ("Surrogate-Key", "Cache-Tag") if response.has_header(name)}


def changed_tags(sender, *, item=None, revisions=(), pages=(), **kwargs) -> set[str]:
    """What a change makes stale: the item, the lists of its kind, every article it reached, the study and
    condition pages listing a changed article (`pages`), and the pages about everything."""
    tags = {"site"} | {tag(revision.item._meta.model_name, revision.item_id) for revision in revisions}
    tags |= {page_tag(kind, pk) for kind, pk in pages}
    if item is not None:
        kind = item._meta.model_name
        tags |= {tag(kind, item.pk), LIST_TAGS.get(kind, kind)}
    return tags | {LIST_TAGS[revision.item._meta.model_name] for revision in revisions}


def purge_after_commit(sender, **kwargs):
    """Receiver of `live_content_changed` and `shown_content_changed`: purge once the change has committed."""
    if not settings.EVIDENCE_CDN:
        return
    tags = sorted(changed_tags(sender, **kwargs))
    from evidence.tasks import purge_cdn

    batch = _BATCH[settings.EVIDENCE_CDN]
    for start in range(0, len(tags), batch):
        chunk = tags[start : start + batch]
        transaction.on_commit(lambda chunk=chunk: purge_cdn.enqueue(chunk))


def purge(tags) -> int:
    """One purge-by-tag request to the configured CDN; returns its HTTP status, raises on failure."""
    provider, base = settings.EVIDENCE_CDN, settings.EVIDENCE_CDN_API_URL.rstrip("/")
    service, token = settings.EVIDENCE_CDN_SERVICE, settings.EVIDENCE_CDN_TOKEN
    if provider == "fastly":
        request = urllib.request.Request(
            f"{base}/service/{service}/purge",
            method="POST",
            headers={"Fastly-Key": token, "Surrogate-Key": " ".join(tags), "Accept": "application/json"},
        )
    elif provider == "cloudflare":
        request = urllib.request.Request(
            f"{base}/client/v4/zones/{service}/purge_cache",
            data=json.dumps({"tags": list(tags)}).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    else:
        raise ValueError(f"EVIDENCE_CDN must be fastly, cloudflare or empty, not “{provider}”.")
    with urllib.request.urlopen(request, timeout=settings.EVIDENCE_CDN_TIMEOUT_SECONDS) as response:
        return response.status
