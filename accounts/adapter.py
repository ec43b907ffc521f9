"""allauth customised in one place: e-mail goes out through the durable outbox (core.mail)."""

from allauth.account.adapter import DefaultAccountAdapter

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
