"""Content of the stats app, loaded from data/statistics.json (see kela_portal.content)."""

from pathlib import Path

from kela_portal.content import read_json

from .models import Statistic, StatisticValue

DATA = Path(__file__).resolve().parent / "data" / "statistics.json"


def translated(name, texts):
    """{"fi": ..., "sv": ...} as language-suffixed field values: name_fi, name_sv, ..."""
    return {f"{name}_{code}": text for code, text in texts.items()}


def load(loader):
    data = read_json(DATA)
    for item in data["statistics"]:
        statistic = loader.upsert(
            Statistic,
            item["key"],
            {
                "group": item["group"],
                "unit": item["unit"],
                "order": item["order"],
                **translated("label", item["label"]),
                **translated("explanation", item["explanation"]),
            },
        )
        for value in item["values"]:
            loader.upsert(
                StatisticValue,
                f"{item['key']}-{value['year']}",
                {
                    "statistic": statistic,
                    "year": value["year"],
                    "reference_year": value["reference_year"],
                    "value": value["value"],
                    **translated("note", data["notes"][value["note"]]),
                },
            )
