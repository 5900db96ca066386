import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from feedback.models import Feedback

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


def test_too_long_message_is_rejected(client, db):
    response = client.post(FORM_PATHS["en"], {"message": "x" * 5001})
    assert response.status_code == 200
    assert Feedback.objects.count() == 0


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
