"""Content of the stats app: data/statistics.json, each figure with its yearly values."""

from pathlib import Path

from publishing.loading import content_loader, read_json, translated

from .models import Statistic, StatisticValue

DATA = Path(__file__).resolve().parent / "data" / "statistics.json"


@content_loader
def load(importer):
    data = read_json(DATA)
    for item in data["statistics"]:
        importer.write(
            Statistic,
            {
                **{name: item[name] for name in ("key", "group", "unit", "order", "updated_at")},
                **translated("label", item["label"]),
                **translated("explanation", item["explanation"]),
            },
        )
        for value in item["values"]:
            importer.write(
                StatisticValue,
                {
                    "key": f"{item['key']}-{value['year']}",
                    "statistic": item["key"],
                    # A yearly value is part of its statistic's text and dated with it.
                    "updated_at": item["updated_at"],
                    **{name: value[name] for name in ("year", "reference_year", "value")},
                    **translated("note", data["notes"][value["note"]]),
                },
            )
