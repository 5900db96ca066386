from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>.csv", views.figures_csv, name="csv"),
    path("<int:year>.json", views.figures_json, name="json"),
]
