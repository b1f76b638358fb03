"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms


def style_fields(form: forms.BaseForm, skip: tuple[str, ...] = ()) -> None:
    """Give every widget Tabler's class (form-select for choices, form-control otherwise)."""
    for name, field in form.fields.items():
        if name in skip or isinstance(field.widget, forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
