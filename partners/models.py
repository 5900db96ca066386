"""Kela's partners: the organisers of health and social services, the topics of the
partnership, the channels to which partner staff refer customers, Kela's communication
channels, and the referral guide whose questions and rules editors maintain."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kela_portal.fields import RichTextField
from kela_portal.models import ContentModel, filled

LANGUAGE_CODES = ("fi", "sv", "en")


def translated_slug_constraints(prefix):
    """A slug in every language, each unique: every language has its own page address."""
    constraints = []
    for code in LANGUAGE_CODES:
        field = f"slug_{code}"
        constraints.append(models.UniqueConstraint(fields=[field], name=f"{prefix}_{field}_unique"))
        constraints.append(
            models.CheckConstraint(condition=filled(field), name=f"{prefix}_{field}_filled")
        )
    return constraints


class Organiser(ContentModel):
    """An organiser of health, social and rescue services from 2023."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("wellbeing services county")
        CITY = "city", _("city")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organiser of services")
        verbose_name_plural = _("organisers of services")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=filled("name_fi"), name="organiser_name_fi_filled"),
            models.CheckConstraint(
                condition=Q(kind__in=["county", "city"]), name="organiser_kind_valid"
            ),
            *translated_slug_constraints("organiser"),
        ]

    search_title_field = "name"
    search_body_fields = ()

    def get_absolute_url(self):
        return f"{reverse('partners:organisers')}#{self.slug}"

    def __str__(self):
        return self.name


class Topic(ContentModel):
    """A topic of the partnership, published as a page of its own."""

    class Section(models.TextChoices):
        REFORM = "reform", _("The health and social services reform")
        COOPERATION = "cooperation", _("Kela as a partner")
        GUIDANCE = "guidance", _("Referral guidance for partner staff")
        COMMUNICATIONS = "communications", _("Services and information for partners")

    section = models.CharField(_("section"), max_length=20, choices=Section)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences."))
    body = RichTextField(_("body"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Full-text search (kela_portal.search) indexes topics by these fields.
    search_title_field = "title"
    search_body_fields = ("summary", "body")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(condition=filled("title_fi"), name="topic_title_fi_filled"),
            models.CheckConstraint(condition=filled("summary_fi"), name="topic_summary_fi_filled"),
            models.CheckConstraint(
                condition=Q(section__in=["reform", "cooperation", "guidance", "communications"]),
                name="topic_section_valid",
            ),
            *translated_slug_constraints("topic"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:topic", kwargs={"slug": self.slug})


class ServiceChannel(ContentModel):
    """A channel of Kela's customer service to which partner staff direct a customer."""

    name = models.CharField(_("name"), max_length=200)
    offers = models.TextField(_("what the customer can do there"))
    when = models.TextField(_("when to direct a customer there"))
    url = models.URLField(_("link"), blank=True, help_text=_("Only a link the sources give."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service channel")
        verbose_name_plural = _("service channels")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(condition=filled("name_fi"), name="channel_name_fi_filled"),
        ]

    search_title_field = "name"
    search_body_fields = ("offers", "when")

    def get_absolute_url(self):
        return f"{reverse('partners:service_channels')}#channel-{self.key}"

    def __str__(self):
        return self.name


class CommunicationChannel(ContentModel):
    """A newsletter, publication, magazine or social media account of Kela."""

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletters")
        MAGAZINE = "magazine", _("magazine")
        PUBLICATION = "publication", _("publications")
        OTHER = "other", _("other media")
        SOCIAL = "social", _("social media")

    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        TWITTER = "twitter", "Twitter"
        INSTAGRAM = "instagram", "Instagram"
        JODEL = "jodel", "Jodel"
        YOUTUBE = "youtube", "YouTube"
        LINKEDIN = "linkedin", "LinkedIn"
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    platform = models.CharField(
        _("platform"),
        max_length=12,
        choices=Platform,
        blank=True,
        help_text=_("Social media accounts only."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_language = models.CharField(
        _("language of the name"),
        max_length=2,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Empty when the name is translated. Choose Finnish for a Finnish name kept on "
            "every page (such as Sosiaalivakuutus): screen readers then read it as Finnish."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), blank=True, help_text=_("Only a link the sources give."))
    email = models.EmailField(_("e-mail address"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("communication channel")
        verbose_name_plural = _("communication channels")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=filled("name_fi"), name="communication_name_fi_filled"
            ),
            models.CheckConstraint(
                condition=Q(kind="social", platform__gt="") | (~Q(kind="social") & Q(platform="")),
                name="communication_platform_for_social_media",
            ),
            models.CheckConstraint(
                condition=Q(name_language__in=["", *LANGUAGE_CODES]),
                name="communication_name_language_known",
            ),
        ]

    search_title_field = "name"
    search_body_fields = ("description",)

    def get_absolute_url(self):
        return f"{reverse('partners:communications')}#{self.key}"

    def __str__(self):
        return self.name


class GuideQuestion(ContentModel):
    """A yes/no question of the referral guide; its key names the answer in the address."""

    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guide question")
        verbose_name_plural = _("guide questions")
        ordering = ["order", "key"]
        constraints = [
            models.CheckConstraint(condition=filled("text_fi"), name="question_text_fi_filled"),
        ]

    search_title_field = "text"
    search_body_fields = ()

    def get_absolute_url(self):
        return reverse("partners:guide")

    def __str__(self):
        return self.text


class GuideRule(ContentModel):
    """When a question gets this answer, the guide recommends a channel or a topic."""

    question = models.ForeignKey(
        GuideQuestion, on_delete=models.CASCADE, related_name="rules", verbose_name=_("question")
    )
    answer = models.BooleanField(_("answer"), help_text=_("Ticked: yes. Not ticked: no."))
    channel = models.ForeignKey(
        ServiceChannel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("recommended service channel"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("recommended topic"),
    )
    reason = models.CharField(_("reason (one sentence)"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guide rule")
        verbose_name_plural = _("guide rules")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__isnull=False, topic__isnull=True)
                | Q(channel__isnull=True, topic__isnull=False),
                name="rule_recommends_channel_or_topic",
                violation_error_message=_("Choose either a service channel or a topic."),
            ),
            models.CheckConstraint(condition=filled("reason_fi"), name="rule_reason_fi_filled"),
        ]

    def __str__(self):
        return f"{self.question} – {self.target}"

    @property
    def target(self):
        return self.channel or self.topic


def recommendations(answers):
    """The published rules that match the answers ({question key: bool}), one per target.

    A rule counts only when its channel or topic is published; when two rules recommend
    the same target, the first (in question and rule order) gives the reason.
    """
    if not answers:
        return []
    matches = Q()
    for key, answer in answers.items():
        matches |= Q(question__key=key, answer=answer)
    rules = (
        GuideRule.objects.published()
        .filter(matches)
        .filter(Q(channel__is_published=True) | Q(topic__is_published=True))
        .select_related("channel", "topic")
        .order_by("question__order", "question__key", "order", "pk")
    )
    seen = set()
    result = []
    for rule in rules:
        if rule.target not in seen:
            seen.add(rule.target)
            result.append(rule)
    return result
