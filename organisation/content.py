"""Content of the organisation app, loaded from data/units.json (see kela_portal.content)."""

from pathlib import Path

from modeltranslation.settings import AVAILABLE_LANGUAGES

from kela_portal.content import read_json

from .models import Unit

DATA = Path(__file__).resolve().parent / "data" / "units.json"
TRANSLATED = ("name", "slug", "summary", "responsibilities")


def load(loader):
    """Load every unit; the data file lists each parent before its children."""
    units = {}
    for item in read_json(DATA)["units"]:
        values = {
            "kind": item["kind"],
            "parent": units[item["parent"]] if item["parent"] else None,
            "order": item["order"],
        }
        for field in TRANSLATED:
            for language in AVAILABLE_LANGUAGES:
                values[f"{field}_{language}"] = item[field][language]
        units[item["key"]] = loader.upsert(Unit, item["key"], values)
