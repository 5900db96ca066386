"""The admin of staff accounts (users, groups, authenticator apps) with widgets that every
user can operate and a screen reader names (WCAG 1.3.1, 4.1.2).

Django's two-list filter for groups and permissions gives its search icon an aria-label that
a <span> may not have, and its split date-and-time inputs have no label each: the accounts'
groups and permissions are checkboxes instead, and the dates that the system records (last
login, joined, the last failed code) are shown, not edited.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class StaffUserAdmin(UserAdmin):
    filter_horizontal = ()
    formfield_overrides = {**UserAdmin.formfield_overrides, **CHECKBOXES}
    readonly_fields = (*UserAdmin.readonly_fields, "last_login", "date_joined")


class StaffGroupAdmin(GroupAdmin):
    filter_horizontal = ()
    formfield_overrides = {**GroupAdmin.formfield_overrides, **CHECKBOXES}


class AuthenticatorAdmin(TOTPDeviceAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "throttling_failure_timestamp")


def register(site=admin.site):
    """Called once the apps are ready (kela_portal.apps): replaces the packages' own."""
    for model, model_admin in [
        (User, StaffUserAdmin),
        (Group, StaffGroupAdmin),
        (TOTPDevice, AuthenticatorAdmin),
    ]:
        if site.is_registered(model):
            site.unregister(model)
        site.register(model, model_admin)
