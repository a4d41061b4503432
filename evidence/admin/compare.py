"""A readable, field-by-field comparison of two revisions of the same item."""

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def changed(self):
        return self.before != self.after

    @property
    def diff_html(self):
        """Word-level diff with <del> and <ins>, escaped."""
        a, b = self.before.split(" "), self.after.split(" ")
        out = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op in ("replace", "delete"):
                out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
            if op in ("replace", "insert"):
                out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
            if op == "equal":
                out.append(escape(" ".join(a[i1:i2])))
        return mark_safe(" ".join(out))


def _text(value):
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v)
    return "" if value is None else str(value)


def _related(revision):
    rows = {}
    for name in revision.item.CONTENT_M2M:
        rows[revision._meta.get_field(name).verbose_name] = "; ".join(
            sorted(str(o) for o in getattr(revision, name).all())
        )
    if hasattr(revision, "citations"):
        rows["cited studies"] = "\n".join(
            f"{c.position}. {c.study}" for c in revision.citations.select_related("study")
        )
        rows["other references"] = "\n".join(f"[^{r.position}] {r.title} {r.url}" for r in revision.references.all())
    return rows


def compare_revisions(older, newer) -> list[FieldChange]:
    changes = []
    for name in older.item.CONTENT_FIELDS:
        label = older._meta.get_field(name).verbose_name
        changes.append(FieldChange(str(label), _text(getattr(older, name)), _text(getattr(newer, name))))
    before, after = _related(older), _related(newer)
    for label in before:
        changes.append(FieldChange(str(label), before[label], after[label]))
    return changes
