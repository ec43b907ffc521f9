"""Helpers shared by the course views."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import render


def problem(request, *, title: str, message: str, status: int, back_url: str = "", back_label=""):
    """A page that says in Czech what went wrong and where to go next, with the right status."""
    return render(
        request,
        "courses/problem.html",
        {"title": title, "message": message, "back_url": back_url, "back_label": back_label},
        status=status,
    )


def require_post_and_login(request):
    """None when the request may go on; otherwise the response to give (405 or login)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None
