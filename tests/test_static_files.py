"""Static files before collectstatic: `migrate` renders pages (the search index reads them
after every migration), and must work on a checkout where nothing is collected yet."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def test_migrate_works_before_collectstatic(db, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # nothing collected here: no manifest
    call_command("migrate", verbosity=0)
    assert staticfiles_storage.url("css/site.css") == "/static/css/site.css"


def test_after_collectstatic_addresses_are_hashed(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    address = staticfiles_storage.url("css/site.css")
    assert address.startswith("/static/css/site.") and address != "/static/css/site.css"
