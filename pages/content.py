"""Content of the pages app: data/pages.json names each page's title and summary in each
language; its body is data/<key>.<language>.html, cleaned as the admin cleans an editor's text
(so that loading the files again finds nothing changed). data/contacts.json holds the contact
details the pages give, each with its source page and the day it was checked there."""

from pathlib import Path

from publishing.loading import content_loader, read_json, translated
from publishing.richtext import clean_html

from .models import Contact, Page

DATA = Path(__file__).resolve().parent / "data"


@content_loader
def load(importer):
    for item in read_json(DATA / "contacts.json"):
        plain = ("key", "updated_at", "order", "checked_on", "privacy_notice", "accessibility")
        record = {name: item[name] for name in plain}
        record.update(translated("name", item["name"]))
        record.update(
            translated(
                "details", {code: clean_html(text) for code, text in item["details"].items()}
            )
        )
        record.update(translated("source_url", item["source_url"]))
        importer.write(Contact, record)
    for item in read_json(DATA / "pages.json"):
        key = item["key"]
        body = {
            path.name.split(".")[1]: clean_html(path.read_text(encoding="utf-8").strip())
            for path in sorted(DATA.glob(f"{key}.*.html"))
        }
        record = {
            "key": key,
            "updated_at": item["updated_at"],
            **translated("title", item["title"]),
        }
        record.update(translated("summary", item["summary"]))
        record.update(translated("body", body))
        importer.write(Page, record)
