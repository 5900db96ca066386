from collections import Counter

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from kela_portal.cache import EVERY, cache_query
from kela_portal.fragments import instance_size, remembered
from publishing.models import last_changed
from publishing.visibility import visible_to

from .forms import ASKED, GuideForm
from .models import (
    CommunicationChannel,
    GuideQuestion,
    Organiser,
    ServiceChannel,
    Topic,
    guide_path,
    recommendations,
)

ORGANISER_GROUPS = {
    Organiser.Kind.COUNTY: _("Wellbeing services counties"),
    Organiser.Kind.CITY: _("Cities"),
}


def grouped(items, field, labels):
    """[{value, label, items}] in the order of labels, leaving out empty groups."""
    groups = {value: [] for value in labels}
    for item in items:
        groups.setdefault(getattr(item, field), []).append(item)
    return [
        {"value": value, "label": labels.get(value, value), "items": members}
        for value, members in groups.items()
        if members
    ]


# The topics of the landing page's tasks: what partner staff come for, before the background.
TASK_TOPICS = {
    "rehabilitation": "rehabilitation-referral",
    "customer_service": "customer-service-for-partners",
}
# Long lists come in pages of this many items, so a page stays small however long the list grows.
TOPICS_PER_PAGE = 100
ORGANISERS_PER_PAGE = 200


@cache_query("page")
def index(request):
    """The tasks partner staff come for first, then the background topics by section, in
    pages."""
    topics = remembered(
        request, ("partner-topics",), lambda: list(Topic.objects.published()), size=list_size
    )
    tasks = {
        name: next((t for t in topics if t.key == key), None) for name, key in TASK_TOPICS.items()
    }
    background = [topic for topic in topics if topic not in tasks.values()]
    page = Paginator(background, TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    # The sections are made only when the template's fragment is not kept for this version.
    return render(
        request,
        "partners/index.html",
        {"page": page, "topics": SimpleLazyObject(lambda: index_sections(topics, tasks, page))},
    )


def list_size(items):
    return sum(instance_size(item) for item in items)


def index_sections(topics, tasks, page):
    counts = dict(
        Organiser.objects.published().order_by().values_list("kind").annotate(Count("pk"))
    )
    return {
        "tasks": tasks,
        "reform": next((topic for topic in topics if topic.key == "reform"), None),
        "sections": grouped(page, "section", dict(Topic.Section.choices)),
        "organiser_counts": [
            {"label": label, "count": counts[kind]}
            for kind, label in ORGANISER_GROUPS.items()
            if kind in counts
        ],
    }


def topic(request, slug):
    item = get_object_or_404(visible_to(request, Topic.objects.all()), slug=slug)
    return render(
        request,
        "partners/topic.html",
        {"topic": item, "alternate_object": item, "draft_preview": not item.is_published},
    )


def alphabetical(name):
    """Sort key of Finnish and Swedish alphabetical order: Å, Ä and Ö come after Z."""
    return name.casefold().translate({ord("å"): "{", ord("ä"): "|", ord("ö"): "}"})


@cache_query("page")
def organisers(request):
    items = remembered(request, ("organisers",), sorted_organisers, size=list_size)
    page = Paginator(items, ORGANISERS_PER_PAGE).get_page(request.GET.get("page"))
    totals = Counter(item.kind for item in items)
    groups = grouped(page, "kind", ORGANISER_GROUPS)
    for group in groups:
        group["total"] = totals[group["value"]]
    return render(
        request,
        "partners/organisers.html",
        {"groups": groups, "total": len(items), "page": page, "updated": last_changed(items)},
    )


def sorted_organisers():
    """The published organisers, grouped by kind, in alphabetical order within each kind."""
    kinds = list(ORGANISER_GROUPS)
    return sorted(
        Organiser.objects.published(),
        key=lambda item: (kinds.index(item.kind), alphabetical(item.name)),
    )


def service_channels(request):
    channels = list(ServiceChannel.objects.published())
    return render(
        request,
        "partners/service_channels.html",
        {"channels": channels, "updated": last_changed(channels)},
    )


@cache_query(EVERY)  # the questions' keys
def guide(request):
    """The referral guide: a GET form asking one question at a time, each answer an address.

    Only the questions on the reader's path are shown; the answer comes when the path ends.
    """
    path = guide_path(list(GuideQuestion.objects.published()), request.GET)
    form = GuideForm(request.GET or None, path=path)
    complete = bool(path) and path[-1][1] is not None
    results = None
    if form.is_bound and form.is_valid() and complete:
        results = recommendations({question.key: answer for question, answer in path})
    response = render(request, "partners/guide.html", {"form": form, "results": results})
    if not worth_keeping(request, form):
        add_never_cache_headers(response)
    return response


def worth_keeping(request, form):
    """Whether the page cache may keep this guide page: only the guide's own parameters, once
    each, with valid values (any other parameter would give the cache a new page to keep)."""
    own = set(form.fields)
    return (
        all(name in own and len(values) == 1 for name, values in request.GET.lists())
        and request.GET.get(ASKED, "") in own | {""}
        and (not form.is_bound or form.is_valid())
    )


def communication_channels(request):
    items = list(CommunicationChannel.objects.published())
    kinds = grouped(items, "kind", dict(CommunicationChannel.Kind.choices))
    social = next((group for group in kinds if group["value"] == "social"), None)
    return render(
        request,
        "partners/communication_channels.html",
        {
            "kinds": [group for group in kinds if group is not social],
            "platforms": grouped(
                social["items"] if social else [],
                "platform",
                dict(CommunicationChannel.Platform.choices),
            ),
            "updated": last_changed(items),
        },
    )
