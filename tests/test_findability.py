"""Findable by search engines: sitemap, robots.txt, titles, descriptions, canonical, JSON-LD."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from organisation.models import Unit
from tests.conftest import LANGUAGES
from tests.helpers import elements
from tests.pages import public_pages

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_published_unit_in_three_languages(client, loaded):
    urls = sitemap_urls(client)
    for unit in Unit.objects.published():
        for lang in LANGUAGES:
            with translation.override(lang):
                location = "http://testserver" + unit.get_absolute_url()
            assert location in urls
            assert set(urls[location]) == {"fi", "sv", "en", "x-default"}


def test_sitemap_leaves_out_unpublished_items(client, loaded):
    unit = Unit.objects.get(key="medical-advisory-unit")
    unit.is_published = False
    unit.save()
    urls = sitemap_urls(client)
    assert not [url for url in urls if unit.slug_fi in url or unit.slug_en in url]


def test_sitemap_leaves_out_units_under_an_unpublished_parent(client, loaded):
    parent = Unit.objects.get(key="local-customer-service")
    parent.is_published = False
    parent.save()
    child = Unit.objects.get(key="southern-customer-service-unit")
    urls = sitemap_urls(client)
    assert not [url for url in urls if child.slug_en in url or child.slug_fi in url]
    assert client.get(f"/en/organisation/{child.slug_en}/").status_code == 404


def test_robots_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_own_title_description_and_canonical(client, loaded, lang):
    """…and an address of no page (404) names no canonical address nor og:url."""
    titles = {}
    for label, path in public_pages(lang):
        response = client.get(path)
        html = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        titles.setdefault(title, []).append(label)
        metas = {
            m.get("name") or m.get("property"): m.get("content") for m in elements(html, "meta")
        }
        assert metas.get("description"), label
        assert metas.get("og:title") and metas.get("og:locale"), label
        canonical = [link for link in elements(html, "link") if link.get("rel") == "canonical"]
        found = response.status_code != 404
        expected = (1, True) if found else (0, False)
        assert (len(canonical), bool(metas.get("og:url"))) == expected, label
    assert {title: labels for title, labels in titles.items() if len(labels) > 1} == {}


def test_home_page_describes_kela_as_a_government_organisation(client, lang):
    html = client.get(f"/{lang}/").content.decode()
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    organisation = json.loads(data)
    assert organisation["@type"] == "GovernmentOrganization"
    assert "Kela" in organisation["alternateName"]
