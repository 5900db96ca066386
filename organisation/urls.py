from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.unit, name="unit"),
]
