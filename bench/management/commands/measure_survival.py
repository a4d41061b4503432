"""How much of the public copy survives one publication: ETags and kept copies before and after.

Run by `make bench-survival` (bench/survival.py) on a seeded benchmark database; prints one JSON object.
"""

import json
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import EDITOR, MEDICAL_REVIEWER, WRITER
from accounts.services import issue_api_key
from evidence.models import (
    AppliesTo,
    Article,
    ArticleRevision,
    AuditEntry,
    Citation,
    ConditionRevision,
    Disclaimer,
    PublicDependency,
    Shown,
    StudyRevision,
)
from evidence.models.actions import Action
from evidence.services import workflow
from evidence.services.revisions import working_copy_saved


class Command(BaseCommand):
    help = "Publish one article on a seeded library and report how many other pages and API items kept their ETag."

    def add_arguments(self, parser):
        parser.add_argument("--studies", type=int, default=500, help="How many study pages to follow (newest).")

    def handle(self, *args, **options):
        site = Client(SERVER_NAME="127.0.0.1")  # an allowed host, as the benchmark server's
        key = issue_api_key(name="Survival benchmark")[1]
        api = Client(SERVER_NAME="127.0.0.1", headers={"Authorization": f"Bearer {key}"})
        articles = list(ArticleRevision.objects.live().values_list("slug", "item_id"))
        conditions = list(ConditionRevision.objects.live().values_list("slug", flat=True))
        studies = StudyRevision.objects.live().order_by("-pk").values_list("citation_key", flat=True)
        kinds = {
            "article pages": [(site, f"/articles/{slug}/") for slug, _ in articles],
            "API article items": [(api, f"/api/v1/articles/{pk}/") for _, pk in articles],
            "study pages": [(site, f"/studies/{key}/") for key in studies[: options["studies"]]],
            "condition pages": [(site, f"/conditions/{slug}/") for slug in conditions],
            "sitemap sections": [(site, f"/sitemap-{name}.xml") for name in ("articles", "studies", "conditions")],
        }
        started = time.monotonic()
        before = {kind: [self.etag(client, path) for client, path in paths] for kind, paths in kinds.items()}
        warmed = time.monotonic() - started

        new, published_in = self.publish_one()
        try:
            report = {"articles": len(articles), "warm_seconds": round(warmed, 1), "publish_seconds": published_in}
            report |= {"new_article": new.latest_revision.slug} | self.survivors(kinds, before)
            self.stdout.write(json.dumps(report | {"fan_out": self.fan_out()}))
        finally:  # leave the seeded library as seed_bench made it, so it can be removed or replaced
            Article.objects.filter(pk=new.pk).delete()

    def survivors(self, kinds, before):
        """Per kind: how many paths still answer 304 to their old ETag, and are served from the kept copy."""
        report = {}
        for kind, paths in kinds.items():
            kept = same = 0
            for (client, path), etag in zip(paths, before[kind], strict=True):
                if client.get(path, headers={"If-None-Match": etag}).status_code == 304:
                    same += 1
                    with CaptureQueriesContext(connection) as queries:
                        client.get(path)
                    kept += len(queries) <= 1  # the kept copy, found by the item's stamp (one query at most)
            report[kind] = {"count": len(paths), "same_etag": same, "kept_copy": kept}
        return report

    def fan_out(self):
        """Publish, then withdraw, a disclaimer shown on every page: the largest reach a change has."""
        editor, reviewer = self.person(EDITOR), self.person(MEDICAL_REVIEWER)
        disclaimer = Disclaimer.objects.create(
            title="Survival benchmark notice", text="Shown on every page to measure a change's reach.",
            applies_to=AppliesTo.EVERYWHERE,
        )  # fmt: skip
        working_copy_saved(item=disclaimer, by=editor)
        workflow.perform("submit", item=disclaimer, by=editor)
        workflow.perform("approve", item=disclaimer, by=reviewer)
        try:
            return {
                "published": self.timed_reach(lambda: workflow.perform("publish", item=disclaimer, by=editor)),
                "withdrawn": self.timed_reach(lambda: workflow.perform("unpublish", item=disclaimer, by=editor)),
            }
        finally:
            PublicDependency.objects.filter(kind=Shown.DISCLAIMER, shown_id=disclaimer.pk).delete()
            disclaimer.delete()

    def timed_reach(self, move):
        """Run `move` as the editor's request would, then the worker on what it queued: seconds and articles."""
        told = AuditEntry.objects.filter(action=Action.SHOWN_CHANGED)
        earlier = told.count()
        started = time.monotonic()
        move()
        in_request, told_at_once = round(time.monotonic() - started, 2), told.count() - earlier
        started = time.monotonic()  # the batches beyond the first, as the worker runs them
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        return {
            "articles_told": told.count() - earlier,
            "told_in_the_request": told_at_once,
            "request_seconds": in_request,
            "worker_seconds": round(time.monotonic() - started, 2),
        }

    def etag(self, client, path):
        response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}, not 200: is the library seeded?")
        return response["ETag"]

    def publish_one(self):
        """A new article on an existing condition, citing an existing study, through the whole workflow."""
        writer, reviewer, editor = (self.person(role) for role in (WRITER, MEDICAL_REVIEWER, EDITOR))
        condition = ConditionRevision.objects.live().first().item
        cited = StudyRevision.objects.live().select_related("item").first()
        stamp = int(time.time())
        article = Article.objects.create(
            title=f"Survival benchmark article {stamp}",
            slug=f"survival-benchmark-{stamp}",
            summary="A new summary published to measure what else stays cached.",
            body=f"A short body citing one study [@{cited.citation_key}].",
            author=writer,
        )
        article.conditions.add(condition)
        Citation.objects.create(article=article, study=cited.item, position=1)
        working_copy_saved(item=article, by=writer)
        started = time.monotonic()
        workflow.perform("submit", item=article, by=writer)
        workflow.perform("approve", item=article, by=reviewer)
        workflow.perform("publish", item=article, by=editor)
        return article, round(time.monotonic() - started, 3)

    def person(self, role):
        email = f"survival-{role.lower().replace(' ', '-')}@example.org"
        user, _ = get_user_model().objects.get_or_create(email=email, defaults={"display_name": role, "is_staff": True})
        user.groups.add(Group.objects.get(name=role))
        return user
