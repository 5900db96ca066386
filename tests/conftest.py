import pytest
from django.core.cache import cache
from django.core.management import call_command

LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture
def loaded(db):
    """The database with the portal's content loaded by the content command."""
    call_command("load_content", verbosity=0)


@pytest.fixture(params=LANGUAGES)
def lang(request, settings):
    return request.param


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: pages cached by one test never leak into another."""
    cache.clear()
    yield
    cache.clear()
