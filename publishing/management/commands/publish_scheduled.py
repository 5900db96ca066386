from django.core.management.base import BaseCommand

from publishing.workflow import publish_due, schedule_changed


class Command(BaseCommand):
    help = (
        "Publish the scheduled drafts and unpublish the expired items whose time has come. "
        "Run it from cron every minute; it is safe to run on several nodes at once."
    )

    def handle(self, *args, **options):
        changed = publish_due()
        schedule_changed()  # the next moment, stored again should the cache have lost it
        self.stdout.write(f"{changed} scheduled changes made.")
