"""Moderation on the site (/forum/moderace/): the queue of flagged and hidden posts, actions on
posts, topics and members, and the log of every action. Moderators and admins only."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from forum import permissions, services
from forum.forms import GroupMemberForm, ReasonForm, SuspendForm, TopicModerationForm
from forum.models import Category, ModerationLogEntry, Post, PostingSuspension, Topic
from forum.views.common import forum_context, topic_url


def moderator_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@moderator_required
def queue(request):
    posts = (
        Post.objects.filter(Q(open_flag_count__gt=0) | Q(is_hidden=True))
        .select_related("topic__category", "author")
        .prefetch_related("flags__user")
        .order_by("-open_flag_count", "-created_at")
    )
    page_obj = Paginator(posts, 30).get_page(request.GET.get("strana"))
    suspensions = PostingSuspension.objects.filter(until__gt=timezone.now()).select_related(
        "user", "created_by"
    )
    return render(
        request,
        "forum/moderation/queue.html",
        forum_context(request, page_obj=page_obj, suspensions=suspensions, query_string=""),
    )


@moderator_required
def log(request):
    entries = ModerationLogEntry.objects.select_related("moderator", "topic", "post", "member")
    page_obj = Paginator(entries, 50).get_page(request.GET.get("strana"))
    return render(
        request,
        "forum/moderation/log.html",
        forum_context(request, page_obj=page_obj, query_string=""),
    )


POST_ACTIONS = {
    "skryt": services.post_hide,
    "obnovit": services.post_restore,
    "zamitnout": services.flags_dismiss,
}


@moderator_required
def post_moderate(request, pk):
    post = get_object_or_404(
        Post.objects.select_related("topic__category", "author").prefetch_related("flags__user"),
        pk=pk,
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        action = POST_ACTIONS.get(request.POST.get("akce", ""))
        if action is None:
            form.add_error(None, _("Vyberte akci."))
        elif form.is_valid():
            action(moderator=request.user, post=post, reason=form.cleaned_data["reason"])
            messages.success(request, _("Hotovo, akce je zapsaná v záznamu moderace."))
            return redirect("forum:moderation_queue")
        status = 400
    return render(
        request,
        "forum/moderation/post.html",
        forum_context(request, post=post, form=form),
        status=status,
    )


@moderator_required
def topic_moderate(request, pk):
    """Lock, pin, hide, move or merge. A move or merge that changes who reads the topic comes
    back (status 409) with who gains and who loses access, and is done only once the
    moderator ticks the confirmation."""
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    form = TopicModerationForm(request.POST if request.method == "POST" else None, topic=topic)
    status = 200
    audience = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            action = data["action"]
            try:
                if action == "move":
                    services.topic_move(
                        moderator=request.user,
                        topic=topic,
                        category=data["category"],
                        reason=data["reason"],
                        confirmed_audience=data["confirm_audience"],
                    )
                elif action == "merge":
                    topic = services.topic_merge(
                        moderator=request.user,
                        source=topic,
                        target=data["target_topic"],
                        reason=data["reason"],
                        confirmed_audience=data["confirm_audience"],
                    )
                else:
                    services.topic_set_flag(
                        moderator=request.user, topic=topic, action=action, reason=data["reason"]
                    )
            except services.AudienceConfirmationRequired as error:
                audience = error.change
                form.add_error("confirm_audience", str(error))
                status = 409
            except services.ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Hotovo, akce je zapsaná v záznamu moderace."))
                return redirect(topic_url(topic))
        status = status if status == 409 else 400
    return render(
        request,
        "forum/moderation/topic.html",
        forum_context(request, topic=topic, category=topic.category, form=form, audience=audience),
        status=status,
    )


@moderator_required
def member_suspend(request, pk):
    member = get_object_or_404(User, pk=pk)
    form = SuspendForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get("akce") == "zrusit":
            reason_form = ReasonForm(request.POST)
            if reason_form.is_valid():
                services.member_unsuspend(
                    moderator=request.user, member=member, reason=reason_form.cleaned_data["reason"]
                )
                messages.success(request, _("Pozastavení je zrušené."))
                return redirect("forum:moderation_queue")
            form = reason_form
        elif form.is_valid():
            until = timezone.make_aware(
                timezone.datetime.combine(form.cleaned_data["until"], timezone.datetime.min.time())
            )
            try:
                services.member_suspend(
                    moderator=request.user,
                    member=member,
                    until=until,
                    reason=form.cleaned_data["reason"],
                )
            except services.ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Psaní je pozastavené a zapsané v záznamu moderace."))
                return redirect("forum:moderation_queue")
        status = 400
    return render(
        request,
        "forum/moderation/suspend.html",
        forum_context(
            request,
            member=member,
            form=form,
            suspension=permissions.active_suspension(member),
        ),
        status=status,
    )


@moderator_required
def group_list(request):
    groups = Category.objects.filter(visibility=Category.Visibility.CLOSED).annotate(
        member_count=Count("members", distinct=True)
    )
    return render(request, "forum/moderation/groups.html", forum_context(request, groups=groups))


@moderator_required
def group_detail(request, category):
    """A closed group's members and pending invitations; adding a member by name, handle
    or e-mail (an invitation when there is no account)."""
    group = get_object_or_404(
        Category.objects.filter(visibility=Category.Visibility.CLOSED), slug=category
    )
    form = GroupMemberForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.group_member_add(
                    moderator=request.user,
                    category=group,
                    identifier=data["person"],
                    reason=data["reason"],
                    organisation=data["organisation"],
                    role=data["role"],
                    request=request,
                )
            except services.ForumError as error:
                form.add_error("person", str(error))
            else:
                if result.user is not None:
                    messages.success(
                        request,
                        _("%(name)s je teď členem skupiny.") % {"name": result.user},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Na adresu %(email)s odešla pozvánka; do skupiny se dostane po jejím přijetí."
                        )
                        % {"email": result.invited_email},
                    )
                return redirect("forum:group", category=group.slug)
        status = 400
    members = group.members.order_by("last_name", "first_name", "pk").select_related(
        "forum_profile"
    )
    invitations = group.invitations.filter(accepted_at__isnull=True).select_related("invited_by")
    entries = ModerationLogEntry.objects.filter(category=group).select_related(
        "moderator", "member"
    )[:20]
    return render(
        request,
        "forum/moderation/group.html",
        forum_context(
            request,
            group=group,
            members=members,
            invitations=invitations,
            entries=entries,
            form=form,
        ),
        status=status,
    )


@moderator_required
@require_POST
def group_member_remove(request, category, pk):
    group = get_object_or_404(
        Category.objects.filter(visibility=Category.Visibility.CLOSED), slug=category
    )
    member = get_object_or_404(group.members.all(), pk=pk)
    services.group_member_remove(
        moderator=request.user, category=group, member=member, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("%(name)s už není členem skupiny.") % {"name": member})
    return redirect("forum:group", category=group.slug)
