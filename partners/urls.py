from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.index, name="index"),
    path(_("topics/<slug:slug>/"), views.topic, name="topic"),
    path(_("organisers/"), views.organisers, name="organisers"),
    path(_("service-channels/"), views.service_channels, name="service_channels"),
    path(_("refer-a-customer/"), views.guide, name="guide"),
    path(_("communication-channels/"), views.communication_channels, name="communications"),
]
