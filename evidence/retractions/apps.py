from django.apps import AppConfig


class RetractionsConfig(AppConfig):
    """Retraction watch: notices (retractions, expressions of concern, corrections) on the papers the library cites,
    from the Retraction Watch database and Crossref, and reviewers' records of how each summary handles them."""

    name = "evidence.retractions"
    label = "retractions"
    verbose_name = "Retraction watch"

    def ready(self):
        from evidence.retractions import signals
        from evidence.retractions.tasks import queue_evidence_changed_email

        # A notice that newly blocks is e-mailed to the reviewers and editors of the articles citing the paper.
        signals.notices_now_block.connect(queue_evidence_changed_email, dispatch_uid="retractions.tasks.email")
