from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .models import Page

urlpatterns = [
    path(_("accessibility/"), views.page, {"key": Page.Key.ACCESSIBILITY}, name="accessibility"),
    path(_("privacy/"), views.page, {"key": Page.Key.PRIVACY}, name="privacy"),
    path(_("contact/"), views.page, {"key": Page.Key.CONTACT}, name="contact"),
]
