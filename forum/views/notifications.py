"""Notifications in the site, the person's forum settings, and one-click unsubscribing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from forum import permissions, services
from forum.forms import ProfileForm
from forum.models import Category, Notification, Subscription, Topic
from forum.views.common import forum_context, topic_url


@login_required
def notification_list(request):
    notifications = (
        Notification.objects.visible_to(request.user)
        .select_related("post__topic__category", "post__author")
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(notifications, 30).get_page(request.GET.get("strana"))
    return render(
        request,
        "forum/notifications.html",
        forum_context(request, page_obj=page_obj, query_string=""),
    )


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(
        Notification.objects.select_related("post__topic__category"), pk=pk, user=request.user
    )
    services.notifications_mark_read(user=request.user, notification=notification)
    post = notification.post
    if post is None:
        return redirect("forum:notifications")
    if notification.reason == Notification.Reason.FLAG and permissions.can_moderate(request.user):
        return redirect("forum:moderate_post", pk=post.pk)
    if not Topic.objects.visible_to(request.user).filter(pk=post.topic_id).exists():
        messages.info(request, _("Toto téma už nemůžete číst."))
        return redirect("forum:notifications")
    return redirect(topic_url(post.topic, number=post.number))


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("Všechna upozornění jsou označená jako přečtená."))
    return redirect("forum:notifications")


@login_required
def profile_settings(request):
    profile = services.profile_for(request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Nastavení fóra je uložené."))
            return redirect("forum:settings")
        status = 400
    subscriptions = Subscription.objects.visible_to(request.user).select_related(
        "topic__category", "category"
    )
    return render(
        request,
        "forum/settings.html",
        forum_context(request, form=form, subscriptions=subscriptions),
        status=status,
    )


def unsubscribe(request, token):
    """Works without signing in: GET shows what will stop and a button, POST does it."""
    try:
        data = services.unsubscribe_read(token)
        user = User.objects.get(pk=data["u"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        return render(
            request,
            "forum/unsubscribe.html",
            {"invalid": True},
            status=400,
        )
    topic = Topic.objects.filter(pk=data.get("t")).first() if data.get("t") else None
    category = Category.objects.filter(pk=data.get("c")).first() if data.get("c") else None
    done = None
    if request.method == "POST":
        done = services.unsubscribe(token=token)
    return render(
        request,
        "forum/unsubscribe.html",
        {"user_email": user.email, "topic": topic, "category": category, "done": done},
    )
