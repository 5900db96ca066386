import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from publishing.scheduling import publish_due, store_moments_again


class Command(BaseCommand):
    help = (
        "Publish the scheduled drafts and unpublish the expired items whose time has come. "
        "Run it every minute (cron, a Kubernetes CronJob); it is safe to run on several nodes "
        "at once. A draft that cannot be published is recorded and shown on the publishers' "
        "dashboard; the command still ends with status 0, having done the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Run again every SECONDS seconds (at whole multiples of them) until stopped, "
            "as `make run` and `make serve` do beside the server.",
        )

    def handle(self, *args, every=None, **options):
        if not every:
            self.run_once(quiet=False)
            return
        while True:
            try:
                self.run_once(quiet=True)
            except Exception as error:  # the database is away, say: try again next time
                self.stderr.write(f"Scheduled changes not made: {error}")
            close_old_connections()
            time.sleep(every - time.time() % every)

    def run_once(self, quiet):
        done = publish_due()
        store_moments_again()  # should the shared cache have lost them
        for failure in done.failures:
            self.stderr.write(
                f"Not published as scheduled: {failure.draft.item}: {failure.reason_in('en')}"
            )
        if not quiet or done.changed or done.failures:
            self.stdout.write(
                f"Scheduled changes made: {done.changed}, failed: {len(done.failures)}."
            )
