"""The long lists with more content than today's, in a browser with JavaScript off: a keyboard
user pages through them with Tab and Enter."""

import pytest

from bench.content import fill

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "pages"),
    [
        ("/en/partners/organisers/", "Pages of the organisers"),
        ("/en/partners/", "Pages of the topics"),
    ],
)
def test_a_long_list_is_paged_through_with_the_keyboard_without_javascript(
    loaded_live, new_page, path, pages
):
    fill(10, documents=100)  # 10 × today's items: more than one page of each list
    page = new_page(java_script_enabled=False)
    page.goto(path)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('rel')") == "next":
            break
    else:
        pytest.fail("no link to the next page is reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**?page=2")
    assert "Page 2 of" in page.get_by_role("navigation", name=pages).inner_text()
    assert page.locator("a[rel=prev]").get_attribute("href") == "?page=1"
