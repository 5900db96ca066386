"""Kela's partners: the organisers of health and social services, the topics of the
partnership, the channels to which partner staff refer customers, Kela's communication
channels, and the referral guide whose questions and rules editors maintain."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.fields import RichTextField
from publishing.models import ContentModel, language_codes, translation_constraints


class OrganiserKind(models.TextChoices):
    COUNTY = "county", _("wellbeing services county")
    CITY = "city", _("city")


class TopicSection(models.TextChoices):
    REFORM = "reform", _("The health and social services reform")
    COOPERATION = "cooperation", _("Kela as a partner")
    GUIDANCE = "guidance", _("Referral guidance for partner staff")
    COMMUNICATIONS = "communications", _("Services and information for partners")


class ChannelKind(models.TextChoices):
    NEWSLETTER = "newsletter", _("newsletters")
    MAGAZINE = "magazine", _("magazine")
    PUBLICATION = "publication", _("publications")
    OTHER = "other", _("other media")
    SOCIAL = "social", _("social media")


class ChannelType(models.TextChoices):
    """The kinds of service channel of the Suomi.fi Service Catalogue (PTV)."""

    ELECTRONIC = "electronic", _("electronic service")
    PHONE = "phone", _("phone service")
    WEB_PAGE = "webpage", _("web page")
    PRINTABLE_FORM = "printable-form", _("printable form")
    SERVICE_LOCATION = "service-location", _("service location")


# Service languages: ISO 639 codes separated by commas ("fi,sv,en").
LANGUAGE_LIST = RegexValidator(
    r"^[a-z]{2,3}(,[a-z]{2,3})*$", _("Language codes separated by commas, such as fi,sv,en.")
)


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    TWITTER = "twitter", "Twitter"
    INSTAGRAM = "instagram", "Instagram"
    JODEL = "jodel", "Jodel"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"
    OTHER = "other", _("other")


class Organiser(ContentModel):
    """An organiser of health, social and rescue services from 2023."""

    Kind = OrganiserKind

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organiser of services")
        verbose_name_plural = _("organisers of services")
        ordering = ["order", "name"]
        constraints = [
            *translation_constraints(
                "partners_organiser", required=["name"], slugs=["slug"], slugs_everywhere=True
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganiserKind.values), name="partners_organiser_kind_valid"
            ),
        ]

    def get_absolute_url(self):
        return f"{reverse('partners:organisers')}#{self.slug}"

    def __str__(self):
        return self.name


class Topic(ContentModel):
    """A topic of the partnership, published as a page of its own."""

    Section = TopicSection

    section = models.CharField(_("section"), max_length=20, choices=Section)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences."))
    body = RichTextField(_("body"), blank=True)
    situation_year = models.PositiveSmallIntegerField(
        _("situation in year"),
        null=True,
        blank=True,
        help_text=_(
            "When the text describes the situation of a past year, that year: the page says "
            "“Situation in 2021”. Leave empty when the text describes the present."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "title"]
        constraints = [
            *translation_constraints(
                "partners_topic",
                required=["title", "summary"],
                slugs=["slug"],
                slugs_everywhere=True,
            ),
            models.CheckConstraint(
                condition=Q(section__in=TopicSection.values), name="partners_topic_section_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:topic", kwargs={"slug": self.slug})


class ServiceChannel(ContentModel):
    """A channel of Kela's customer service to which partner staff direct a customer, typed
    and described as the Suomi.fi Service Catalogue (PTV) describes service channels."""

    Type = ChannelType

    name = models.CharField(_("name"), max_length=200)
    channel_type = models.CharField(_("type of channel"), max_length=20, choices=ChannelType)
    offers = models.TextField(_("what the customer can do there"))
    when = models.TextField(_("when to direct a customer there"))
    url = models.URLField(_("link"), blank=True, help_text=_("Only a link the sources give."))
    phone_number = models.CharField(
        _("phone number"), max_length=40, blank=True, help_text=_("Only a number the sources give.")
    )
    address = models.TextField(
        _("address"),
        blank=True,
        help_text=_("A service location's address, as the sources give it."),
    )
    hours = models.TextField(
        _("service hours"), blank=True, help_text=_("Only hours the sources give.")
    )
    languages = models.CharField(
        _("service languages"),
        max_length=50,
        blank=True,
        validators=[LANGUAGE_LIST],
        help_text=_("Language codes separated by commas, such as fi,sv,en."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service channel")
        verbose_name_plural = _("service channels")
        ordering = ["order", "name"]
        constraints = [
            *translation_constraints("partners_servicechannel", required=["name"]),
            models.CheckConstraint(
                condition=Q(channel_type__in=ChannelType.values),
                name="partners_servicechannel_channel_type_valid",
            ),
        ]

    def get_absolute_url(self):
        return f"{reverse('partners:service_channels')}#channel-{self.key}"

    def service_languages(self):
        """The codes of the languages served in, in their order."""
        return [code for code in self.languages.split(",") if code]

    def __str__(self):
        return self.name


class CommunicationChannel(ContentModel):
    """A newsletter, publication, magazine or social media account of Kela."""

    Kind = ChannelKind
    Platform = Platform

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
            *translation_constraints("partners_communicationchannel", required=["name"]),
            models.CheckConstraint(
                condition=Q(kind__in=ChannelKind.values),
                name="partners_communicationchannel_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind=ChannelKind.SOCIAL, platform__in=Platform.values)
                | (~Q(kind=ChannelKind.SOCIAL) & Q(platform="")),
                name="partners_communicationchannel_platform_for_social_media",
            ),
            models.CheckConstraint(
                condition=Q(name_language__in=["", *language_codes()]),
                name="partners_communicationchannel_name_language_known",
            ),
        ]

    def get_absolute_url(self):
        return f"{reverse('partners:communications')}#{self.key}"

    def __str__(self):
        return self.name


# The guide asks at most this many questions on any path (a follow-up's depth).
GUIDE_MAX_QUESTIONS = 3


class GuideQuestion(ContentModel):
    """A yes/no question of the referral guide; its key names the answer in the address.

    The guide starts with the first question that follows no other, and asks a follow-up
    only after the answer it follows: later questions depend on the earlier answers.
    """

    text = models.CharField(_("question"), max_length=300)
    follows = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("asked after the question"),
        help_text=_("Empty for the question the guide starts with."),
    )
    follows_answer = models.BooleanField(
        _("asked after the answer"),
        null=True,
        blank=True,
        help_text=_("Yes or no: the answer to the earlier question after which this one is asked."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guide question")
        verbose_name_plural = _("guide questions")
        ordering = ["order", "key"]
        constraints = [
            *translation_constraints("partners_guidequestion", required=["text"]),
            models.CheckConstraint(
                condition=Q(follows__isnull=True, follows_answer__isnull=True)
                | Q(follows__isnull=False, follows_answer__isnull=False),
                name="partners_guidequestion_follows_an_answer",
                violation_error_message=_(
                    "Choose both the earlier question and its answer, or neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["follows", "follows_answer"],
                name="partners_guidequestion_one_follow_up_per_answer",
                violation_error_message=_("That answer already leads to another question."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("partners:guide")

    def __str__(self):
        return self.text

    def clean(self):
        depth, earlier = 1, self.follows
        while earlier is not None:
            if earlier.pk == self.pk:
                raise ValidationError({"follows": _("A question cannot follow itself.")})
            depth, earlier = depth + 1, earlier.follows
        if depth > GUIDE_MAX_QUESTIONS:
            raise ValidationError(
                {
                    "follows": _("The guide asks at most %(count)s questions on any path.")
                    % {"count": GUIDE_MAX_QUESTIONS}
                }
            )


class GuideRule(ContentModel):
    """When a question gets this answer, the guide recommends a channel or a topic."""

    # A part of its question: edited, published and deleted with it (publishing.workflow).
    publishing_parent = "question"

    # A part of its question: editors may delete a wrong rule.
    editor_actions = ("add", "change", "view", "delete")

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
    staff_action = models.TextField(_("what partner staff do"), blank=True)
    customer_action = models.TextField(_("what the customer does"), blank=True)
    url = models.URLField(
        _("link for partner staff"),
        blank=True,
        help_text=_("Only a link the sources give. A channel's own link is shown anyway."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("guide rule")
        verbose_name_plural = _("guide rules")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__isnull=False, topic__isnull=True)
                | Q(channel__isnull=True, topic__isnull=False),
                name="partners_guiderule_channel_or_topic",
                violation_error_message=_("Choose either a service channel or a topic."),
            ),
            *translation_constraints("partners_guiderule", required=["reason"]),
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


def guide_path(questions, answers):
    """The questions the guide asks, given the answers so far ({key: "yes" or "no"}).

    [(question, True/False, or None while unanswered)], from the first question that follows
    no other to the first unanswered one, or to an answer that no question follows.
    """
    follow_ups = {(q.follows_id, q.follows_answer): q for q in questions if q.follows_id}
    question = next((q for q in questions if q.follows_id is None), None)
    path = []
    while question is not None and len(path) < GUIDE_MAX_QUESTIONS:
        answer = {"yes": True, "no": False}.get(answers.get(question.key))
        path.append((question, answer))
        if answer is None:
            break
        question = follow_ups.get((question.pk, answer))
    return path
