"""The published content as the API gives it: plain dicts in the shapes of api.schemas.

Only published items are read (the models' `published()` querysets, never a preview of a
draft), and an item inside another (a unit under a unit, a follow-up question) only when
everything above it is public too, as on the pages.
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from organisation.models import Unit
from partners.models import (
    CommunicationChannel,
    GuideQuestion,
    GuideRule,
    Organiser,
    ServiceChannel,
    Topic,
)
from publishing.models import language_codes
from publishing.richtext import clean_html
from stats.models import Statistic
from stats.queries import page_order, published_values, published_years


def texts(item, field, rich=False):
    """The field in every language, each marked when it falls back to the Finnish text."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    finnish = getattr(item, build_localized_fieldname(field, default)) or ""
    result = {}
    for code in language_codes():
        own = getattr(item, build_localized_fieldname(field, code)) or ""
        text = own or finnish
        result[code] = {
            "text": clean_html(text) if rich else text,
            "is_fallback": not own and bool(finnish),
        }
    return result


def labels(item, field):
    """The label of the item's choice in the field, in every language."""
    label = dict(item._meta.get_field(field).flatchoices)[getattr(item, field)]
    result = {}
    for code in language_codes():
        with translation.override(code):
            result[code] = str(label)
    return result


def pages(request, item):
    """The absolute address of the item's page in every language."""
    result = {}
    for code in language_codes():
        with translation.override(code):
            result[code] = request.build_absolute_uri(item.get_absolute_url())
    return result


def common(request, item):
    return {"key": item.key, "updated_at": item.updated_at, "page": pages(request, item)}


def reachable(items, parent_id):
    """The items whose every ancestor (by parent_id(item)) is among the items, in order."""
    by_pk = {item.pk: item for item in items}
    known = {}

    def public(item):
        seen = []
        while item.pk not in known:
            seen.append(item)
            parent = parent_id(item)
            if parent is None:
                result = True
                break
            if parent not in by_pk:
                result = False
                break
            item = by_pk[parent]
        else:
            result = known[item.pk]
        for each in seen:
            known[each.pk] = result
        return result

    return [item for item in items if public(item)]


def units(request):
    public = reachable(list(Unit.objects.published()), lambda unit: unit.parent_id)
    keys = {unit.pk: unit.key for unit in public}
    children = {}
    for unit in public:
        children.setdefault(unit.parent_id, []).append(unit.key)
    return [
        {
            **common(request, unit),
            "kind": unit.kind,
            "kind_label": labels(unit, "kind"),
            "parent": keys.get(unit.parent_id),
            "children": children.get(unit.pk, []),
            "order": unit.order,
            "name": texts(unit, "name"),
            "summary": texts(unit, "summary"),
            "responsibilities": texts(unit, "responsibilities", rich=True),
        }
        for unit in public
    ]


def organisers(request):
    return [
        {
            **common(request, item),
            "kind": item.kind,
            "kind_label": labels(item, "kind"),
            "order": item.order,
            "name": texts(item, "name"),
        }
        for item in Organiser.objects.published()
    ]


def topics(request):
    return [
        {
            **common(request, item),
            "section": item.section,
            "section_label": labels(item, "section"),
            "order": item.order,
            "title": texts(item, "title"),
            "summary": texts(item, "summary"),
            "body": texts(item, "body", rich=True),
            "situation_year": item.situation_year,
        }
        for item in Topic.objects.published()
    ]


def service_channels(request):
    return [
        {
            **common(request, item),
            "channel_type": item.channel_type,
            "channel_type_label": labels(item, "channel_type"),
            "order": item.order,
            "name": texts(item, "name"),
            "offers": texts(item, "offers"),
            "when": texts(item, "when"),
            "url": item.url,
            "phone_number": item.phone_number,
            "address": texts(item, "address"),
            "hours": texts(item, "hours"),
            "languages": item.service_languages(),
        }
        for item in ServiceChannel.objects.published()
    ]


# The service channel types of the Suomi.fi Service Catalogue (PTV) by ours.
PTV_TYPES = {
    ServiceChannel.Type.ELECTRONIC: "EChannel",
    ServiceChannel.Type.PHONE: "Phone",
    ServiceChannel.Type.WEB_PAGE: "WebPage",
    ServiceChannel.Type.PRINTABLE_FORM: "PrintableForm",
    ServiceChannel.Type.SERVICE_LOCATION: "ServiceLocation",
}


def ptv_texts(channel, field, kind):
    """PTV's localised texts: a {language, value, type} for each language it is written in."""
    return [
        {"language": code, "value": text, "type": kind}
        for code in language_codes()
        if (text := getattr(channel, build_localized_fieldname(field, code)))
    ]


def ptv_service_channels(request):
    """The published service channels in the shape PTV's service channel records take."""
    result = []
    for channel in ServiceChannel.objects.published():
        languages = channel.service_languages()
        result.append(
            {
                "sourceId": channel.key,
                "serviceChannelType": PTV_TYPES[channel.channel_type],
                "serviceChannelNames": ptv_texts(channel, "name", "Name"),
                "serviceChannelDescriptions": [
                    *ptv_texts(channel, "offers", "Summary"),
                    *ptv_texts(channel, "when", "Description"),
                ],
                "languages": languages,
                "webPages": [{"url": channel.url, "language": code} for code in languages]
                if channel.url
                else [],
                "phoneNumbers": [{"number": channel.phone_number, "serviceChargeType": ""}]
                if channel.phone_number
                else [],
                "addresses": [
                    {"type": "Location", "streetAddress": ptv_texts(channel, "address", "Street")}
                ]
                if channel.address_fi
                else [],
                "serviceHours": [{"additionalInformation": ptv_texts(channel, "hours", "Hours")}]
                if channel.hours_fi
                else [],
            }
        )
    return result


def communication_channels(request):
    return [
        {
            **common(request, item),
            "kind": item.kind,
            "kind_label": labels(item, "kind"),
            "platform": item.platform,
            "order": item.order,
            "name": texts(item, "name"),
            "name_language": item.name_language,
            "description": texts(item, "description"),
            "url": item.url,
            "email": item.email,
        }
        for item in CommunicationChannel.objects.published()
    ]


def guide(request):
    """The guide's questions a visitor can reach, each with its published rules whose
    recommended channel or topic is published (as the guide recommends them)."""
    rules = (
        GuideRule.objects.published()
        .filter(Q(channel__is_published=True) | Q(topic__is_published=True))
        .select_related("channel", "topic")
    )
    questions = reachable(
        list(
            GuideQuestion.objects.published()
            .select_related("follows")
            .prefetch_related(Prefetch("rules", queryset=rules, to_attr="public_rules"))
        ),
        lambda question: question.follows_id,
    )
    return [
        {
            **common(request, question),
            "order": question.order,
            "text": texts(question, "text"),
            "follows": question.follows.key if question.follows else None,
            "follows_answer": question.follows_answer,
            "rules": [
                {
                    "key": rule.key,
                    "answer": rule.answer,
                    "channel": rule.channel.key if rule.channel else None,
                    "topic": rule.topic.key if rule.topic else None,
                    "reason": texts(rule, "reason"),
                    "staff_action": texts(rule, "staff_action"),
                    "customer_action": texts(rule, "customer_action"),
                    "url": rule.url,
                }
                for rule in question.public_rules
            ],
        }
        for question in questions
    ]


def value(item):
    return {
        "year": item.year,
        "reference_year": item.reference_year,
        "value": item.value,
        "note": texts(item, "note"),
    }


def statistic_fields(statistic):
    return {
        "group": statistic.group,
        "group_label": labels(statistic, "group"),
        "unit": statistic.unit,
        "label": texts(statistic, "label"),
        "explanation": texts(statistic, "explanation"),
    }


def statistics(request):
    """Every published statistic in page order, with its values of the years the statistics
    page shows (a year being entered is left out until all its figures are published)."""
    values = published_values().filter(year__in=published_years()).order_by("-year")
    items = Statistic.objects.published().prefetch_related(
        Prefetch("values", queryset=values, to_attr="public_values")
    )
    return [
        {
            **common(request, statistic),
            **statistic_fields(statistic),
            "order": statistic.order,
            "values": [value(item) for item in statistic.public_values],
        }
        for statistic in sorted(items, key=page_order)
    ]


def year_figures(year):
    """The figures of a year the statistics page shows, in page order; None for another."""
    if year not in published_years():
        return None
    values = (
        published_values()
        .filter(year=year, statistic__in=Statistic.objects.published())
        .select_related("statistic")
    )
    return [
        {"key": item.statistic.key, **statistic_fields(item.statistic), "value": value(item)}
        for item in sorted(values, key=lambda item: page_order(item.statistic))
    ]
