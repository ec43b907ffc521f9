"""Send the due messages of the e-mail outbox now (also from the minutely timer, deploy/)."""

from django.core.management.base import BaseCommand, CommandError

from core.mail import deliver_due, prune_sent
from core.models import OutgoingEmail


class Command(BaseCommand):
    help = "Deliver due e-mails of the outbox; prune those sent more than 30 days ago."

    def handle(self, *args, **options):
        result = deliver_due()
        pruned = prune_sent()
        failed = OutgoingEmail.objects.failed().count()
        self.stdout.write(
            f"Sent {result['sent']}; {result['retry']} wait for a retry; "
            f"{failed} failed for good; {pruned} old sent messages pruned."
        )
        if result["retry"] or result["failed"]:
            raise CommandError("Some e-mails could not be delivered; is the mail server up?")
