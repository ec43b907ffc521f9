"""allauth customised in one place: e-mail goes out through the durable outbox (core.mail),
and a sign-up with a taken address costs what a new one does."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string

from core.mail import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the message now (it needs the request) and store it in the e-mail outbox,
        which delivers it in the background and retries until the server accepts it."""
        request = self.request
        ctx = {"request": request, "email": email}
        from django.contrib.sites.shortcuts import get_current_site

        ctx["current_site"] = get_current_site(request)
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html_body = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html_body = content
        send_email(
            to=list(message.to),
            subject=message.subject,
            body_text=message.body,
            body_html=html_body,
            from_email=message.from_email,
        )

    def send_account_already_exists_mail(self, email: str) -> None:
        """allauth answers a sign-up with a taken address like a new one (same page, an
        e-mail to the address) but skips creating the account, whose password hash is most of
        the cost: 0.1 s against 1 s told which addresses have accounts. Hash a password here
        too, so both paths do the same work: one hash, one e-mail."""
        make_password(get_random_string(20))
        super().send_account_already_exists_mail(email)
