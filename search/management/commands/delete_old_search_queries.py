from django.conf import settings
from django.core.management.base import BaseCommand

from search.report import delete_old


class Command(BaseCommand):
    help = (
        "Delete the search query counts older than SEARCH_QUERY_RETENTION_DAYS "
        "(DJANGO_SEARCH_QUERY_RETENTION_DAYS). Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        deleted = delete_old()
        self.stdout.write(
            f"Deleted {deleted} search query counts older than "
            f"{settings.SEARCH_QUERY_RETENTION_DAYS} days."
        )
