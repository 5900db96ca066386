from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path("", views.feedback, name="feedback"),
    path(_("thanks/"), views.thanks, name="feedback_thanks"),
]
