import pytest
from django.core.management import call_command

LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture
def loaded(db):
    """The database with the portal's content loaded by the content command."""
    call_command("load_content", verbosity=0)


@pytest.fixture(params=LANGUAGES)
def lang(request, settings):
    return request.param
