"""Content of the partners app, loaded from its data files.

Translated values are written in the data files as {"fi": ..., "sv": ..., "en": ...}; each
item's "updated_at" is the day its text was written or last checked.
"""

from pathlib import Path

from publishing.loading import content_loader, read_json, translated

from .models import (
    CommunicationChannel,
    GuideQuestion,
    GuideRule,
    Organiser,
    ServiceChannel,
    Topic,
)

DATA = Path(__file__).resolve().parent / "data"


def record(item, plain, translated_fields):
    """The record of a data item: its key and plain fields as they are, the rest translated
    (a translated field the item leaves out is empty)."""
    result = {name: item[name] for name in ("key", "updated_at", *plain) if name in item}
    for name in translated_fields:
        result.update(translated(name, item.get(name, {})))
    return result


@content_loader
def load(importer):
    for item in read_json(DATA / "organisers.json"):
        importer.write(Organiser, record(item, ["kind", "order"], ["name", "slug"]))
    for item in read_json(DATA / "topics.json"):
        importer.write(
            Topic,
            record(
                item, ["section", "situation_year", "order"], ["title", "slug", "summary", "body"]
            ),
        )
    for item in read_json(DATA / "service_channels.json"):
        importer.write(
            ServiceChannel,
            record(
                item,
                ["channel_type", "url", "phone_number", "languages", "order"],
                ["name", "offers", "when", "address", "hours"],
            ),
        )
    for item in read_json(DATA / "communication_channels.json"):
        importer.write(
            CommunicationChannel,
            record(
                item,
                ["kind", "platform", "name_language", "url", "email", "order"],
                ["name", "description"],
            ),
        )
    for item in read_json(DATA / "guide.json"):
        importer.write(
            GuideQuestion,
            {
                **record(item, ["order"], ["text"]),
                "follows": item.get("follows"),
                "follows_answer": item.get("follows_answer"),
            },
        )
        for order, rule in enumerate(item["rules"], start=1):
            importer.write(
                GuideRule,
                {
                    **record(
                        rule, ["answer", "url"], ["reason", "staff_action", "customer_action"]
                    ),
                    "question": item["key"],
                    # A rule is part of its question's text and dated with it.
                    "updated_at": item["updated_at"],
                    "channel": rule.get("channel"),
                    "topic": rule.get("topic"),
                    "order": order,
                },
            )
