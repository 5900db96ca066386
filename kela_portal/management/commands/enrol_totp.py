import base64

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Give a staff user the second factor of the admin: a TOTP device. Prints the "
        "otpauth:// address (and its secret) to enter in the user's authenticator app; "
        "--replace replaces devices the user has already."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the user's existing devices."
        )

    def handle(self, *args, username, replace=False, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        if not user.is_staff:
            raise CommandError(f"{username} is not staff: the admin's second factor is for staff.")
        devices = TOTPDevice.objects.filter(user=user)
        if devices.exists() and not replace:
            raise CommandError(f"{username} has a device already: --replace gives a new one.")
        with transaction.atomic():
            devices.delete()
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write(
            "Enter this address in the authenticator app (or scan it as a QR code), then log in "
            "with the code the app shows:"
        )
        self.stdout.write(device.config_url)
        self.stdout.write(
            f"Secret (to type in instead): {base64.b32encode(device.bin_key).decode()}"
        )
