from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publishing.transfer import TransferError, import_content


class Command(BaseCommand):
    help = (
        "Import content written by export_content. Every record is validated first; if any is "
        "invalid nothing changes. Existing keys are kept unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--update", action="store_true", help="Overwrite existing keys.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would change; change nothing."
        )

    def handle(self, *args, file, update=False, dry_run=False, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
            changes = import_content(
                text, update=update, dry_run=dry_run, source=f"import_content {Path(file).name}"
            )
        except (OSError, TransferError) as error:
            raise CommandError(f"Nothing imported: {error}") from error
        for line in changes:
            self.stdout.write(("would " if dry_run else "") + line)
        self.stdout.write(f"{len(changes)} records {'to change' if dry_run else 'changed'}.")
