"""Content of the partners app, loaded from its data files (see kela_portal.content).

Translated values are written in the data files as {"fi": ..., "sv": ..., "en": ...}.
"""

from pathlib import Path

from kela_portal.content import read_json

from .models import (
    CommunicationChannel,
    GuideQuestion,
    GuideRule,
    Organiser,
    ServiceChannel,
    Topic,
)

DATA = Path(__file__).resolve().parent / "data"


def values(item, plain, translated):
    """The loader's values of a data item: plain fields as they are, translated per language."""
    result = {name: item[name] for name in plain if name in item}
    for name in translated:
        for code, text in item[name].items():
            result[f"{name}_{code}"] = text
    return result


def load(loader):
    for item in read_json(DATA / "organisers.json"):
        loader.upsert(Organiser, item["key"], values(item, ["kind", "order"], ["name", "slug"]))
    topics = {
        item["key"]: loader.upsert(
            Topic,
            item["key"],
            values(item, ["section", "order"], ["title", "slug", "summary", "body"]),
        )
        for item in read_json(DATA / "topics.json")
    }
    channels = {
        item["key"]: loader.upsert(
            ServiceChannel, item["key"], values(item, ["url", "order"], ["name", "offers", "when"])
        )
        for item in read_json(DATA / "service_channels.json")
    }
    for item in read_json(DATA / "communication_channels.json"):
        loader.upsert(
            CommunicationChannel,
            item["key"],
            values(
                item,
                ["kind", "platform", "name_language", "url", "email", "order"],
                ["name", "description"],
            ),
        )
    for item in read_json(DATA / "guide.json"):
        question = loader.upsert(GuideQuestion, item["key"], values(item, ["order"], ["text"]))
        for order, rule in enumerate(item["rules"], start=1):
            loader.upsert(
                GuideRule,
                rule["key"],
                {
                    "question": question,
                    "answer": rule["answer"],
                    "channel": channels.get(rule.get("channel")),
                    "topic": topics.get(rule.get("topic")),
                    "order": order,
                    **values(rule, [], ["reason"]),
                },
            )
