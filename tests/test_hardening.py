"""Production hardening: links, inputs, downloads, passwords, robots.txt, headers, imports."""

import pytest

from tests.helpers import language_links


@pytest.mark.parametrize("encoded", [True, False], ids=["%2F", "//"])
def test_not_found_page_links_only_to_this_site(client, loaded, lang, encoded):
    """A 404 reached through a path that looks like another host offers language links that
    all stay on this site, never to that host."""
    if encoded:
        response = client.get(f"/%2Fevil.example/{lang}/")
    else:
        # As a server passes it on: the test client itself would read // as a host name.
        response = client.get("/", PATH_INFO=f"//evil.example/{lang}/")
    assert response.status_code == 404
    links = language_links(response.content.decode())
    assert set(links) == {"fi", "sv", "en"}
    for href in links.values():
        assert href.startswith("/")
        assert not href.startswith("//")
        assert "evil.example" not in href
