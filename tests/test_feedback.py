import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Feedback, months_before
from tests.helpers import elements

FORM_PATHS = {"fi": "/fi/palaute/", "sv": "/sv/respons/", "en": "/en/feedback/"}


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_form_prefills_the_page_address(client, db, lang):
    response = client.get(FORM_PATHS[lang], {"page": f"/{lang}/"})
    assert response.status_code == 200
    assert f'value="/{lang}/"' in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.parametrize(
    ("lang", "confirmation"),
    [
        ("fi", "vastaamme kahden viikon kuluessa"),
        ("sv", "svarar vi inom två veckor"),
        ("en", "we answer within two weeks"),
    ],
)
def test_feedback_is_stored_and_confirmed(client, db, lang, confirmation):
    response = client.post(
        FORM_PATHS[lang], {"message": "Kontrasti on heikko.", "page_url": "/fi/"}, follow=True
    )
    assert response.status_code == 200
    assert confirmation in response.content.decode()
    item = Feedback.objects.get()
    assert item.message == "Kontrasti on heikko."
    assert item.status == Feedback.Status.NEW
    assert item.language == lang
    with translation.override(lang):
        assert response.redirect_chain[-1][0] == reverse("feedback_thanks")


@pytest.mark.parametrize("message", ["", "   "])
def test_empty_message_is_rejected_with_a_message(client, db, message):
    response = client.post(FORM_PATHS["en"], {"message": message})
    assert response.status_code == 200
    assert "Write your feedback before sending." in response.content.decode()
    assert Feedback.objects.count() == 0


def test_honeypot_is_rejected(client, db):
    response = client.post(FORM_PATHS["en"], {"message": "Buy now", "website": "http://spam"})
    assert response.status_code == 200
    assert Feedback.objects.count() == 0


LIMIT_HINT = {
    "fi": "Voit kirjoittaa enintään 5\xa0000 merkkiä.",
    "sv": "Du kan skriva högst 5\xa0000 tecken.",
    "en": "You can enter up to 5,000 characters.",
}
TOO_LONG = {
    "fi": "Palautteessa voi olla enintään 5\xa0000 merkkiä. Poista 1\xa0000 merkkiä.",
    "sv": "Responsen får vara högst 5\xa0000 tecken lång. Ta bort 1\xa0000 tecken.",
    "en": "Your feedback must be 5,000 characters or fewer. Remove 1,000 characters.",
}


def message_box(html):
    return next(a for a in elements(html, "textarea") if a["name"] == "message")


def test_the_limit_is_said_up_front_and_nothing_cuts_the_text(client, db, lang):
    html = client.get(FORM_PATHS[lang]).content.decode()
    box = message_box(html)
    assert "maxlength" not in box
    hint = re.search(rf'<p class="hint" id="{box["aria-describedby"]}">(.*?)</p>', html)
    assert hint and hint.group(1) == LIMIT_HINT[lang]
    assert html.index(hint.group(0)) < html.index("<textarea")


def test_a_too_long_message_is_refused_with_a_message_and_kept_whole(client, db, lang):
    message = "Saavutettavuus." * 400  # 6,000 characters
    response = client.post(FORM_PATHS[lang], {"message": message})
    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_LONG[lang] in html
    assert "maxlength" not in message_box(html)
    kept = re.search(r'<textarea name="message"[^>]*>\n?(.*?)</textarea>', html, re.S).group(1)
    assert kept == message
    assert Feedback.objects.count() == 0


def test_a_message_of_exactly_the_limit_is_stored(client, db):
    assert client.post(FORM_PATHS["en"], {"message": "x" * 5000}).status_code == 302
    assert len(Feedback.objects.get().message) == 5000


def test_a_line_break_counts_as_one_character_as_in_the_browser(client, db):
    # Browsers send a line break as CR LF, and count it as one character (textarea.value).
    message = "rivi\r\n" * 1000  # 5,000 characters as typed, 6,000 as sent
    assert client.post(FORM_PATHS["en"], {"message": message}).status_code == 302
    assert Feedback.objects.get().message == ("rivi\n" * 1000).strip()


def test_the_database_refuses_a_message_over_the_limit(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(message="x" * 5001, language="en")


def test_too_many_posts_from_one_address(client, db):
    statuses = [
        client.post(FORM_PATHS["fi"], {"message": f"Viesti {i}"}).status_code for i in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert Feedback.objects.count() == 5


def test_editors_see_feedback_with_status(admin_client, db):
    Feedback.objects.create(message="Hyvä sivusto", language="fi")
    response = admin_client.get("/admin/feedback/feedback/")
    assert response.status_code == 200
    assert "uusi" in response.content.decode() or "new" in response.content.decode()


# --- Retention and answer time ------------------------------------------------------------


def received(days_ago=0, *, now, **fields):
    """A stored message that arrived `days_ago` days before now."""
    item = Feedback.objects.create(message=f"{days_ago} days old", language="fi", **fields)
    Feedback.objects.filter(pk=item.pk).update(created_at=now - datetime.timedelta(days=days_ago))
    return item


def run_retention():
    out = io.StringIO()
    call_command("delete_old_feedback", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("months", "kept_days", "deleted_days"), [(24, 729, 732), (6, 180, 185)])
def test_retention_command_deletes_only_messages_older_than_the_period(
    db, settings, months, kept_days, deleted_days
):
    settings.FEEDBACK_RETENTION_MONTHS = months
    now = timezone.now()
    kept = [received(0, now=now), received(kept_days, now=now, status="answered")]
    received(deleted_days, now=now)
    received(deleted_days + 400, now=now, name="Maija", email="maija@example.fi")
    assert f"Deleted 2 feedback messages older than {months} months." in run_retention()
    assert sorted(Feedback.objects.values_list("pk", flat=True)) == sorted(k.pk for k in kept)
    assert "Deleted 0" in run_retention()


def test_retention_period_counts_calendar_months():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 15) == datetime.datetime(2024, 12, 31, 12, tzinfo=datetime.UTC)


def test_admin_shows_how_old_each_unanswered_message_is_against_14_days(admin_client, db):
    now = timezone.now()
    received(3, now=now)
    received(20, now=now)
    received(30, now=now, status="answered")
    html = admin_client.get("/admin/feedback/feedback/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "age and answer time (14 days)" in html.lower() or "Age and answer time (14 days)" in html
    )
    assert "3 days old: 11 days left" in html
    assert "20 days old: answer 6 days late" in html
    assert "30 days old" not in html
