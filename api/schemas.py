"""The shapes of the open data API's answers (pydantic, through django-ninja): the OpenAPI
description is generated from them, never written by hand.

Every text comes in all three languages in one object ({"fi": …, "sv": …, "en": …}), each with
`is_fallback`: true when that language has no translation yet and the text given is the Finnish
one, which the pages show marked "shown in Finnish".
"""

from datetime import datetime

from ninja import Schema
from pydantic import Field, create_model

from publishing.models import language_codes


class Text(Schema):
    text: str = Field(description="The text in this language (HTML in rich-text fields).")
    is_fallback: bool = Field(
        description="True when the text is not yet translated into this language and the "
        "Finnish text is given instead (the pages show it marked “shown in Finnish”)."
    )


def per_language(name, kind, description):
    """A schema with one field of `kind` per language of the portal."""
    fields = {
        code: (kind, Field(description=f"{description} ({code})")) for code in language_codes()
    }
    return create_model(name, __base__=Schema, **fields)


Translated = per_language("Translated", Text, "The text")
Links = per_language("Links", str, "The address of the item's page on the portal")
Labels = per_language("Labels", str, "The label")


class Problem(Schema):
    """An error as RFC 9457 problem details (application/problem+json)."""

    type: str = Field(description="Always about:blank: the status code says what happened.")
    title: str
    status: int
    detail: str
    errors: list[dict] | None = Field(None, description="The invalid parameters (400 only).")


class Item(Schema):
    key: str = Field(description="The stable identifier of the item.")
    updated_at: datetime
    page: Links


class Unit(Item):
    kind: str
    kind_label: Labels
    parent: str | None = Field(description="The key of the parent unit; null at the top.")
    children: list[str] = Field(description="The keys of the child units, in order.")
    order: int
    name: Translated
    summary: Translated
    responsibilities: Translated = Field(description="HTML.")


class Organiser(Item):
    kind: str = Field(description="county (wellbeing services county) or city.")
    kind_label: Labels
    order: int
    name: Translated


class Topic(Item):
    section: str
    section_label: Labels
    order: int
    title: Translated
    summary: Translated
    body: Translated = Field(description="HTML.")
    situation_year: int | None = Field(
        description="The year whose situation the text describes; null for the present."
    )


class ServiceChannel(Item):
    channel_type: str = Field(
        description="The kind of channel, as in the Suomi.fi Service Catalogue (PTV): "
        "electronic, phone, webpage, printable-form or service-location."
    )
    channel_type_label: Labels
    order: int
    name: Translated
    offers: Translated
    when: Translated
    url: str
    phone_number: str
    address: Translated
    hours: Translated
    languages: list[str] = Field(description="The languages served in, as ISO 639 codes.")


class CommunicationChannel(Item):
    kind: str
    kind_label: Labels
    platform: str
    order: int
    name: Translated
    name_language: str = Field(
        description="The language of a name kept the same in every language; empty otherwise."
    )
    description: Translated
    url: str
    email: str


class GuideRule(Schema):
    key: str
    answer: bool
    channel: str | None = Field(description="The key of the recommended service channel.")
    topic: str | None = Field(description="The key of the recommended topic.")
    reason: Translated
    staff_action: Translated
    customer_action: Translated
    url: str


class GuideQuestion(Item):
    order: int
    text: Translated
    follows: str | None = Field(description="The key of the question this one follows.")
    follows_answer: bool | None = Field(description="The answer after which it is asked.")
    rules: list[GuideRule]


class Value(Schema):
    year: int
    reference_year: int = Field(description="The year the value is based on.")
    value: int = Field(description="A whole number in base units (euros as full euros).")
    note: Translated


class Statistic(Item):
    group: str
    group_label: Labels
    unit: str = Field(description="count or euros.")
    order: int
    label: Translated
    explanation: Translated
    values: list[Value] = Field(description="The values of the years the public sees.")


class Figure(Schema):
    key: str
    group: str
    group_label: Labels
    unit: str
    label: Translated
    explanation: Translated
    value: Value


class YearFigures(Schema):
    year: int
    figures: list[Figure]
    page: Links


class SearchResult(Schema):
    title: str
    url: str
    kind: str
    language: str
    is_fallback: bool = Field(description="The document is shown in Finnish.")
    snippet: str = Field(description="HTML: the matching words in <mark>.")


class PtvText(Schema):
    language: str
    value: str
    type: str


class PtvServiceChannel(Schema):
    """A service channel shaped as the Suomi.fi Service Catalogue (PTV) describes one."""

    sourceId: str = Field(description="The channel's key on this portal.")
    serviceChannelType: str = Field(
        description="EChannel, Phone, WebPage, PrintableForm or ServiceLocation."
    )
    serviceChannelNames: list[PtvText]
    serviceChannelDescriptions: list[PtvText]
    languages: list[str]
    webPages: list[dict]
    phoneNumbers: list[dict]
    addresses: list[dict]
    serviceHours: list[dict]


def paged(schema, name):
    """The schema of one page of a list: the results and links to the pages either side."""
    return create_model(
        name,
        __base__=Schema,
        count=(int, Field(description="The number of items in all pages.")),
        next=(str | None, Field(description="The address of the next page, or null.")),
        previous=(str | None, Field(description="The address of the previous page, or null.")),
        results=(list[schema], ...),
    )


class Index(Schema):
    openapi: str
    documentation: Links
    resources: dict[str, str]
    feeds: Links
