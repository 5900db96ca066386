from pathlib import Path

from django.core.management.base import BaseCommand

from publishing.transfer import export_content


class Command(BaseCommand):
    help = "Write all content (every app and language, published state, keys, order) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Output file (default: standard output).")

    def handle(self, *args, file=None, **options):
        text = export_content()
        if file:
            Path(file).write_text(text, encoding="utf-8")
            self.stderr.write(f"Content written to {file}.")
        else:
            self.stdout.write(text, ending="")
