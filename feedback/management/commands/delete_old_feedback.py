from django.conf import settings
from django.core.management.base import BaseCommand

from feedback.models import Feedback


class Command(BaseCommand):
    help = (
        "Delete feedback messages older than the retention period "
        "(DJANGO_FEEDBACK_RETENTION_MONTHS, 24 months unless set). Run it daily."
    )

    def handle(self, *args, **options):
        deleted, _by_model = Feedback.objects.expired().delete()
        months = settings.FEEDBACK_RETENTION_MONTHS
        self.stdout.write(f"Deleted {deleted} feedback messages older than {months} months.")
