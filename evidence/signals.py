"""Signals other parts of the project listen to, so the workflow needn't know them.

`live_content_changed` fires inside the transaction of any change to what the public
sees: an item published for the first time, a new revision of a live item
published, an item withdrawn, or a live article re-reviewed (its review dates
changed). Receivers write what must commit with the change (the webhook
outbox) and register with `transaction.on_commit` what must wait for it (the
cache version bump, queueing delivery). Page caches and webhooks hang off it.

Arguments: ``item`` (the working copy), ``change`` (one of CHANGES),
``revision`` (the revision that went live or was withdrawn) and ``pages`` (for an
article: the study and condition pages that listed it or list it now, as
(kind, id) pairs).
"""

from django.dispatch import Signal

PUBLISHED, UPDATED, WITHDRAWN, RE_REVIEWED = "published", "updated", "withdrawn", "re_reviewed"
CHANGES = (PUBLISHED, UPDATED, WITHDRAWN, RE_REVIEWED)

live_content_changed = Signal()

# Fires inside the transaction of a change to something live items show (a study, condition, disclaimer, article
# or person): ``revisions`` are the affected items' live revisions (mostly articles'), ``reason`` says what
# changed ("disclaimer_changed") and ``pages`` the study and condition pages listing them. The webhook outbox
# and the caches hang off it (evidence.services.dependencies).
shown_content_changed = Signal()

# Fires inside the same transaction when a change reaches more items than one batch: ``batches`` are lists of
# the remaining item ids (of the sender model), with ``reason``, ``label`` and ``by``. evidence.tasks queues a
# background task per batch, so the queued work commits with the change.
shown_change_deferred = Signal()

# Fires inside the transaction of every workflow move, once its audit entry is written (argument: ``entry``).
# The e-mail task (evidence.tasks) hangs off it, so the workflow needn't know how people are told.
workflow_move_recorded = Signal()

# Fires inside the transaction that writes a revision, once its fields, links and child rows are copied
# (arguments: ``revision``, ``item``). evidence.media copies the words of the figures an article revision
# places, so what a reviewer approves is exactly what the public will see.
revision_recorded = Signal()
