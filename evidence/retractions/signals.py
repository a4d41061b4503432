"""Signals of retraction watch, so the services need not know how people are told.

`notices_now_block` fires inside the transaction that recorded notices, with ``notice_ids``: the retractions
and expressions of concern that block from now on. evidence.retractions.tasks queues the e-mail to the
reviewers and editors of the live articles citing the paper once the transaction commits.
"""

from django.dispatch import Signal

notices_now_block = Signal()
