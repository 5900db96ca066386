from importlib import import_module

import reversion
from django.core.management.base import BaseCommand
from django.db import transaction

from kela_portal.content import ContentLoader

# The apps whose `content.load(loader)` fills the portal, in dependency order.
CONTENT_MODULES = ["organisation.content", "stats.content", "partners.content"]


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
        loader = ContentLoader(update=update)
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("load_content --update" if update else "load_content")
            for name in CONTENT_MODULES:
                import_module(name).load(loader)
        for line in loader.summary():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Content loaded."))
