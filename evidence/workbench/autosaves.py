"""Autosaved drafts: keep what a writer typed, offer it back when they return, let it go once saved.

Rules: one draft per person and item (the add form: per person and kind). It is offered on opening the
change form unless the person saved the item themselves after it was kept (their save carried the same
form, so it holds everything the draft does) or it matches the working copy already. It never becomes a
revision and nothing outside the admin reads it.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evidence.workbench.models import Autosave

MAX_FIELDS = 60
MAX_CHARACTERS = 1_000_000  # everything typed in one form, in total


class BadAutosave(ValueError):
    """What the browser sent is not a form's text fields."""


def _normalised(text) -> str:
    # Browsers post textareas with CRLF, editors hold LF: the same text either way.
    return str(text if text is not None else "").replace("\r\n", "\n").strip()


def clean_fields(fields) -> dict[str, str]:
    """`fields` as {name: text}, refused with a message when it is not that or is too large."""
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise BadAutosave("The draft must be a form's text fields, {name: text}.")
    if not all(isinstance(k, str) and len(k) <= 100 and isinstance(v, str) for k, v in fields.items()):
        raise BadAutosave("Each field must have a short name and a text value.")
    if sum(len(v) for v in fields.values()) > MAX_CHARACTERS:
        raise BadAutosave(f"The draft is larger than {MAX_CHARACTERS:,} characters, so it was not kept on the server.")
    return fields


def keep(*, user, model, item_id, fields, seen_edit_version=None) -> Autosave:
    """Keep `fields` as `user`'s draft of the item (None: the add form), replacing the previous one."""
    row, _ = Autosave.objects.update_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(model),
        object_id=item_id,
        defaults={"fields": clean_fields(fields), "seen_edit_version": seen_edit_version, "saved_at": timezone.now()},
    )
    return row


def discard(*, user, model, item_id) -> None:
    Autosave.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(model), object_id=item_id
    ).delete()


def last_own_save(*, user, model, item):
    """When `user` last saved `item` (None: when they last created an item of this kind), or None."""
    revisions = model._meta.get_field("revisions").related_model.objects.filter(created_by=user)
    revisions = revisions.filter(item=item) if item is not None else revisions.filter(number=1)
    return revisions.order_by("-created_at").values_list("created_at", flat=True).first()


def matches(fields: dict, form_values: dict) -> bool:
    return all(_normalised(text) == _normalised(form_values.get(name)) for name, text in fields.items())


def offer(*, user, model, item, form_values: dict) -> Autosave | None:
    """The draft to offer `user` on opening the form of `item`, or None; a draft overtaken by a save goes."""
    row = Autosave.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(model), object_id=getattr(item, "pk", None)
    ).first()
    if row is None:
        return None
    saved = last_own_save(user=user, model=model, item=item)
    if (saved is not None and saved >= row.saved_at) or (item is not None and matches(row.fields, form_values)):
        row.delete()
        return None
    return row
