"""The list of a change form's errors shown at its top, each linked to the field (or inline row) it is on,
so an error in a column scrolled out of sight or an inline far down the page is still found."""

from dataclasses import dataclass

from django.forms.forms import NON_FIELD_ERRORS


@dataclass(frozen=True)
class FormError:
    where: str  # "DOI", "Other references, row 2: published"
    message: str
    anchor: str  # the id of the element to jump to, without "#"


def form_errors(form, *, where: str = "", fallback_anchor: str = "") -> list[FormError]:
    found = []
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            label, anchor = where, fallback_anchor
        else:
            field = form[name]
            label = f"{where}: {field.label}" if where else str(field.label)
            anchor = field.id_for_label or field.auto_id or fallback_anchor
        found.extend(FormError(label, str(message), anchor) for message in messages)
    return found


def error_summary(form, inline_formsets) -> list[FormError]:
    """Every error of the main form and of each inline formset (`InlineAdminFormSet`s), in page order."""
    found = form_errors(form, fallback_anchor="content-main")
    for inline in inline_formsets:
        formset = inline.formset
        name = str(inline.opts.verbose_name_plural).capitalize()
        group = f"{formset.prefix}-group"
        found.extend(FormError(name, str(message), group) for message in formset.non_form_errors())
        for number, row in enumerate(formset.forms, 1):
            found.extend(form_errors(row, where=f"{name}, row {number}", fallback_anchor=group))
    return found
