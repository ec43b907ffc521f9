"""Forum pieces other pages show: the unread counts in the site header."""

from django import template

from forum import queries

register = template.Library()


@register.inclusion_tag("components/forum_header_counts_links.html")
def forum_header_counts(user):
    """Unread topics and notifications of the signed-in person: two queries, once per
    request (forum.queries.header_counts), nothing for visitors."""
    counts = queries.header_counts(user)
    return {"user": user, **counts}
