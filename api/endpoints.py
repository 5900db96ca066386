"""The read-only open data API, version 1 (django-ninja: the OpenAPI 3.1 description at
openapi.json is generated from the operations and api.schemas).

Lists come in pages (`page`, `page_size`) with the addresses of the pages either side. Errors
are RFC 9457 problem details (api.problems). Limits, ETags and CORS: api.middleware.
"""

from typing import Literal

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import Field

from publishing.models import language_codes
from search import query as site_search

from . import data, problems, schemas

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
ERRORS = {400: schemas.Problem, 404: schemas.Problem, 429: schemas.Problem}


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The generated description, with the errors' documented media type the one they
        are sent in (application/problem+json)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {
                            problems.MEDIA_TYPE: response["content"]["application/json"]
                        }
        return schema


api = OpenDataAPI(
    title="Kela portal: open data",
    version="1",
    description=(
        "Kela's units, the organisers of health and social services, the partnership's "
        "topics, service channels, communication channels, the referral guide and the "
        "figures of a working day, as published on the portal, in Finnish, Swedish and "
        "English. Every text is given in all three languages in one object; `is_fallback` "
        "marks a text not yet translated, given in Finnish. Items are identified by their "
        "stable `key`. Errors are problem details (RFC 9457)."
    ),
    urls_namespace="open-data-api",
    docs_url=None,
)


@api.exception_handler(ValidationError)
def invalid(request, error):
    return problems.response(400, "The request's parameters are not valid.", errors=error.errors)


@api.exception_handler(Http404)
def not_found(request, error):
    return problems.response(404, str(error) or "Not found.")


class Paging(Schema):
    page: int = Field(1, ge=1, le=10**6, description="The page, from 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")


def page_of(request, items, paging):
    """One page of the items with the addresses of the pages either side; 404 past the end
    (the first page of an empty list is empty)."""
    paginator = Paginator(items, paging.page_size)
    try:
        page = paginator.page(paging.page)
    except EmptyPage as error:
        raise Http404("There is no such page.") from error

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": list(page),
    }


def listing(path, name, schema, items, summary):
    """A GET operation at path giving the items (items(request)) in pages."""

    def operation(request, paging: Query[Paging]):
        return page_of(request, items(request), paging)

    operation.__name__ = name
    api.get(
        path,
        response={200: schemas.paged(schema, f"{schema.__name__}Page"), **ERRORS},
        url_name=name,
        summary=summary,
        operation_id=name,
    )(operation)


listing("/units/", "units", schemas.Unit, data.units, "Kela's units, as a tree")
listing(
    "/organisers/",
    "organisers",
    schemas.Organiser,
    data.organisers,
    "Organisers of health and social services: the wellbeing services counties and a city",
)
listing("/topics/", "topics", schemas.Topic, data.topics, "Topics of the partnership")
listing(
    "/service-channels/",
    "service_channels",
    schemas.ServiceChannel,
    data.service_channels,
    "Kela's service channels, typed as in the Suomi.fi Service Catalogue (PTV)",
)
listing(
    "/service-channels/ptv/",
    "service_channels_ptv",
    schemas.PtvServiceChannel,
    data.ptv_service_channels,
    "Kela's service channels in the shape of PTV's service channel records",
)
listing(
    "/communication-channels/",
    "communication_channels",
    schemas.CommunicationChannel,
    data.communication_channels,
    "Kela's newsletters, publications, magazine and social media accounts",
)
listing(
    "/guide/",
    "guide",
    schemas.GuideQuestion,
    data.guide,
    "The referral guide's questions, with the answers' recommendations",
)
listing(
    "/statistics/",
    "statistics",
    schemas.Statistic,
    data.statistics,
    "The figures of a working day at Kela, every published year",
)


@api.get(
    "/statistics/{year}/",
    response={200: schemas.YearFigures, **ERRORS},
    url_name="statistics_year",
    summary="The figures of a working day at Kela in one year",
)
def statistics_year(request, year: int):
    figures = data.year_figures(year)
    if figures is None:
        raise Http404("No published figures for this year.")
    page = {}
    for code in language_codes():
        with translation.override(code):
            page[code] = request.build_absolute_uri(f"{reverse('stats:index')}?year={year}")
    return {"year": year, "figures": figures, "page": page}


class SearchQuery(Paging):
    q: str = Field(min_length=1, max_length=site_search.MAX_QUERY_LENGTH, description="Words.")
    lang: Literal[tuple(language_codes())] = Field(description="The language searched in.")


@api.get(
    "/search/",
    response={200: schemas.paged(schemas.SearchResult, "SearchResultPage"), **ERRORS},
    url_name="search",
    summary="Full-text search of the published content in one language",
)
def search(request, params: Query[SearchQuery]):
    text = site_search.clean_query(params.q)
    results = site_search.search(text, params.lang, (), request) if text else []
    page = page_of(request, results, params)
    page["results"] = [
        {
            "title": document.title,
            "url": request.build_absolute_uri(document.url),
            "kind": document.kind,
            "language": document.language,
            "is_fallback": document.is_fallback,
            "snippet": str(site_search.snippet(document, text)),
        }
        for document in page["results"]
    ]
    return page


@api.get("/", response={200: schemas.Index, **ERRORS}, url_name="index", summary="This index")
def index(request):
    names = [
        "units",
        "organisers",
        "topics",
        "service_channels",
        "service_channels_ptv",
        "communication_channels",
        "guide",
        "statistics",
    ]
    documentation, feeds = {}, {}
    for code in language_codes():
        with translation.override(code):
            documentation[code] = request.build_absolute_uri(reverse("open_data"))
            feeds[code] = request.build_absolute_uri(reverse("open_data_feed"))
    return {
        "openapi": request.build_absolute_uri(reverse("open-data-api:openapi-json")),
        "documentation": documentation,
        "resources": {
            name: request.build_absolute_uri(reverse(f"open-data-api:{name}")) for name in names
        },
        "feeds": feeds,
    }
