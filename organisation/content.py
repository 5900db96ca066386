"""Content of the organisation app: data/units.json, each parent listed before its children."""

from pathlib import Path

from publishing.loading import content_loader, read_json, translated

from .models import Unit

DATA = Path(__file__).resolve().parent / "data" / "units.json"
TRANSLATED = ("name", "slug", "summary", "responsibilities")


@content_loader
def load(importer):
    for item in read_json(DATA)["units"]:
        record = {name: item[name] for name in ("key", "kind", "parent", "order", "updated_at")}
        for field in TRANSLATED:
            record.update(translated(field, item[field]))
        importer.write(Unit, record)
