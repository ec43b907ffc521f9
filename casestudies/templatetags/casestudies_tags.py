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
