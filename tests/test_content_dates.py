"""The content's own dates: every item of the content files says when its text was written or
last checked, and a fresh install shows those days as "Last updated", not the day it was
installed."""

import datetime
import json

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from organisation.models import Unit
from partners.models import Topic
from publishing.transfer import content_models
from tests.helpers import ROOT
from tests.test_last_updated import shown_date


def data_items():
    """(file, item) of every item in the content files, the parts of an item included."""
    for path in sorted(ROOT.glob("*/data/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("units") or data.get("statistics") or data.get("contacts")
        for item in data:
            yield path.relative_to(ROOT), item


def test_every_item_of_the_content_files_has_a_date():
    items = list(data_items())
    assert len(items) > 90
    undated = [f"{path} {item['key']}" for path, item in items if "updated_at" not in item]
    assert undated == []
    for path, item in items:
        day = datetime.date.fromisoformat(item["updated_at"])
        assert datetime.date(2020, 1, 1) <= day <= timezone.localdate(), (path, item["key"])


def test_a_fresh_install_shows_the_days_of_the_content_files(db):
    """Installed on a later day, every item still shows the day of its text."""
    with time_machine.travel(datetime.datetime(2031, 5, 4, 12, tzinfo=datetime.UTC)):
        call_command("load_content", verbosity=0)
    shown = {
        timezone.localdate(item.updated_at)
        for model in content_models()
        for item in model.objects.all()
    }
    assert shown <= {datetime.date.fromisoformat(item["updated_at"]) for _p, item in data_items()}


def file_dates(data_file):
    """{key: date} of the items of one content file."""
    return {
        item["key"]: item["updated_at"] for path, item in data_items() if str(path) == data_file
    }


def test_a_page_shows_the_date_of_its_content_after_a_fresh_load(client, loaded, lang):
    topics, pages = file_dates("partners/data/topics.json"), file_dates("pages/data/pages.json")
    # A top-level unit's page shows the top-level units (itself and those beside it).
    units = json.loads((ROOT / "organisation/data/units.json").read_text(encoding="utf-8"))
    top_units = max(unit["updated_at"] for unit in units["units"] if unit["parent"] is None)
    with translation.override(lang):
        expected = {
            Topic.objects.get(key="reform").get_absolute_url(): topics["reform"],
            Unit.objects.get(key="communications-unit").get_absolute_url(): top_units,
            reverse("privacy"): pages["privacy"],
        }
    assert {path: shown_date(client, path) for path in expected} == expected
