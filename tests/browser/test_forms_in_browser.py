"""Forms' error state in Chromium: the error summary takes focus, with and without JavaScript,
its links lead to the fields, and the page has no axe violations."""

import pytest

from tests.browser.conftest import run_axe
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.browser

FEEDBACK = {"fi": "/fi/palaute/", "sv": "/sv/respons/", "en": "/en/feedback/"}


def active(page):
    return page.evaluate(
        "() => { const e = document.activeElement; return e.id || e.className || e.tagName; }"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_error_summary_takes_focus_and_links_to_the_field(loaded_live, new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto(FEEDBACK["en"])
    page.fill("#id_email", "not-an-address")
    page.click("main button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert active(page) == "error-summary"
    assert page.title().startswith("Error: ")
    page.keyboard.press("Tab")  # the first link in the summary
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#id_message"
    page.keyboard.press("Enter")
    assert active(page) == "id_message"
    label_top = page.evaluate(
        "() => document.querySelector('label[for=id_message]').getBoundingClientRect().top"
    )
    if javascript:  # the enhancement scrolls the label into view too, as GOV.UK's script does
        assert label_top > -1, "the field's label is in view"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_error_state_has_no_axe_violations(loaded_live, new_page, lang):
    page = new_page()
    page.goto(FEEDBACK[lang])
    page.click("main button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert run_axe(page) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_6000_character_message_is_kept_whole_and_refused_with_a_message(
    loaded_live, new_page, javascript
):
    page = new_page(java_script_enabled=javascript)
    page.goto(FEEDBACK["en"])
    message = "Saavutettavuus." * 400  # 6,000 characters
    page.fill("#id_message", message[:-15])  # pasted
    page.locator("#id_message").press_sequentially(message[-15:])  # and typed on
    assert page.input_value("#id_message") == message
    if javascript:
        assert page.inner_text(".character-count-status") == "Characters too many: 1,000"
    page.click("main button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert "Remove 1,000 characters." in page.inner_text(".error-summary")
    assert page.input_value("#id_message") == message


COUNT = {
    "fi": ("Merkkejä jäljellä: 5\u00a0000", "Merkkejä jäljellä: 4\u00a0997"),
    "sv": ("Tecken kvar: 5\u00a0000", "Tecken kvar: 4\u00a0997"),
    "en": ("Characters left: 5,000", "Characters left: 4,997"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_character_count_follows_the_typing_in_the_pages_language(loaded_live, new_page, lang):
    page = new_page()
    page.goto(FEEDBACK[lang])
    assert page.inner_text(".character-count-status") == COUNT[lang][0]
    page.locator("#id_message").press_sequentially("Hej")
    assert page.inner_text(".character-count-status") == COUNT[lang][1]
    assert page.get_attribute(".character-count-status", "aria-hidden") == "true"
    spoken = page.locator(".character-count [aria-live=polite]")
    spoken.filter(has_text=COUNT[lang][1]).wait_for()  # said once typing pauses
