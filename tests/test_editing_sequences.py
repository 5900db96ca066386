"""Two editors and a publisher act in any order through the admin, with fresh and stale forms,
in Finnish and Swedish admins; after every step nothing anyone saved is lost, no other item
changed, review has no back door, no translation is invented and nothing answered 5xx."""

import datetime
import itertools
import os

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from reversion.models import Version

from organisation.models import Unit
from publishing.groups import EDITORS, PUBLISHERS
from publishing.models import AdminLanguage, Draft, Expiry
from publishing.scheduling import publish_due
from stats.models import Statistic, StatisticValue
from tests.helpers import admin_url, client_of, form_fields, member

PEOPLE = ["editor", "second", "publisher"]
FIELDS = ["name_fi", "name_sv", "summary_fi", "summary_sv"]
counter = itertools.count()


def state_of(model, pks):
    """{pk: (published, field values, draft data)} of the items, as the database holds them:
    the fields of each language, not modeltranslation's original field (`name` reads the
    active language's `name_sv` or `name_fi`, so it would change with the last request's
    language)."""
    items = model.objects.filter(pk__in=pks)
    names = {field.attname for field in model._meta.concrete_fields}
    translated = {
        name for name in names if f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}" in names
    }
    content_type = ContentType.objects.get_for_model(model)
    drafts = {
        draft.object_id: (draft.data, draft.removes)
        for draft in Draft.objects.filter(content_type=content_type, object_id__in=pks)
    }
    return {
        item.pk: (
            item.is_published,
            {
                field.attname: getattr(item, field.attname)
                for field in model._meta.concrete_fields
                if field.name not in ("updated_at", "translated_from", "first_published_at")
                and field.attname not in translated
            },
            drafts.get(item.pk),
        )
        for item in items
    }


class Editing(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        cache.clear()
        # Nothing is scheduled or set to expire when the editors start (whatever earlier tests
        # left): what the scheduler's step publishes is what this machine scheduled.
        Draft.objects.filter(publish_at__isnull=False).update(publish_at=None)
        Expiry.objects.all().delete()
        self.users = {
            "editor": member(EDITORS, f"editor{next(counter)}"),
            "second": member(EDITORS, f"second{next(counter)}"),
            "publisher": member(PUBLISHERS, f"publisher{next(counter)}"),
        }
        self.clients = {
            name: client_of(user, raise_request_exception=False)
            for name, user in self.users.items()
        }
        self.units = list(Unit.objects.filter(is_published=True).order_by("pk")[:2])
        self.statistic = Statistic.objects.published().filter(values__isnull=False).first()
        self.value_pks = list(self.statistic.values.values_list("pk", flat=True))
        self.forms = {}  # (person, unit pk): the form as that person opened it
        self.saved = []  # (unit pk, field, text) of every save that answered "saved"
        self.typed_in = {}  # text: the field it was typed in
        self.authors = {}  # (unit pk, field, text): who wrote it
        self.target, self.action, self.actor = None, None, None
        self.due = set()  # the items whose scheduled draft the scheduler's step may publish
        self.before = self.snapshot()

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        cache.clear()

    def snapshot(self):
        return {
            "units": state_of(Unit, [unit.pk for unit in self.units]),
            "values": state_of(StatisticValue, self.value_pks),
            "statistic": state_of(Statistic, [self.statistic.pk]),
        }

    def act(self, person, target, action, method, url, data=None):
        self.target, self.action, self.actor = target, action, person
        self.due = set()
        self.before = self.snapshot()
        client = self.clients[person]
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        assert response.status_code < 500, (action, url, response.status_code)
        return response

    # --- Rules -------------------------------------------------------------------------

    @rule(
        person=st.sampled_from(PEOPLE),
        which=st.integers(0, 1),
        language=st.sampled_from(["fi", "sv"]),
    )
    def open_form(self, person, which, language):
        AdminLanguage.objects.update_or_create(
            user=self.users[person], defaults={"language": language}
        )
        unit = self.units[which]
        html = self.act(person, ("unit", unit.pk), "open", "get", admin_url(unit)).content
        self.forms[(person, unit.pk)] = form_fields(html.decode(), "unit_form")

    @precondition(lambda self: self.forms)
    @rule(data=st.data(), field=st.sampled_from(FIELDS))
    def save(self, data, field):
        person, pk = data.draw(st.sampled_from(sorted(self.forms)))
        text = f"{field[-2:]} text {next(counter)}"
        fields = dict(self.forms[(person, pk)]) | {field: text}
        unit = Unit.objects.get(pk=pk)
        response = self.act(person, ("unit", pk), "save", "post", admin_url(unit), fields)
        self.typed_in[text] = field
        if response.status_code == 302:
            self.saved.append((pk, field, text))
            self.authors.setdefault((pk, field, text), set()).add(person)

    @rule(
        person=st.sampled_from(PEOPLE),
        which=st.integers(0, 1),
        action=st.sampled_from(["publish", "submit", "unpublish", "send-back"]),
    )
    def publishing_action(self, person, which, action):
        unit = self.units[which]
        self.act(
            person,
            ("unit", unit.pk),
            action,
            "post",
            admin_url(unit, "publishing", action),
            {"publishing_comment": "Korjaa."},
        )

    @rule(person=st.sampled_from(PEOPLE), which=st.integers(0, 1))
    def discard(self, person, which):
        unit = self.units[which]
        self.act(
            person,
            ("unit", unit.pk),
            "discard",
            "post",
            admin_url(unit, "publishing", "discard"),
            {"confirm": "yes"},
        )

    @rule(person=st.sampled_from(PEOPLE), which=st.integers(0, 1), data=st.data())
    def restore(self, person, which, data):
        unit = self.units[which]
        versions = list(Version.objects.get_for_object(unit).values_list("pk", flat=True))
        version = data.draw(st.sampled_from(versions))
        url = reverse("admin:organisation_unit_revision", args=[unit.pk, version])
        fields = form_fields(self.clients[person].get(url).content.decode(), "unit_form")
        self.act(person, ("unit", unit.pk), "restore", "post", url, dict(fields))

    @rule(which=st.integers(0, 1))
    def schedule_and_let_time_pass(self, which):
        unit = self.units[which]
        when = timezone.now() + datetime.timedelta(hours=1)
        self.act(
            "publisher",
            ("unit", unit.pk),
            "schedule",
            "post",
            admin_url(unit, "publishing", "schedule"),
            {"publish_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")},
        )
        self.action = "schedule"
        later = timezone.now() + datetime.timedelta(hours=2)
        units = ContentType.objects.get_for_model(Unit)
        due = Draft.objects.filter(content_type=units, publish_at__lte=later)
        expired = Expiry.objects.filter(content_type=units, expire_at__lte=later)
        self.due = {("unit", pk) for pk in due.values_list("object_id", flat=True)} | {
            ("unit", pk) for pk in expired.values_list("object_id", flat=True)
        }
        publish_due(later)

    @rule(person=st.sampled_from(PEOPLE), delete=st.booleans(), number=st.integers(0, 10**9))
    def inline_edit(self, person, delete, number):
        url = admin_url(self.statistic)
        fields = form_fields(self.clients[person].get(url).content.decode(), "statistic_form")
        ids = [name for name, value in fields if name.endswith("-id") and value]
        if not ids:
            return
        prefix = ids[0].removesuffix("-id")
        change = {f"{prefix}-DELETE": "on"} if delete else {f"{prefix}-value": str(number)}
        self.act(
            person, ("statistic", self.statistic.pk), "inline", "post", url, dict(fields) | change
        )

    @rule(person=st.sampled_from(PEOPLE), order=st.integers(0, 50))
    def list_edit(self, person, order):
        url = reverse("admin:organisation_unit_changelist")
        fields = form_fields(self.clients[person].get(url).content.decode(), "changelist-form")
        index = next(
            (
                n.split("-")[1]
                for n, v in fields
                if n.endswith("-id") and v == str(self.units[0].pk)
            ),
            None,
        )
        if index is None:
            return
        self.act(
            person,
            ("unit", self.units[0].pk),
            "list",
            "post",
            url,
            dict(fields) | {f"form-{index}-order": str(order), "_save": "1"},
        )

    # --- Invariants ----------------------------------------------------------------------

    @invariant()
    def every_saved_text_is_in_the_history(self):
        for pk, field, text in self.saved:
            unit = Unit(pk=pk)
            assert any(
                version.field_dict.get(field) == text
                for version in Version.objects.get_for_object(unit)
            ), (field, text)

    @invariant()
    def only_the_target_changed(self):
        after = self.snapshot()
        for kind in ("units", "values", "statistic"):
            for pk, state in after[kind].items():
                if self.before[kind].get(pk) == state:
                    continue
                target = ("unit", pk) if kind == "units" else ("statistic", self.statistic.pk)
                # The scheduler's step publishes every unit whose scheduled time has come.
                due = self.action == "schedule" and target in self.due
                assert self.target == target or due, (
                    self.action,
                    target,
                    self.target,
                    self.due,
                    self.before[kind].get(pk),
                    state,
                )

    @invariant()
    def publication_changes_only_by_a_publishers_act(self):
        after = self.snapshot()
        for kind in ("units", "values", "statistic"):
            for pk, (published, live, _draft) in after[kind].items():
                before = self.before[kind].get(pk)
                if before is None:
                    continue
                # What the public sees: an unpublished item is edited in place, unseen.
                seen_before = before[1] if before[0] else None
                if seen_before != (live if published else None):
                    assert self.action in ("publish", "unpublish", "schedule"), (
                        self.action,
                        kind,
                        pk,
                    )
                    assert self.actor == "publisher"

    @invariant()
    def the_public_sees_no_text_its_publisher_wrote(self):
        for pk, (published, live, _draft) in self.snapshot()["units"].items():
            if not published:
                continue
            for field in FIELDS:
                authors = self.authors.get((pk, field, live[field]), set())
                before = self.before["units"].get(pk)
                if before and before[1][field] != live[field]:
                    assert "publisher" not in authors, (field, live[field])

    @invariant()
    def no_text_in_another_languages_field(self):
        for _pk, (_published, live, draft) in self.snapshot()["units"].items():
            values = dict(live) | (draft[0] if draft else {})
            for field in FIELDS:
                text = values.get(field)
                typed = self.typed_in.get(text)
                assert typed is None or typed[-2:] == field[-2:], (field, text, typed)


# 200 examples in CI, in four shards that the test workers share.
SHARDS = 4
Editing.TestCase.settings = hypothesis_settings(
    max_examples=(200 if os.environ.get("CI") else 20) // SHARDS,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_any_sequence_of_editors_actions_loses_nothing_and_has_no_back_door(loaded, shard):
    Editing.TestCase().runTest()
