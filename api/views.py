from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The resources of the API as the page lists them: (URL name, what it gives).
RESOURCES = [
    ("units", _("Kela's units as a tree: each with its parent and child units.")),
    ("organisers", _("The wellbeing services counties and the city that organise services.")),
    ("topics", _("The topics of the partnership.")),
    ("service_channels", _("Kela's service channels, typed as in the Suomi.fi Service Catalogue.")),
    (
        "service_channels_ptv",
        _("The same channels in the shape of the Service Catalogue's records."),
    ),
    ("communication_channels", _("Kela's newsletters, publications and social media accounts.")),
    ("guide", _("The referral guide's questions and what each answer recommends.")),
    ("statistics", _("The figures of a working day at Kela, year by year.")),
]


def open_data(request):
    """The open data page: what the API gives, how to read it, and where its description is."""
    return render(
        request,
        "api/open_data.html",
        {
            "resources": [(reverse(f"open-data-api:{name}"), text) for name, text in RESOURCES],
            "index_url": reverse("open-data-api:index"),
            "openapi_url": reverse("open-data-api:openapi-json"),
            "year_url": reverse("open-data-api:statistics_year", kwargs={"year": 2020}),
            "search_url": reverse("open-data-api:search"),
        },
    )
