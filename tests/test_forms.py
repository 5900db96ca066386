"""Forms in GOV.UK's pattern: in its error state every form we render shows an error summary
at the top that takes focus and links to each field in error, the message next to the field,
and "Error:" before the page title."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.helpers import elements

TITLE_PREFIX = {"fi": "Virhe:", "sv": "Fel:", "en": "Error:"}


def feedback_errors(client, lang):
    """The feedback form sent with an empty message and a malformed e-mail address."""
    with translation.override(lang):
        path = reverse("feedback")
    return client.post(path, {"message": "", "email": "not-an-address"}), ["message", "email"]


def guide_errors(client, lang):
    """The referral guide's second question sent without an answer."""
    with translation.override(lang):
        path = reverse("partners:guide")
    return client.get(path, {"work-ability": "no", "asked": "online"}), ["online"]


# Each form we render, and how to reach its error state: (response, names of fields in error).
FORM_ERRORS = {"feedback": feedback_errors, "guide": guide_errors}


def error_summary(html):
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>\s*</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


@pytest.mark.parametrize("form", FORM_ERRORS)
def test_every_form_error_state_has_a_summary_linking_to_the_fields(client, loaded, lang, form):
    response, names = FORM_ERRORS[form](client, lang)
    assert response.status_code == 200
    html = response.content.decode()

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.startswith(TITLE_PREFIX[lang] + " ")

    summary = error_summary(html)
    attrs = elements(summary, "div")[0]
    assert attrs["tabindex"] == "-1" and "autofocus" in attrs
    assert html.index(summary) < html.index("<h1"), "the summary comes before the heading"
    assert 'role="alert"' in summary

    targets = [a["href"] for a in elements(summary, "a")]
    assert len(targets) == len(names)
    inputs = {a.get("id"): a for tag in ("input", "textarea") for a in elements(html, tag)}
    for name, target in zip(names, targets, strict=True):
        field_id = target.removeprefix("#")
        field = inputs[field_id]
        assert field["name"] == name
        assert field["aria-invalid"] == "true"
        message_id = f"id_{name}_error"
        described = field.get("aria-describedby", "")
        fieldset = re.search(rf'<fieldset[^>]*aria-describedby="[^"]*{message_id}', html)
        assert message_id in described.split() or fieldset, f"{name}: message not linked"
        message = re.search(rf'<p class="error-message" id="{message_id}">(.*?)</p>', html, re.S)
        assert message, f"{name}: no message next to the field"
        link_text = re.search(rf'<a href="{target}">(.*?)</a>', summary).group(1)
        assert link_text in message.group(1)


def test_a_form_without_errors_has_no_summary(client, loaded, lang):
    with translation.override(lang):
        html = client.get(reverse("feedback")).content.decode()
    assert "error-summary" not in html
    assert not re.search(r"<title>(Virhe|Fel|Error):", html)
