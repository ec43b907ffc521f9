"""Accepted forum answers become knowledge (issue 20, item 5): the forum's side of the
hand-over. A moderator or adviser opens *Převzít do znalostní báze* at the accepted answer of
a question, chooses an article, edits the question and answer into words fit for readers,
and sends it: `kb.faq.faq_entry_propose` makes it a draft revision of the article that goes
through the approval workflow, with a link back to the discussion.

An answer from a partners-only or closed discussion is handed over only after the person
ticks that it may become public: the form says so, and the service records it.
"""

import nh3
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.absolute_urls import absolute_url
from forum import markup, permissions
from forum.models import Category, Post
from forum.views.common import forum_context, readable_post, topic_url
from kb.faq import FaqError, faq_entry_propose, faq_proposal_for_post
from kb.models import ArticlePage

FAQ_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}


def answer_html(source: str) -> str:
    """The answer's Markdown as the little HTML an article's rich text keeps (paragraphs,
    bold, italics, lists, links): no mentions, cards, headings or tables."""
    return nh3.clean(
        markup._markdown.render(source),
        tags=FAQ_TAGS,
        attributes={"a": {"href"}},
        url_schemes=markup.ALLOWED_SCHEMES,
        link_rel=None,
    ).strip()


class KnowledgeHandOverForm(forms.Form):
    article = forms.ModelChoiceField(
        label=gettext_lazy("Článek znalostní báze"),
        queryset=ArticlePage.objects.order_by("title"),
        help_text=gettext_lazy(
            "Otázka a odpověď přibudou do oddílu Časté otázky z praxe tohoto článku."
        ),
        error_messages={
            "required": gettext_lazy("Vyberte článek, do kterého odpověď patří."),
            "invalid_choice": gettext_lazy("Takový článek neznáme. Vyberte článek ze seznamu."),
        },
    )
    question = forms.CharField(
        label=gettext_lazy("Otázka"),
        max_length=240,
        help_text=gettext_lazy("Jak by se na to zeptal čtenář, bez jmen a místních zkratek."),
        error_messages={"required": gettext_lazy("Napište otázku.")},
    )
    answer = forms.CharField(
        label=gettext_lazy("Odpověď"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "Markdown jako ve fóru. Upravte ji pro čtenáře článku a vynechte jména lidí."
        ),
        error_messages={"required": gettext_lazy("Napište odpověď.")},
    )
    confirm_public = forms.BooleanField(
        label=gettext_lazy(
            "Rozumím, že diskuse není veřejná, a potvrzuji, že otázka, odpověď a název "
            "diskuse smějí být po schválení článku veřejné."
        ),
        required=False,
    )

    def __init__(self, *args, private: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.private = private
        if not private:
            del self.fields["confirm_public"]

    def clean_confirm_public(self):
        value = self.cleaned_data.get("confirm_public")
        if self.private and not value:
            raise forms.ValidationError(
                _(
                    "Odpověď je z neveřejné diskuse. Bez vašeho potvrzení ji do veřejného "
                    "článku nepředáme; zaškrtněte ho, nebo odpověď nepředávejte."
                )
            )
        return value


@login_required
def post_to_knowledge(request, pk):
    """GET: the form, prefilled from the topic and the answer; POST: the hand-over."""
    user = request.user
    if not permissions.can_hand_over_to_knowledge(user):
        raise PermissionDenied(_("Odpovědi do znalostní báze předávají moderátoři a poradci."))
    post: Post = readable_post(user, pk)
    topic = post.topic
    status = 200
    if topic.accepted_answer_id != post.pk:
        return render(
            request,
            "forum/knowledge_refused.html",
            forum_context(request, post=post, topic=topic, category=topic.category),
            status=400,
        )
    private = topic.category.visibility != Category.Visibility.PUBLIC
    form = KnowledgeHandOverForm(
        request.POST if request.method == "POST" else None,
        private=private,
        initial={"question": topic.title, "answer": post.source},
    )
    existing = faq_proposal_for_post(post.pk)
    if request.method == "POST":
        if form.is_valid():
            article = form.cleaned_data["article"]
            try:
                faq_entry_propose(
                    article=article,
                    question=form.cleaned_data["question"],
                    answer_html=answer_html(form.cleaned_data["answer"]),
                    source_url=absolute_url(post.get_absolute_url(), request),
                    source_title=topic.title,
                    source_post_id=post.pk,
                    from_private_discussion=private,
                    user=user,
                )
            except FaqError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _(
                        "Otázka a odpověď jsou v novém konceptu článku „{title}“, odeslaném ke "
                        "schválení. Zveřejní se, až článek schválí správce."
                    ).format(title=article.title),
                )
                return redirect(topic_url(topic, number=post.number))
        else:
            status = 400
    return render(
        request,
        "forum/knowledge_form.html",
        forum_context(
            request,
            post=post,
            topic=topic,
            category=topic.category,
            form=form,
            private=private,
            existing=existing,
        ),
        status=status,
    )
