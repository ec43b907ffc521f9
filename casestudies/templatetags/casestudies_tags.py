from django import template

from casestudies.models import Testimonial

register = template.Library()


@register.inclusion_tag("casestudies/components/home_testimonials.html")
def home_testimonials(limit: int = 2):
    """Testimonials that editors chose for the home page (Úryvky → Citáty)."""
    testimonials = Testimonial.objects.filter(show_on_home_page=True).select_related(
        "organisation"
    )[:limit]
    return {"testimonials": testimonials}


@register.filter
def quantity(value, indicator):
    """`value` with the indicator's unit in the right Czech form: {{ value|quantity:indicator }}
    → „5 bytů“. Empty for None (the template says "no data" itself)."""
    return indicator.quantity(value)
