"""Template context that every page needs."""

from django.conf import settings


def site_navigation(request):
    """Settings the base template reads; the navigation itself comes from `{% main_navigation %}`."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME}
