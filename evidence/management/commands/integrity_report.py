"""Print the integrity report; exit 1 when a live article fails the checklist (for monitoring)."""

import sys

from django.core.management.base import BaseCommand

from evidence.selectors.integrity import integrity_report, summary, totals


class Command(BaseCommand):
    help = (
        "Check every live article against what a public summary promises (author, independent reviewer with "
        "credentials, review dates, a checkable source, evidence label, disclaimers, no unaddressed retraction). "
        "Exits 1 when one fails, so monitoring can alert."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failing", action="store_true", help="List only the articles that fail.")

    def handle(self, *args, failing=False, **options):
        checks = integrity_report()
        for check in checks:
            if failing and not check.fails:
                continue
            verdict = self.style.ERROR("FAILS ") if check.fails else self.style.SUCCESS("passes")
            self.stdout.write(f"{verdict} {check.revision.title} ({check.revision.get_absolute_url()})")
            for finding in check.findings:
                mark = "✗" if finding.fails else "·"
                self.stdout.write(f"    {mark} {finding.label}: {finding.detail}")
        self.stdout.write(summary(totals(checks)))
        if any(check.fails for check in checks):
            sys.exit(1)
