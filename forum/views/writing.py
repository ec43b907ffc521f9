"""Writing: new topics, replies (with quotes), edits, deletion, flags, accepted answers.

Every form has a "Náhled" (preview) button that comes back to the same form with the rendered
text, so previews work without JavaScript. A refused or invalid submission comes back with
everything typed still in the form (status 400), never lost.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import markup, permissions, services
from forum.forms import FlagForm, PostEditForm, PostForm, TopicForm
from forum.models import ForumProfile, Post
from forum.views.common import (
    forum_context,
    readable_category,
    readable_post,
    readable_topic,
    topic_url,
)


def _compose(request, *, form, save, template: str, context: dict, refusal: str | None = None):
    """Preview, save, or show the form again with its errors (status 400)."""
    preview = None
    status = 200
    if refusal and request.method == "POST":
        form.is_valid()
        form.add_error(None, refusal)
        status = 403
    elif request.method == "POST":
        if form.is_valid():
            if "nahled" in request.POST:
                preview = markup.render(form.cleaned_data["source"]).html
                if form.cleaned_data.get("attachments"):
                    messages.info(
                        request,
                        _("Náhled přílohy nezobrazuje; před odesláním je vyberte znovu."),
                    )
            else:
                try:
                    return redirect(save(form.cleaned_data))
                except services.ForumError as error:
                    form.add_error(None, str(error))
                    status = 400
        else:
            status = 400
        if status == 400 and request.FILES:
            messages.info(request, _("Text zůstal ve formuláři; přílohy prosím vyberte znovu."))
    return render(
        request,
        template,
        forum_context(request, form=form, preview=preview, refusal=refusal, **context),
        status=status,
    )


@login_required
def topic_new(request, category):
    user = request.user
    category = readable_category(user, category)
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )

    def save(data):
        topic = services.topic_create(
            user=user,
            category=category,
            title=data["title"],
            source=data["source"],
            is_question=data["is_question"],
            uploads=data["attachments"],
        )
        messages.success(request, _("Téma je založené. Dáme vám vědět, až někdo odpoví."))
        return topic.get_absolute_url()

    return _compose(
        request,
        form=form,
        save=save,
        template="forum/compose.html",
        context={
            "category": category,
            "heading": _("Nové téma v kategorii %(name)s") % {"name": category.name},
        },
        refusal=permissions.why_cannot_create_topic(user, category),
    )


@login_required
def topic_reply(request, category, topic):
    user = request.user
    topic = readable_topic(user, topic)
    initial = {}
    quoted = request.GET.get("citovat")
    if request.method == "GET" and quoted and quoted.isdigit():
        post = (
            Post.objects.filter(pk=int(quoted), topic=topic, is_deleted=False, is_hidden=False)
            .select_related("author")
            .first()
        )
        if post is not None:
            initial["source"] = markup.quote(author_name=str(post.author), source=post.source)
    form = PostForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )

    def save(data):
        post = services.post_create(
            user=user, topic=topic, source=data["source"], uploads=data["attachments"]
        )
        messages.success(request, _("Odpověď je zveřejněná."))
        return topic_url(topic, number=post.number)

    return _compose(
        request,
        form=form,
        save=save,
        template="forum/compose.html",
        context={
            "category": topic.category,
            "topic": topic,
            "heading": _("Odpověď v tématu %(title)s") % {"title": topic.title},
        },
        refusal=permissions.why_cannot_reply(user, topic),
    )


@login_required
def post_edit(request, pk):
    user = request.user
    post = readable_post(user, pk)
    if not permissions.can_edit_post(user, post):
        raise PermissionDenied
    form = PostEditForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"source": post.source},
        attachments=post.attachments.all(),
    )

    def save(data):
        services.post_edit(
            user=user,
            post=post,
            source=data["source"],
            uploads=data["attachments"],
            remove_attachments=data["remove_attachments"],
        )
        messages.success(request, _("Změny jsou uložené."))
        return topic_url(post.topic, number=post.number)

    return _compose(
        request,
        form=form,
        save=save,
        template="forum/compose.html",
        context={
            "category": post.topic.category,
            "topic": post.topic,
            "post": post,
            "heading": _("Úprava příspěvku v tématu %(title)s") % {"title": post.topic.title},
        },
    )


@login_required
def post_delete(request, pk):
    user = request.user
    post = readable_post(user, pk)
    if not permissions.can_delete_post(user, post):
        raise PermissionDenied
    if request.method == "POST":
        services.post_delete(user=user, post=post)
        messages.success(request, _("Příspěvek je smazaný."))
        if post.number == 1:
            return redirect(post.topic.category.get_absolute_url())
        return redirect(topic_url(post.topic, number=post.number))
    return render(
        request,
        "forum/confirm.html",
        forum_context(
            request,
            category=post.topic.category,
            topic=post.topic,
            heading=_("Smazat příspěvek?"),
            text=_(
                "Text příspěvku a jeho přílohy zmizí; v tématu zůstane poznámka, že byl smazán. "
                "Smazání nejde vrátit."
            )
            if post.number > 1
            else _("Je to jediný příspěvek tématu: smazáním zmizí celé téma."),
            button=_("Smazat"),
            cancel_url=topic_url(post.topic, number=post.number),
        ),
    )


@login_required
def post_flag(request, pk):
    user = request.user
    post = readable_post(user, pk)
    if not permissions.can_flag(user, post):
        raise PermissionDenied
    form = FlagForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_flag(
                    user=user,
                    post=post,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except services.ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Děkujeme, moderátoři příspěvek posoudí."))
                return redirect(topic_url(post.topic, number=post.number))
        status = 400
    return render(
        request,
        "forum/flag.html",
        forum_context(
            request, post=post, topic=post.topic, category=post.topic.category, form=form
        ),
        status=status,
    )


@login_required
def post_history(request, pk):
    """Earlier versions of a post, for moderators."""
    user = request.user
    post = readable_post(user, pk)
    if not permissions.can_moderate(user):
        raise PermissionDenied
    revisions = post.revisions.select_related("edited_by")
    return render(
        request,
        "forum/history.html",
        forum_context(
            request, post=post, topic=post.topic, category=post.topic.category, revisions=revisions
        ),
    )


@login_required
@require_POST
def answer_accept(request, pk):
    user = request.user
    post = readable_post(user, pk)
    topic = post.topic
    take_back = request.POST.get("zrusit") == "1"
    try:
        services.answer_accept(user=user, topic=topic, post=None if take_back else post)
    except services.ForumError as error:
        messages.error(request, str(error))
        return redirect(topic_url(topic, number=post.number))
    if take_back:
        messages.success(request, _("Označení řešení je zrušené."))
    else:
        messages.success(request, _("Odpověď je označená jako řešení otázky."))
    return redirect(topic_url(topic, number=post.number))


@login_required
@require_POST
def post_helpful(request, pk):
    """ "Pomohlo mi to" on a post, or taking it back (`zrusit=1`)."""
    user = request.user
    post = readable_post(user, pk)
    if not permissions.can_react(user, post):
        raise PermissionDenied
    helpful = request.POST.get("zrusit") != "1"
    services.post_helpful_set(user=user, post=post, helpful=helpful)
    if helpful:
        messages.success(request, _("Děkujeme, autor uvidí, že mu příspěvek pomohl."))
    else:
        messages.success(request, _("Označení jste vzali zpět."))
    return redirect(topic_url(post.topic, number=post.number))


@login_required
def mention_suggestions(request):
    """Handles that start with `q`, for suggestions while typing @… (JSON, members only).
    The form works without it: a handle typed in full is a mention all the same."""
    if not permissions.is_member(request.user):
        raise PermissionDenied
    prefix = request.GET.get("q", "").lstrip("@").strip().lower()[:40]
    if not prefix:
        return JsonResponse({"results": []})
    profiles = (
        ForumProfile.objects.filter(handle__startswith=prefix, user__is_active=True)
        .select_related("user")
        .order_by("handle")[:8]
    )
    return JsonResponse({"results": [{"handle": p.handle, "name": str(p.user)} for p in profiles]})
