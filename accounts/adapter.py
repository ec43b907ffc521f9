"""allauth customised in one place: e-mail goes out through a background task."""

from allauth.account.adapter import DefaultAccountAdapter

from core.tasks import email_send


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the message now (it needs the request) and send it in the background."""
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
        email_send.enqueue(
            subject=message.subject,
            body=message.body,
            recipients=list(message.to),
            html_body=html_body,
            from_email=message.from_email,
        )
