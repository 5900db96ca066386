from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from publishing.visibility import visible_to

from .forms import GuideForm
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


def index(request):
    """The tasks partner staff come for first, then the background topics by section."""
    # Computed only when the template's fragment is not kept for this content version.
    return render(request, "partners/index.html", {"topics": SimpleLazyObject(index_topics)})


def index_topics():
    topics = list(Topic.objects.published())
    by_key = {topic.key: topic for topic in topics}
    tasks = {name: by_key.get(key) for name, key in TASK_TOPICS.items()}
    counts = dict(
        Organiser.objects.published().order_by().values_list("kind").annotate(Count("pk"))
    )
    background = [topic for topic in topics if topic not in tasks.values()]
    return {
        "tasks": tasks,
        "reform": by_key.get("reform"),
        "sections": grouped(background, "section", dict(Topic.Section.choices)),
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


def organisers(request):
    items = sorted(Organiser.objects.published(), key=lambda item: alphabetical(item.name))
    return render(
        request,
        "partners/organisers.html",
        {"groups": grouped(items, "kind", ORGANISER_GROUPS), "total": len(items)},
    )


def service_channels(request):
    return render(
        request,
        "partners/service_channels.html",
        {"channels": ServiceChannel.objects.published()},
    )


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
    return render(request, "partners/guide.html", {"form": form, "results": results})


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
        },
    )
