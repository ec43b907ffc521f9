from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.utils import formats

register = template.Library()


@register.simple_tag
def language_choices():
    """(code, name) of each interface language, each named in itself and never translated."""
    return settings.LANGUAGES


@register.filter
def figure(value, decimal_places: int = 1):
    """A number the Czech way: thousands grouped ("1 234"), decimal comma, whole numbers
    without decimals. Empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    places = 0 if number == number.to_integral_value() else int(decimal_places)
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)
