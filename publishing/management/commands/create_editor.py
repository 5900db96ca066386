import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from publishing.groups import EDITORS, PUBLISHERS

PASSWORD_VARIABLE = "KELA_EDITOR_PASSWORD"  # noqa: S105 - the name of a variable


class Command(BaseCommand):
    help = (
        "Create an editor account for an e-mail address: staff access to the admin as a "
        "member of the Editors group, or with --publisher of the Publishers group (editors who "
        "may also publish, schedule and send back drafts). Prompts for the password; or give it "
        f"on standard input with --password-stdin, or in the {PASSWORD_VARIABLE} environment "
        "variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        parser.add_argument(
            "--publisher",
            action="store_true",
            help="Make the account a publisher (the Publishers group): it may also publish, "
            "schedule and send back drafts.",
        )

    def handle(self, *args, email, password_stdin=False, publisher=False, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        User = get_user_model()
        if User.objects.filter(username__iexact=email).exists():
            raise CommandError(f"A user {email} exists already.")
        password = self.password(password_stdin)
        user = User(username=email, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=PUBLISHERS if publisher else EDITORS))
        role = "Publisher" if publisher else "Editor"
        self.stdout.write(self.style.SUCCESS(f"{role} {email} created."))

    def password(self, from_stdin):
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        if os.environ.get(PASSWORD_VARIABLE):
            return os.environ[PASSWORD_VARIABLE]
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
