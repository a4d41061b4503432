"""An edit conflict shown, not lost: the writer's text beside the one saved meanwhile, line by line.

The form keeps the writer's text (WorkingCopyForm refuses the save with code "stale_edit"); this
builds, for each text field where the two differ, rows of a side-by-side comparison with difflib.
"""

import difflib
from dataclasses import dataclass, field


@dataclass
class Row:
    change: str  # "equal", "replace", "delete" (only theirs), "insert" (only yours)
    theirs: list = field(default_factory=list)
    yours: list = field(default_factory=list)


@dataclass
class FieldConflict:
    name: str
    label: str
    theirs: str
    yours: str
    rows: list


def _lines(text):
    return str(text or "").replace("\r\n", "\n").split("\n")


def side_by_side(theirs: str, yours: str) -> list[Row]:
    a, b = _lines(theirs), _lines(yours)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [Row(change, a[i1:i2], b[j1:j2]) for change, i1, i2, j1, j2 in matcher.get_opcodes()]


def conflicts(form, saved, names) -> list[FieldConflict]:
    """The fields among `names` where the form's posted text differs from `saved` (the working copy now)."""
    found = []
    for name in names:
        field_ = form.fields[name]
        theirs = field_.prepare_value(getattr(saved, name, ""))
        theirs = "" if theirs is None else str(theirs)
        yours = form.data.get(name, "")
        if theirs.replace("\r\n", "\n").strip() != yours.replace("\r\n", "\n").strip():
            found.append(FieldConflict(name, field_.label or name, theirs, yours, side_by_side(theirs, yours)))
    return found


def is_stale_edit(form) -> bool:
    return any(error.code == "stale_edit" for error in form.non_field_errors().as_data())
