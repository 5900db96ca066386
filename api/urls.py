"""The open data API, version 1, at /api/v1/ (outside the language prefixes: every answer
holds all three languages). An address the API does not know is a 404 problem too."""

from django.urls import path, re_path

from . import problems
from .endpoints import api


def unknown(request, rest=""):
    return problems.response(404, "The API has no such address.")


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
