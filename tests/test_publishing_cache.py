"""The page cache learns of a change only once the database has committed it."""

import threading

from django.db import transaction
from django.db.models.signals import post_save
from django.test import Client

from organisation.models import Unit


def test_a_page_rendered_while_a_save_commits_never_stays_stale_in_the_cache(
    loaded, transactional_db
):
    """The save's transaction is held open after post_save while another thread renders and
    caches the page; once the save commits, the next visitor sees the new name."""
    unit = Unit.objects.get(key="communications-unit")
    old_name, new_name = unit.name_sv, "Enheten för kommunikation"
    assert old_name in Client().get("/sv/organisation/").content.decode()
    rendered = {}

    def render_meanwhile(sender, instance, **kwargs):
        if instance.pk == unit.pk:
            # Another visitor, with a connection of its own, while the save is uncommitted.
            thread = threading.Thread(
                target=lambda: rendered.update(page=Client().get("/sv/organisation/"))
            )
            thread.start()
            thread.join()

    post_save.connect(render_meanwhile, sender=Unit, dispatch_uid="race-test")
    try:
        with transaction.atomic():
            unit.name_sv = new_name
            unit.save()
    finally:
        post_save.disconnect(sender=Unit, dispatch_uid="race-test")
    assert old_name in rendered["page"].content.decode()  # rendered before the commit
    page = Client().get("/sv/organisation/").content.decode()
    assert (new_name in page, f">{old_name}<" in page) == (True, False)
