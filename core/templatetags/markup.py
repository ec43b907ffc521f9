"""Template helpers for valid, accessible markup shared by every app.

* ``{{ value|html_datetime }}``: a date or datetime as the ``datetime`` attribute of ``<time>``
  (ISO 8601, whole seconds: the HTML standard allows at most three digits of a fraction).
* ``{% error_title_prefix %}``: "Chyba: " when the page shows a form with errors (GOV.UK's rule,
  so screen reader users hear at once that the submit failed), else nothing.
* ``{{ field|error_anchor }}``: the id the error summary links to for a form field.
"""

import datetime

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils import timezone
from django.utils.translation import gettext

register = template.Library()

# Context variable a view sets (True) when its page shows errors that are not in a Django form.
HAS_ERRORS = "has_errors"


@register.filter
def html_datetime(value) -> str:
    """A valid ``<time datetime>`` value: ``2026-11-29T17:05:09+01:00`` or ``2026-11-29``."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


def _has_errors(value) -> bool:
    # type(), not isinstance(): isinstance() evaluates lazy context values, and evaluating
    # the lazy `csrf_token` sets the CSRF cookie, which makes the page uncacheable.
    kind = type(value)
    if issubclass(kind, BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Chyba: " when a bound form in the context has errors, or the view set ``has_errors``."""
    for layer in context.dicts:
        if layer.get(HAS_ERRORS) is True or any(_has_errors(v) for v in layer.values()):
            return gettext("Chyba:") + " "
    return ""


@register.filter
def error_anchor(field) -> str:
    """The id of the control an error summary link leads to: the field itself, or the first
    choice of a group of radio buttons or checkboxes (whose label has no ``for``)."""
    if field.field.widget.use_fieldset or not field.id_for_label:
        subwidgets = field.subwidgets
        if subwidgets and subwidgets[0].id_for_label:
            return subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id or ""
