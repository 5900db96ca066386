"""The portal's admin site: branded, open to views that apps add to it, and behind a second
factor (TOTP) when settings.ADMIN_REQUIRE_2FA is on."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


class SecondFactorLoginForm(OTPAdminAuthenticationForm):
    """User name, password and the current code of the user's authenticator app (any of the
    user's confirmed devices; `manage.py enrol_totp` gives one)."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Enter the verification code your authenticator app shows."),
        "invalid_token": _("The verification code is not valid. Enter the code shown now."),
        "device_required": _(
            "You have no authenticator app for the admin yet: ask an administrator for one."
        ),
        # django-otp's catalogue has no Finnish or Swedish: each message it can show is ours.
        "n_failed_attempts": ngettext_lazy(
            "Verification is paused after %(failure_count)d wrong code. Wait a moment and "
            "try again.",
            "Verification is paused after %(failure_count)d wrong codes. Wait a moment and "
            "try again.",
            "failure_count",
        ),
        "verification_not_allowed": _("The code cannot be checked just now. Try again later."),
        # A device that sends its codes (not an authenticator app): none is enrolled.
        "not_interactive": _("Enter the verification code your authenticator app shows."),
        "challenge_exception": _("The code could not be sent. Try again later."),
    }

    def clean_otp(self, user):
        # Each editor has one authenticator app (manage.py enrol_totp): no device to choose.
        if user is not None:
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
            self.cleaned_data["otp_device"] = device.persistent_id if device else ""
        super().clean_otp(user)


class PortalAdminSite(admin.AdminSite):
    """The default admin site (kela_portal.apps.PortalAdminConfig).

    An app adds a view of its own with `admin.site.register_view(route, view, name)`; the
    view gets the site's login check and its URL name in the `admin` namespace. An app adds a
    panel to the index page with `admin.site.register_index_panel(template_name)`.
    """

    site_header = _("Kela portal administration")
    site_title = _("Kela portal administration")
    index_title = _("Content")

    def __init__(self, name="admin"):
        super().__init__(name)
        self.extra_views = {}
        self.index_panels = []

    @property
    def login_form(self):
        return SecondFactorLoginForm if settings.ADMIN_REQUIRE_2FA else None

    @property
    def login_template(self):
        return "admin/login_2fa.html" if settings.ADMIN_REQUIRE_2FA else None

    def has_permission(self, request):
        """Staff, and with the second factor required, verified by it in this session."""
        verified = not settings.ADMIN_REQUIRE_2FA or request.user.is_verified()
        return super().has_permission(request) and verified

    def register_view(self, route, view, name):
        self.extra_views[name] = (route, view)

    def register_index_panel(self, template_name):
        if template_name not in self.index_panels:
            self.index_panels.append(template_name)

    def index(self, request, extra_context=None):
        context = {"index_panels": self.index_panels, **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        extra = [
            path(route, self.admin_view(view), name=name)
            for name, (route, view) in self.extra_views.items()
        ]
        return [*extra, *super().get_urls()]
