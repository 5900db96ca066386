"""Text at 320 px: long Finnish and Swedish words may break with a hyphen (hyphens: auto, in
the language the lang attributes give), rather than anywhere or out of the page."""

import pytest

pytestmark = pytest.mark.browser

ORGANISATION = {"fi": "/fi/organisaatio/", "sv": "/sv/organisation/"}

# Elements of <main> holding a word of 20 letters or more: (word, hyphens, language).
LONG_WORDS = """() => [...document.querySelectorAll('main *')].flatMap(element => {
    const own = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(' ');
    const words = own.match(/[\\p{L}]{20,}/gu) || [];
    const style = getComputedStyle(element);
    return words.map(word => [word, style.hyphens, element.closest('[lang]').lang]);
})"""


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_long_words_may_break_with_a_hyphen_at_320_px(loaded_live, new_page, lang):
    page = new_page(viewport={"width": 320, "height": 800})
    page.goto(ORGANISATION[lang])
    found = page.evaluate(LONG_WORDS)
    assert found, "the page has long words"
    if lang == "fi":
        assert "Asiantuntijalääkäriyksikkö" in [word for word, _h, _l in found]
    assert [(word, hyphens) for word, hyphens, _l in found if hyphens != "auto"] == []
    assert {language for _w, _h, language in found} == {lang}
