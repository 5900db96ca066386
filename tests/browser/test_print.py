"""Printed pages, in Chromium's print emulation: the content only, the organisation chart
whole, and the address of each link to another site written after it."""

import pytest
from django.utils import translation

from organisation.models import Unit
from partners.models import Topic

pytestmark = pytest.mark.browser

ORGANISATION = {"fi": "/fi/organisaatio/", "sv": "/sv/organisation/", "en": "/en/organisation/"}


def printed(new_page, path):
    page = new_page()
    page.emulate_media(media="print")
    page.goto(path)
    return page


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_printed_organisation_chart_shows_every_unit(loaded_live, new_page, lang):
    page = printed(new_page, ORGANISATION[lang])
    with translation.override(lang):
        names = sorted(str(unit.name) for unit in Unit.objects.published())
    links = page.locator(".org-chart a")
    shown = sorted(
        links.nth(i).inner_text().strip() for i in range(links.count()) if links.nth(i).is_visible()
    )
    assert len(names) == 21
    assert shown == names


def test_a_printed_topic_gives_the_address_of_each_external_link(loaded_live, new_page):
    topic = Topic.objects.get(key="rehabilitation-referral")
    with translation.override("en"):
        page = printed(new_page, topic.get_absolute_url())
    link = page.locator("main a[href^='https://www.kela.fi/']").first
    href = link.get_attribute("href")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert href in after, f"printed after the link: {after!r}"


@pytest.mark.parametrize(
    "chrome",
    [
        "nav",
        ".header-search",
        ".skip-link",
        ".site-footer a[href*='feedback'], .site-footer a[href*='palaute']",
    ],
)
def test_print_leaves_out_navigation_search_and_feedback(loaded_live, new_page, chrome):
    page = printed(new_page, ORGANISATION["en"])
    elements = page.locator(chrome)
    assert elements.count() > 0
    assert not any(elements.nth(i).is_visible() for i in range(elements.count()))
