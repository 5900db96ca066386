"""The open data page and the feed of changes, under each language's prefix."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views

urlpatterns = [
    path("", views.open_data, name="open_data"),
    path(_("changes.atom"), feeds.ChangesFeed(), name="open_data_feed"),
]
