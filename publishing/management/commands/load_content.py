from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from publishing.importing import Importer
from publishing.loading import loaders


class Command(BaseCommand):
    help = (
        "Load the portal's content from the data files in the repository. Idempotent: "
        "items that exist already are left as they are, so editors' changes survive; "
        "give --update to overwrite them with the data files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing items (including editors' changes) with the data files.",
        )

    def handle(self, *args, update=False, **options):
        importer = Importer(
            update=update, source="load_content --update" if update else "load_content"
        )
        with transaction.atomic():
            for load in loaders():
                load(importer)
            if importer.problems:
                raise CommandError("Nothing loaded:\n" + "\n".join(importer.problems))
        for line in importer.summary():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Content loaded."))
