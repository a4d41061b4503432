"""Rows that hang off working copies and revisions: condition links, ordered citations, other references.

They are collected while a batch is built and written once at its end, with
the same values for the working copy and each of its revisions, as
`record_revision` copies them.
"""

from collections import defaultdict

from evidence.models import ArticleReference, Citation, RevisionCitation, RevisionReference
from evidence.models.articles import ReferenceBase


def _link_columns(model, name):
    """The through model of many-to-many `name` on `model`, and its two id columns."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    return through, (f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")


class Links:
    def __init__(self, rows):
        self.rows = rows
        self.pending = defaultdict(list)  # (model, columns) -> rows

    def add(self, model, columns, row):
        self.pending[(model, columns)].append(row)

    def add_m2m(self, model, name, pk, others):
        through, columns = _link_columns(model, name)
        for other in others:
            self.add(through, columns, (pk, other))

    def add_conditions(self, model, item_id, revision_ids, condition_ids):
        self.add_m2m(model, "conditions", item_id, condition_ids)
        for revision_id in revision_ids:
            self.add_m2m(model.revision_model(), "conditions", revision_id, condition_ids)

    def add_citations(self, article_id, revision_ids, study_ids):
        for position, study_id in enumerate(study_ids, 1):
            self.add(Citation, ("article_id", "study_id", "position"), (article_id, study_id, position))
            for revision_id in revision_ids:
                self.add(RevisionCitation, ("revision_id", "study_id", "position"), (revision_id, study_id, position))

    def add_reference(self, article_id, revision_ids, reference):
        values = tuple(reference[name] for name in ReferenceBase.CONTENT)
        self.add(ArticleReference, ("article_id", *ReferenceBase.CONTENT), (article_id, *values))
        for revision_id in revision_ids:
            self.add(RevisionReference, ("revision_id", *ReferenceBase.CONTENT), (revision_id, *values))

    def flush(self):
        for (model, columns), rows in self.pending.items():
            self.rows.write(model, columns, rows)
        self.pending.clear()
