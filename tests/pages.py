"""Every public page type, in a language: the list the browser, cache and fuzz tests walk."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from organisation.models import Unit
from partners.models import GuideQuestion, Topic

SEARCH_WORDS = {"fi": "kuntoutus", "sv": "rehabilitering", "en": "rehabilitation"}


def public_pages(lang):
    """(label, path) of every public page type in the language, content loaded."""
    with translation.override(lang):
        unit = Unit.objects.published().order_by("pk").first()
        topic = Topic.objects.published().order_by("pk").first()
        # The guide's longest path: three questions, and an answer with two channels.
        answers = dict.fromkeys(GuideQuestion.objects.values_list("key", flat=True), "no")
        search = reverse("search")
        pages = [
            ("home", reverse("home")),
            ("organisation", reverse("organisation:index")),
            ("partners", reverse("partners:index")),
            ("organisers", reverse("partners:organisers")),
            ("service channels", reverse("partners:service_channels")),
            ("guide", reverse("partners:guide")),
            ("guide answer", f"{reverse('partners:guide')}?{urlencode(answers)}"),
            ("communication channels", reverse("partners:communications")),
            ("statistics", reverse("stats:index")),
            ("search", search),
            ("search results", f"{search}?{urlencode({'q': SEARCH_WORDS[lang]})}"),
            ("search without results", f"{search}?q=xyzzyqwerty"),
            ("accessibility statement", reverse("accessibility")),
            ("privacy notice", reverse("privacy")),
            ("feedback form", reverse("feedback")),
            ("feedback confirmation", reverse("feedback_thanks")),
            ("not found", f"/{lang}/no-such-page/"),
        ]
        if unit:
            pages.append(("unit", unit.get_absolute_url()))
        if topic:
            pages.append(("topic", topic.get_absolute_url()))
    return pages
