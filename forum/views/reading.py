"""Reading the forum: categories, topic lists, topics, posts and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.listing import query_without_page
from forum import permissions, queries, services
from forum.forms import PostForm
from forum.models import Attachment, Subscription
from forum.views.common import (
    forum_context,
    readable_category,
    readable_post,
    readable_topic,
    topic_url,
)


def _topic_rows(request, queryset, *, per_page=queries.TOPICS_PER_PAGE):
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("strana"))
    rows = []
    for topic in page_obj.object_list:
        unread, new = queries.unread_state(topic, request.user)
        rows.append({"topic": topic, "unread": unread, "new": new})
    return page_obj, rows, query_without_page(request.GET)


def forum_index(request):
    user = request.user
    profile = (
        services.visit_record(user=user, language=request.LANGUAGE_CODE)
        if user.is_authenticated
        else None
    )
    categories = list(queries.categories_for_index(user))
    new_count = None
    if profile is not None:
        new_count = queries.new_since_visit(user, since=profile.previous_visit_at).count()
    return render(
        request,
        "forum/index.html",
        forum_context(request, categories=categories, new_count=new_count, profile=profile),
    )


def category_detail(request, category):
    user = request.user
    category = readable_category(user, category)
    only_unanswered = request.GET.get("filtr") == "nezodpovezene"
    queryset = queries.topics_for_list(user).filter(category=category)
    if only_unanswered:
        queryset = queryset.unanswered_questions()
    page_obj, rows, query_string = _topic_rows(request, queryset)
    subscribed = (
        user.is_authenticated and Subscription.objects.filter(user=user, category=category).exists()
    )
    return render(
        request,
        "forum/category.html",
        forum_context(
            request,
            category=category,
            page_obj=page_obj,
            rows=rows,
            query_string=query_string,
            only_unanswered=only_unanswered,
            subscribed=subscribed,
            cannot_post=permissions.why_cannot_post(user),
        ),
    )


def topic_list(request, *, kind):
    """Cross-category lists: unanswered questions (everyone), new since the last visit."""
    user = request.user
    queryset = queries.topics_for_list(user)
    since = None
    if kind == "unanswered":
        queryset = queryset.unanswered_questions()
        title = _("Nezodpovězené otázky")
    else:
        since = services.profile_for(user).previous_visit_at
        queryset = queries.new_since_visit(user, since=since)
        title = _("Nové od vaší poslední návštěvy")
    page_obj, rows, query_string = _topic_rows(request, queryset)
    return render(
        request,
        "forum/topic_list.html",
        forum_context(
            request,
            title=title,
            kind=kind,
            since=since,
            page_obj=page_obj,
            rows=rows,
            query_string=query_string,
        ),
    )


def unanswered(request):
    return topic_list(request, kind="unanswered")


@login_required
def new_since_visit(request):
    return topic_list(request, kind="new")


def topic_detail(request, category, topic):
    user = request.user
    topic = readable_topic(user, topic)
    if topic.merged_into_id:
        target = readable_topic(user, topic.merged_into_id)
        return redirect(target.get_absolute_url(), permanent=True)
    if topic.category.slug != category:
        # A moved topic keeps working at its old address.
        query = request.META.get("QUERY_STRING")
        return redirect(topic.get_absolute_url() + (f"?{query}" if query else ""), permanent=True)
    paginator = Paginator(topic.posts.for_topic_page().order_by("number"), queries.POSTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("strana"))
    posts = list(page_obj.object_list)
    if user.is_authenticated and posts:
        services.topic_mark_read(user=user, topic=topic, number=posts[-1].number)
    moderator = permissions.can_moderate(user)
    reply_refusal = permissions.why_cannot_reply(user, topic) if user.is_authenticated else None
    may_reply = user.is_authenticated and reply_refusal is None
    # Asked once for the page, not once per post: the author of every post costs no more.
    may_post = user.is_authenticated and permissions.why_cannot_post(user) is None
    may_flag = permissions.is_member(user)
    helped = queries.helpful_post_ids(user, posts)
    for post in posts:
        post.may_edit = user.is_authenticated and permissions.can_edit_post(
            user, post, may_post=may_post
        )
        post.may_delete = permissions.can_delete_post(user, post)
        post.may_flag = may_flag and post.author_id != user.pk and not post.is_deleted
        post.may_react = permissions.can_react(user, post, member=may_flag)
        post.helped = post.pk in helped
        post.is_answer = topic.accepted_answer_id == post.pk
    subscribed = (
        user.is_authenticated and Subscription.objects.filter(user=user, topic=topic).exists()
    )
    return render(
        request,
        "forum/topic.html",
        forum_context(
            request,
            category=topic.category,
            topic=topic,
            posts=posts,
            page_obj=page_obj,
            query_string="",
            moderator=moderator,
            may_reply=may_reply,
            reply_refusal=reply_refusal,
            may_accept=permissions.can_accept_answer(user, topic),
            may_hand_over=permissions.can_hand_over_to_knowledge(user),
            subscribed=subscribed,
            form=PostForm() if may_reply else None,
        ),
    )


def topic_first_unread(request, category, topic):
    """Jump to the first post the person has not read (the end when all are read)."""
    user = request.user
    topic = readable_topic(user, topic)
    read = 0
    if user.is_authenticated:
        state = topic.read_states.filter(user=user).first()
        read = state.last_read_number if state else 0
    number = min(read + 1, max(topic.last_number, 1))
    return redirect(topic_url(topic, number=number))


def post_permalink(request, pk):
    post = readable_post(request.user, pk)
    return redirect(topic_url(post.topic, number=post.number))


@login_required
@require_POST
def subscription_toggle(request, category, topic=None):
    user = request.user
    category_obj = readable_category(user, category)
    topic_obj = readable_topic(user, topic) if topic else None
    lookup = {"topic": topic_obj} if topic_obj else {"category": category_obj}
    subscribed = request.POST.get("odebirat") == "1"
    services.profile_for(user)
    services.subscription_set(user=user, subscribed=subscribed, **lookup)
    if subscribed:
        messages.success(request, _("Budeme vám dávat vědět o novinkách."))
    else:
        messages.success(request, _("Odběr jste zrušili."))
    return redirect((topic_obj or category_obj).get_absolute_url())


@login_required
@require_POST
def all_mark_read(request):
    services.all_mark_read(user=request.user)
    messages.success(request, _("Všechna témata jsou označená jako přečtená."))
    return redirect("forum:new")


@login_required
@require_POST
def category_mark_read(request, category):
    category = readable_category(request.user, category)
    services.category_mark_read(user=request.user, category=category)
    messages.success(request, _("Všechna témata v kategorii jsou označená jako přečtená."))
    return redirect(category.get_absolute_url())


def attachment_download(request, pk, filename):
    """Attachments are served only to people who may read the post they belong to."""
    attachment = get_object_or_404(Attachment.objects.select_related("post"), pk=pk)
    post = readable_post(request.user, attachment.post_id)
    if post.is_deleted or attachment.filename != filename:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=attachment.kind == Attachment.Kind.DOCUMENT,
        filename=attachment.filename,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
