from modeltranslation.translator import TranslationOptions, register

from .models import (
    CommunicationChannel,
    GuideQuestion,
    GuideRule,
    Organiser,
    ServiceChannel,
    Topic,
)


@register(Organiser)
class OrganiserTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    # Finnish is required; every language needs a slug for its page address.
    required_languages = {"fi": ("name", "slug"), "default": ("slug",)}


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    required_languages = {"fi": ("title", "slug", "summary"), "default": ("slug",)}


@register(ServiceChannel)
class ServiceChannelTranslationOptions(TranslationOptions):
    fields = ("name", "offers", "when", "address", "hours")
    required_languages = ("fi",)


@register(CommunicationChannel)
class CommunicationChannelTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"fi": ("name",)}


@register(GuideQuestion)
class GuideQuestionTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("fi",)


@register(GuideRule)
class GuideRuleTranslationOptions(TranslationOptions):
    fields = ("reason", "staff_action", "customer_action")
    required_languages = {"fi": ("reason",)}
