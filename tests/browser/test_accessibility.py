import pytest

from tests.browser.conftest import run_axe
from tests.conftest import LANGUAGES
from tests.pages import public_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_no_axe_violations(loaded_live, new_page, lang):
    page = new_page()
    problems = []
    for label, path in public_pages(lang):
        page.goto(path)
        problems += [f"{lang} {label} {path}: {line}" for line in run_axe(page)]
    assert problems == [], "\n".join(problems)


def test_axe_finds_a_known_violation(loaded_live, new_page):
    page = new_page()
    page.goto("/fi/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt") for line in run_axe(page))


@pytest.mark.parametrize(
    ("width", "scale"),
    [(320, 1), (640, 2)],  # a small phone, and 200 % zoom of a 1280 px wide window
)
def test_no_horizontal_scrolling(loaded_live, new_page, width, scale):
    page = new_page(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    too_wide = []
    for lang in LANGUAGES:
        for label, path in public_pages(lang):
            page.goto(path)
            scroll, client = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                too_wide.append(f"{lang} {label} {path}: {scroll} > {client}")
    assert too_wide == []


def focused(page):
    return page.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName, text: e.textContent.trim(), href: e.getAttribute('href'),
                hreflang: e.getAttribute('hreflang'), outline: s.outlineStyle,
                nav: e.closest('nav') ? e.closest('nav').getAttribute('aria-label') : null}; }"""
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_order_and_visible_focus(loaded_live, new_page, lang):
    page = new_page()
    page.goto(f"/{lang}/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#main"
    assert first["outline"] != "none"
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["outline"] != "none", f"focus not visible on {element}"
        seen.append(element)
    languages = [i for i, e in enumerate(seen) if e["hreflang"]]
    main_nav = [i for i, e in enumerate(seen) if e["href"] and "organis" in e["href"]]
    assert len(languages) == 3
    assert main_nav and max(languages) < min(main_nav)
    page.keyboard.press("Shift+Tab")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_skip_link_moves_focus_to_main(loaded_live, new_page, lang):
    page = new_page()
    page.goto(f"/{lang}/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_guide_can_be_answered_with_the_keyboard_alone(loaded_live, new_page):
    """Answering "no" to each question as it comes up (arrow key), sending with Enter."""
    page = new_page()
    page.goto("/en/partners/refer-a-customer/")
    answer = page.get_by_role("heading", name="Recommended for this customer")
    sent = 0
    while not answer.is_visible() and sent < 4:
        for _ in range(80):
            page.keyboard.press("Tab")
            element = page.evaluate(
                """() => { const e = document.activeElement;
                const guide = e.form && e.form.querySelector('input[type=radio]');
                return {type: e.type, inGuide: !!guide, answered: !!(e.form && e.name
                    && e.form.querySelector(`input[name="${e.name}"]:checked`))}; }"""
            )
            if element["type"] == "radio" and not element["answered"]:
                page.keyboard.press("ArrowDown")  # from "Yes" to "No", which it checks
            elif element["type"] == "submit" and element["inGuide"]:
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                sent += 1
                break
    assert sent == 3  # one question at a time, three on the longest path
    assert "work-ability=no" in page.url and "complex=no" in page.url
    assert answer.is_visible()


TABLES_AT_WIDTH = """() => [...document.querySelectorAll('main table')].map((table) => {
    const region = table.closest('[role=region]');
    const box = (region || table.parentElement).getBoundingClientRect();
    const named = (element) => element && (element.getAttribute('aria-label')
        || (element.getAttribute('aria-labelledby') || '').split(' ')
            .map((id) => document.getElementById(id)?.textContent || '').join(' ')).trim();
    const hint = region && document.getElementById(region.getAttribute('aria-describedby'));
    return {
        caption: table.caption ? table.caption.textContent.trim() : '',
        fits: table.getBoundingClientRect().right <= document.documentElement.clientWidth
              && table.scrollWidth <= box.width + 1,
        region: Boolean(region), focusable: Boolean(region) && region.tabIndex === 0,
        name: named(region), hint: hint && hint.checkVisibility() ? hint.textContent.trim() : '',
    };
})"""


def test_at_320_px_every_table_fits_or_scrolls_in_a_labelled_focusable_region(
    loaded_live, new_page
):
    page = new_page(viewport={"width": 320, "height": 800})
    problems = []
    tables = 0
    for lang in LANGUAGES:
        for label, path in public_pages(lang):
            page.goto(path)
            for table in page.evaluate(TABLES_AT_WIDTH):
                tables += 1
                if table["fits"]:
                    continue
                if not (table["focusable"] and table["name"] and table["hint"]):
                    problems.append(f"{lang} {label} {path}: {table}")
    assert tables >= 2 * len(LANGUAGES)  # the statistics page's two tables, at least
    assert problems == [], "\n".join(problems)
