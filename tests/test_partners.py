"""Partners: organisers, topics, service channels, the referral guide, communications."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from partners.models import (
    CommunicationChannel,
    GuideQuestion,
    GuideRule,
    Organiser,
    ServiceChannel,
    Topic,
)
from tests.conftest import LANGUAGES
from tests.helpers import elements, language_links

# The reference data: ../shared/data/wellbeing_services_counties.csv, row by row.
CSV_ROWS = [
    (
        "etela-karjala",
        "county",
        "Etelä-Karjalan hyvinvointialue",
        "Södra Karelens välfärdsområde",
        "Wellbeing services county of South Karelia",
    ),
    (
        "etela-pohjanmaa",
        "county",
        "Etelä-Pohjanmaan hyvinvointialue",
        "Södra Österbottens välfärdsområde",
        "Wellbeing services county of South Ostrobothnia",
    ),
    (
        "etela-savo",
        "county",
        "Etelä-Savon hyvinvointialue",
        "Södra Savolax välfärdsområde",
        "Wellbeing services county of South Savo",
    ),
    (
        "ita-uusimaa",
        "county",
        "Itä-Uudenmaan hyvinvointialue",
        "Östra Nylands välfärdsområde",
        "Wellbeing services county of East Uusimaa",
    ),
    (
        "kainuu",
        "county",
        "Kainuun hyvinvointialue",
        "Kajanalands välfärdsområde",
        "Wellbeing services county of Kainuu",
    ),
    (
        "kanta-hame",
        "county",
        "Kanta-Hämeen hyvinvointialue",
        "Egentliga Tavastlands välfärdsområde",
        "Wellbeing services county of Kanta-Häme",
    ),
    (
        "keski-pohjanmaa",
        "county",
        "Keski-Pohjanmaan hyvinvointialue",
        "Mellersta Österbottens välfärdsområde",
        "Wellbeing services county of Central Ostrobothnia",
    ),
    (
        "keski-suomi",
        "county",
        "Keski-Suomen hyvinvointialue",
        "Mellersta Finlands välfärdsområde",
        "Wellbeing services county of Central Finland",
    ),
    (
        "keski-uusimaa",
        "county",
        "Keski-Uudenmaan hyvinvointialue",
        "Mellersta Nylands välfärdsområde",
        "Wellbeing services county of Central Uusimaa",
    ),
    (
        "kymenlaakso",
        "county",
        "Kymenlaakson hyvinvointialue",
        "Kymmenedalens välfärdsområde",
        "Wellbeing services county of Kymenlaakso",
    ),
    (
        "lappi",
        "county",
        "Lapin hyvinvointialue",
        "Lapplands välfärdsområde",
        "Wellbeing services county of Lapland",
    ),
    (
        "lansi-uusimaa",
        "county",
        "Länsi-Uudenmaan hyvinvointialue",
        "Västra Nylands välfärdsområde",
        "Wellbeing services county of West Uusimaa",
    ),
    (
        "pirkanmaa",
        "county",
        "Pirkanmaan hyvinvointialue",
        "Birkalands välfärdsområde",
        "Wellbeing services county of Pirkanmaa",
    ),
    (
        "pohjanmaa",
        "county",
        "Pohjanmaan hyvinvointialue",
        "Österbottens välfärdsområde",
        "Wellbeing services county of Ostrobothnia",
    ),
    (
        "pohjois-karjala",
        "county",
        "Pohjois-Karjalan hyvinvointialue",
        "Norra Karelens välfärdsområde",
        "Wellbeing services county of North Karelia",
    ),
    (
        "pohjois-pohjanmaa",
        "county",
        "Pohjois-Pohjanmaan hyvinvointialue",
        "Norra Österbottens välfärdsområde",
        "Wellbeing services county of North Ostrobothnia",
    ),
    (
        "pohjois-savo",
        "county",
        "Pohjois-Savon hyvinvointialue",
        "Norra Savolax välfärdsområde",
        "Wellbeing services county of North Savo",
    ),
    (
        "paijat-hame",
        "county",
        "Päijät-Hämeen hyvinvointialue",
        "Päijänne-Tavastlands välfärdsområde",
        "Wellbeing services county of Päijät-Häme",
    ),
    (
        "satakunta",
        "county",
        "Satakunnan hyvinvointialue",
        "Satakunta välfärdsområde",
        "Wellbeing services county of Satakunta",
    ),
    (
        "vantaa-kerava",
        "county",
        "Vantaan ja Keravan hyvinvointialue",
        "Vanda och Kervo välfärdsområde",
        "Wellbeing services county of Vantaa and Kerava",
    ),
    (
        "varsinais-suomi",
        "county",
        "Varsinais-Suomen hyvinvointialue",
        "Egentliga Finlands välfärdsområde",
        "Wellbeing services county of Southwest Finland",
    ),
    ("helsinki", "city", "Helsingin kaupunki", "Helsingfors stad", "City of Helsinki"),
]

PAGES = {
    "index": {"fi": "/fi/kumppanit/", "sv": "/sv/samarbetspartner/", "en": "/en/partners/"},
    "topic": {
        "fi": "/fi/kumppanit/aiheet/kelan-roolit-uudistuksessa/",
        "sv": "/sv/samarbetspartner/amnen/fpas-roller-i-reformen/",
        "en": "/en/partners/topics/kelas-roles-in-the-reform/",
    },
    "organisers": {
        "fi": "/fi/kumppanit/jarjestajat/",
        "sv": "/sv/samarbetspartner/anordnare/",
        "en": "/en/partners/organisers/",
    },
    "service_channels": {
        "fi": "/fi/kumppanit/palvelukanavat/",
        "sv": "/sv/samarbetspartner/servicekanaler/",
        "en": "/en/partners/service-channels/",
    },
    "guide": {
        "fi": "/fi/kumppanit/ohjaa-asiakas/",
        "sv": "/sv/samarbetspartner/hanvisa-kunden/",
        "en": "/en/partners/refer-a-customer/",
    },
    "communications": {
        "fi": "/fi/kumppanit/viestintakanavat/",
        "sv": "/sv/samarbetspartner/kommunikationskanaler/",
        "en": "/en/partners/communication-channels/",
    },
}

# What a reader sees on each page: the one h1 and a sentence of the content.
EXPECTED = {
    "index": {
        "fi": ["Kelan kumppanit", "Hyvinvointialueet: 21", "Ohjausopas: löydä asiakkaalle"],
        "sv": [
            "FPA:s samarbetspartner",
            "Välfärdsområden: 21",
            "Städer: 1",
            "Hänvisningsguide: hitta rätt servicekanal för kunden",
            "Från början av 2023 ordnas social- och hälsovårdens och räddningsväsendets tjänster"
            " av 21 välfärdsområden och Helsingfors stad.",
        ],
        "en": ["Kela's partners", "Wellbeing services counties: 21", "Cities: 1"],
    },
    "topic": {
        "fi": ["Kelan roolit uudistuksessa", "Kelan etuudet ja palvelut ovat osa sosiaali-"],
        "sv": [
            "FPA:s roller i reformen",
            "FPA stöder välfärdsområdena i att införa och uppdatera Kanta-tjänsterna.",
        ],
        "en": ["Kela's roles in the reform", "Kela supports the wellbeing services counties"],
    },
    "organisers": {
        "fi": ["Sosiaali- ja terveyspalvelujen järjestäjät", "Hyvinvointialueet (21)"],
        "sv": [
            "Anordnare av social- och hälsovårdstjänster",
            "Välfärdsområden (21)",
            "Städer (1)",
            "Anordnare sammanlagt: 22",
        ],
        "en": ["Organisers of health and social services", "Cities (1)", "City of Helsinki"],
    },
    "service_channels": {
        "fi": ["Kelan palvelukanavat", "Kun henkilökohtainen käynti on tarpeen."],
        "sv": [
            "FPA:s servicekanaler",
            "E-tjänsten MittFPA",
            "När kunden kan sköta sina ärenden själv.",
            "Vad kunden kan göra där",
        ],
        "en": ["Kela's service channels", "When personal service is needed."],
    },
    "guide": {
        "fi": [
            "Ohjaa asiakas oikeaan palvelukanavaan",
            "Liittyykö asia työkykyyn tai kuntoutukseen?",
        ],
        "sv": [
            "Hänvisa kunden till rätt servicekanal",
            "Gäller ärendet arbetsförmåga eller rehabilitering?",
            "Fortsätt",
        ],
        "en": ["Refer a customer to the right channel", "Is this about work ability or"],
    },
    "communications": {
        "fi": ["Kelan viestintäkanavat", "Vuonna 2021 Kela julkaisi 14 uutiskirjettä"],
        "sv": [
            "FPA:s kommunikationskanaler",
            "År 2021 gav FPA ut 14 nyhetsbrev",
            "År 2021 utkom den kostnadsfria tidskriften fyra gånger om året.",
            "Sociala medier",
        ],
        "en": [
            "Kela's communication channels",
            "In 2021 the free magazine came out four times a year.",
        ],
    },
}

# Every path through the referral guide: its answers, and the targets it recommends.
GUIDE_PATHS = {
    (("work-ability", "yes"),): ["rehabilitation-referral"],
    (("work-ability", "no"), ("online", "yes")): ["online"],
    (("work-ability", "no"), ("online", "no"), ("complex", "yes")): ["appointment"],
    (("work-ability", "no"), ("online", "no"), ("complex", "no")): ["phone", "service-point"],
}
APPOINTMENT = (("work-ability", "no"), ("online", "no"), ("complex", "yes"))


def text_of(response):
    """The text a reader sees: tags stripped, entities resolved."""
    return html.unescape(strip_tags(response.content.decode()))


def guide_query(answers=APPOINTMENT, lang="en"):
    return f"{PAGES['guide'][lang]}?{urlencode(answers)}"


# --- content after loading -------------------------------------------------------------


def test_the_22_organisers_of_the_csv_in_each_language(loaded):
    organisers = {item.key: item for item in Organiser.objects.all()}
    assert len(organisers) == 22
    for key, kind, name_fi, name_sv, name_en in CSV_ROWS:
        item = organisers[key]
        assert (item.kind, item.name_fi, item.name_sv, item.name_en) == (
            kind,
            name_fi,
            name_sv,
            name_en,
        )
    assert Organiser.objects.filter(kind="county").count() == 21
    assert list(Organiser.objects.filter(kind="city").values_list("name_en", flat=True)) == [
        "City of Helsinki"
    ]


def test_the_organisers_page_lists_every_name_grouped(client, loaded, lang):
    text = text_of(client.get(PAGES["organisers"][lang]))
    column = {"fi": 2, "sv": 3, "en": 4}[lang]
    positions = [text.index(row[column]) for row in CSV_ROWS]
    helsinki = positions.pop()
    assert max(positions) < helsinki  # the 21 counties come first, then the City of Helsinki


@pytest.mark.parametrize(
    ("lang", "roles"),
    [
        (
            "fi",
            [
                "Kelan etuudet ja palvelut ovat osa sosiaali- ja terveydenhuoltoa.",
                "Kelalla on aluekohtaista tilasto- ja tutkimustietoa, jota hyvinvointialueet voivat"
                " käyttää palvelujen suunnitteluun ja päätöksentekoon.",
                "Kela tukee hyvinvointialueita Kanta-palvelujen käyttöönotossa ja päivittämisessä.",
                "Kelan etuuksien monikanavarahoituksen purkamisen mahdollisuutta selvitetään.",
            ],
        ),
        (
            "sv",
            [
                "FPA:s förmåner och tjänster är en del av social- och hälsovården.",
                "FPA har regional statistik och forskningsdata som välfärdsområdena kan använda när"
                " de planerar tjänster och fattar beslut.",
                "FPA stöder välfärdsområdena i att införa och uppdatera Kanta-tjänsterna.",
                "Möjligheten att avveckla flerkanalsfinansieringen av FPA:s förmåner utreds.",
            ],
        ),
        (
            "en",
            [
                "The benefits and services provided by Kela are part of health and social"
                " services.",
                "Kela has region-specific statistical and research data that the wellbeing services"
                " counties can use in planning services and in decision-making.",
                "Kela supports the wellbeing services counties in implementing and updating the"
                " Kanta Services.",
                "The possibility of dismantling the multi-channel financing model of the benefits"
                " available from Kela is being investigated.",
            ],
        ),
    ],
)
def test_the_four_roles_of_kela(client, loaded, lang, roles):
    topic = Topic.objects.get(key="kela-roles")
    assert getattr(topic, f"body_{lang}").count("<li>") == 4
    text = html.unescape(client.get(PAGES["topic"][lang]).content.decode())
    for role in roles:
        assert f"<li>{role}</li>" in text


def test_the_four_referral_channels(loaded):
    channels = list(ServiceChannel.objects.published())
    assert [(c.key, c.name_fi, c.url) for c in channels] == [
        ("online", "Verkkoasiointi OmaKela", "https://www.kela.fi/omakela"),
        ("phone", "Puhelinpalvelu", "https://www.kela.fi/asiakaspalvelu"),
        ("appointment", "Ajanvaraus", "https://www.kela.fi/varaa-aika"),
        ("service-point", "Palvelupiste tai asiointipiste", "https://www.kela.fi/asiakaspalvelu"),
    ]
    for channel in channels:
        for code in LANGUAGES:
            assert getattr(channel, f"name_{code}")
            assert getattr(channel, f"offers_{code}")
            assert getattr(channel, f"when_{code}")


# The source page "Kela sosiaalisessa mediassa": account, platform and the URL it gives
# (the Twitter handles and the Jodel account come without a URL).
SOCIAL_ACCOUNTS = [
    ("facebook", "Kela - Fpa", "https://www.facebook.com/kelafpa/"),
    ("facebook", "Fpa - Kela", "https://www.facebook.com/fpakela/"),
    ("facebook", "Kela-Kerttu", "https://www.facebook.com/kelakerttu/"),
    ("facebook", "Opintotuki", "https://www.facebook.com/opintotuki"),
    ("facebook", "Kanta", "https://www.facebook.com/Kantapalvelut"),
    (
        "facebook",
        "Rajat ylittävän terveydenhuollon yhteyspiste",
        "https://www.facebook.com/rajayhteyspiste",
    ),
    ("twitter", "@KelaFpa", ""),
    ("twitter", "@Kantapalvelut", ""),
    ("twitter", "@kelankuntoutus", ""),
    ("twitter", "@kelantutkimus", ""),
    ("instagram", "@kela_fpa", "http://www.instagram.com/kela_fpa/"),
    ("jodel", "Kelan verifioitu tili", ""),
    ("youtube", "Kelakanava", "https://www.youtube.com/user/Kelakanava"),
    ("linkedin", "Kela", "https://www.linkedin.com/company/kela"),
    ("other", "Kysy Kelasta", "https://kysykelasta.kela.fi/"),
]


def test_every_social_media_account_of_the_source_with_its_url(client, loaded, lang):
    accounts = CommunicationChannel.objects.filter(kind="social")
    assert sorted((a.platform, a.name_fi, a.url) for a in accounts) == sorted(SOCIAL_ACCOUNTS)
    page = client.get(PAGES["communications"][lang]).content.decode()
    hrefs = {a.get("href") for a in elements(page, "a")}
    for _platform, _name, url in SOCIAL_ACCOUNTS:
        if url:
            assert url in hrefs
    assert "@kelantutkimus" in page
    assert not any("twitter.com" in (href or "") for href in hrefs)


def test_news_and_publications(loaded):
    channels = {c.key: c for c in CommunicationChannel.objects.exclude(kind="social")}
    assert "14" in channels["newsletters"].description_en
    assert channels["newsletters"].url == "http://www.kela.fi/uutiskirje"
    assert channels["elamassa"].url == "https://elamassa.fi/"
    magazine = channels["sosiaalivakuutus"]
    assert (magazine.kind, magazine.email, magazine.url) == (
        "magazine",
        "sosiaalivakuutus@kela.fi",
        "",
    )
    assert "neljä kertaa vuodessa" in magazine.description_fi
    assert "ilmainen lehti" in magazine.description_fi
    assert channels["publications"].url == "http://www.kela.fi/julkaisut"


def test_topics_cover_the_partnership_themes(loaded):
    keys = set(Topic.objects.values_list("key", flat=True))
    assert {
        "reform",
        "kela-roles",
        "benefits-and-services",
        "information-resources",
        "kanta-services",
        "multi-channel-financing",
        "te-services-reform",
        "work-ability-programme",
        "talk-to-kela",
        "shared-customer",
        "rehabilitation-referral",
        "kela-fi",
        "customer-service-for-partners",
    } <= keys
    for topic in Topic.objects.all():
        for code in LANGUAGES:
            assert getattr(topic, f"title_{code}") and getattr(topic, f"summary_{code}")
    invitation = Topic.objects.get(key="talk-to-kela")
    assert "@" not in invitation.body_fi + invitation.body_sv + invitation.body_en
    assert "kahdella hankkeella" in Topic.objects.get(key="work-ability-programme").summary_fi


def test_loading_twice_changes_nothing(loaded, capsys):
    call_command("load_content", "--update")
    output = capsys.readouterr().out
    for label in ["Topic", "Organiser", "GuideRule", "CommunicationChannel"]:
        assert f"partners.{label}: " in output
    assert "updated" not in output


# --- pages in three languages ------------------------------------------------------------


@pytest.mark.parametrize("page", list(PAGES))
def test_page_in_each_language(client, loaded, lang, page):
    response = client.get(PAGES[page][lang])
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert len(elements(content, "h1")) == 1
    text = html.unescape(strip_tags(content))
    for expected in EXPECTED[page][lang]:
        assert expected in text
    assert language_links(content) == PAGES[page]


def test_topic_slug_of_another_language_is_not_found(client, loaded):
    assert client.get("/en/partners/topics/kelan-roolit-uudistuksessa/").status_code == 404
    assert client.get("/fi/kumppanit/aiheet/kelas-roles-in-the-reform/").status_code == 404


def test_draft_topic_is_hidden_from_visitors_and_previewed_by_staff(client, admin_client, loaded):
    Topic.objects.filter(key="kela-roles").update(is_published=False)
    assert client.get(PAGES["topic"]["en"]).status_code == 404
    assert "Kela's roles in the reform" not in text_of(client.get(PAGES["index"]["en"]))
    response = admin_client.get(PAGES["topic"]["en"])
    assert response.status_code == 200
    assert "Draft: this item is not published" in text_of(response)


# --- the landing page and the rehabilitation topic ---------------------------------------

TASKS_HEADING = {
    "fi": "Mitä haluat tehdä?",
    "sv": "Vad vill du göra?",
    "en": "What do you want to do?",
}
BACKGROUND = {"fi": "Taustaa", "sv": "Bakgrund", "en": "Background"}


def test_the_landing_page_leads_with_the_tasks_partner_staff_come_for(client, loaded, lang):
    page = client.get(PAGES["index"][lang]).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", main)
    assert headings[:2] == [TASKS_HEADING[lang], BACKGROUND[lang]]
    tasks = main[main.index('id="partners-tasks"') : main.index('id="partners-background"')]
    with translation.override(lang):
        expected = [
            Topic.objects.get(key="rehabilitation-referral").get_absolute_url(),
            reverse("partners:service_channels"),
            reverse("partners:guide"),
            Topic.objects.get(key="customer-service-for-partners").get_absolute_url(),
        ]
        background = [
            Topic.objects.get(key="reform").get_absolute_url(),
            Topic.objects.get(key="kanta-services").get_absolute_url(),
            reverse("partners:communications"),
        ]
    assert [a["href"] for a in elements(tasks, "a")] == expected
    rest = [a["href"] for a in elements(main[main.index('id="partners-background"') :], "a")]
    assert all(href in rest for href in background)


ROLES = {
    "fi": ["Kuka tekee mitä", "Kumppanin työntekijä", "Lääkärille", "Kelassa", "Asiakas"],
    "sv": ["Vem gör vad", "Samarbetspartnerns personal", "För läkare", "Hos FPA", "Kunden"],
    "en": ["Who does what", "Partner staff", "For doctors", "At Kela", "The customer"],
}
NOT_RULES = {
    "fi": ("Edellytykset", "eivät kuntoutuksen myöntämisen ehtoja"),
    "sv": ("Förutsättningar", "inte villkor för att rehabilitering beviljas"),
    "en": ("Conditions", "not conditions for being granted rehabilitation"),
}


def test_the_rehabilitation_topic_says_who_does_what_and_keeps_notes_as_notes(client, loaded, lang):
    with translation.override(lang):
        url = Topic.objects.get(key="rehabilitation-referral").get_absolute_url()
    response = client.get(url)
    text = text_of(response)
    for words in ROLES[lang]:
        assert words in text
    heading, disclaimer = NOT_RULES[lang]
    assert f"<h2>{heading}</h2>" not in response.content.decode()
    assert disclaimer in text
    hrefs = {a.get("href") for a in elements(response.content.decode(), "a")}
    assert (
        "https://www.kela.fi/yhteistyokumppanit-kuntoutuspalvelut-nain-ohjaat-kuntoutukseen"
        in hrefs
    )
    assert "https://www.kela.fi/yhteistyokumppanit-asiakaspalvelu" in hrefs


# --- the referral guide ------------------------------------------------------------------


def asked(response):
    """The names of the questions the guide page shows."""
    return [
        i["name"] for i in elements(response.content.decode(), "input") if i.get("type") == "radio"
    ][::2]


def test_every_path_reaches_an_answer_in_at_most_three_questions(client, loaded):
    """Walks the guide as a reader does, answering each new question both ways."""
    found, waiting = {}, [()]
    while waiting:
        answers = waiting.pop()
        response = client.get(guide_query(answers))
        assert response.status_code == 200
        assert asked(response) == [key for key, _answer in answers] + (
            [] if response.context["results"] is not None else asked(response)[len(answers) :]
        )
        if response.context["results"] is not None:
            found[answers] = [rule.target.key for rule in response.context["results"]]
            continue
        (new,) = asked(response)[len(answers) :]  # one new question at a time
        assert len(answers) < 3
        waiting += [(*answers, (new, "yes")), (*answers, (new, "no"))]
    assert found == GUIDE_PATHS
    assert max(len(path) for path in found) == 3


def test_a_question_is_shown_only_after_the_answer_it_follows(client, loaded, lang):
    first = client.get(PAGES["guide"][lang])
    assert asked(first) == ["work-ability"]
    assert first.context["results"] is None
    assert not first.context["form"].errors
    after_no = client.get(guide_query((("work-ability", "no"),), lang))
    assert asked(after_no) == ["work-ability", "online"]
    assert not after_no.context["form"].errors  # a question that has just come up is no error
    assert asked(client.get(guide_query((("work-ability", "yes"),), lang))) == ["work-ability"]
    # Changing an earlier answer drops the questions that followed the old one.
    changed = client.get(guide_query((("work-ability", "yes"), ("online", "no")), lang))
    assert asked(changed) == ["work-ability"]
    assert [r.target.key for r in changed.context["results"]] == ["rehabilitation-referral"]


WHO_DOES_WHAT = {
    "fi": [
        "Mitä sinä teet",
        "Ohjaa asiakas varaamaan aika osoitteessa kela.fi/varaa-aika.",
        "Mitä asiakas tekee",
        "Asiakas varaa ajan, jolloin hänen asiansa käydään läpi.",
        "Palvelukanava",
    ],
    "sv": [
        "Vad du gör",
        "Hänvisa kunden att boka en tid på adressen kela.fi/varaa-aika.",
        "Vad kunden gör",
        "Kunden bokar en tid då kundens ärenden gås igenom.",
        "Servicekanal",
    ],
    "en": [
        "What you do",
        "Direct the customer to book an appointment at kela.fi/varaa-aika.",
        "What the customer does",
        "The customer books a time at which their matters are gone through.",
        "Channel",
    ],
}


def test_the_answer_says_who_does_what_with_the_channels_link(client, loaded, lang):
    response = client.get(guide_query(APPOINTMENT, lang))
    text = text_of(response)
    for words in WHO_DOES_WHAT[lang]:
        assert words in text
    heading = {
        "fi": "Suositus tälle asiakkaalle",
        "sv": "Rekommendation för den här kunden",
        "en": "Recommended for this customer",
    }[lang]
    assert heading in text
    hrefs = {a.get("href") for a in elements(response.content.decode(), "a")}
    assert "https://www.kela.fi/varaa-aika" in hrefs
    # The answers stay selected, and the switcher keeps them in the other languages.
    checked = [i for i in elements(response.content.decode(), "input") if "checked" in i]
    assert [i["name"] for i in checked] == [key for key, _answer in APPOINTMENT]
    assert language_links(response.content.decode())["sv"] == guide_query(APPOINTMENT, "sv")


def test_the_rehabilitation_answer_links_kelas_referral_guidance(client, loaded, lang):
    response = client.get(guide_query((("work-ability", "yes"),), lang))
    hrefs = {a.get("href") for a in elements(response.content.decode(), "a")}
    assert (
        "https://www.kela.fi/yhteistyokumppanit-kuntoutuspalvelut-nain-ohjaat-kuntoutukseen"
        in hrefs
    )
    with translation.override(lang):
        assert Topic.objects.get(key="rehabilitation-referral").get_absolute_url() in hrefs
    assert {"fi": "Mitä sinä teet", "sv": "Vad du gör", "en": "What you do"}[lang] in text_of(
        response
    )


def test_guide_form_is_a_get_form_of_fieldsets(client, loaded):
    content = client.get(PAGES["guide"]["en"]).content.decode()
    form = elements(content, "form")
    assert [f.get("method") for f in form if "partners-guide" in f.get("class", "")] == ["get"]
    assert len(elements(content, "fieldset")) == len(elements(content, "legend")) == 1
    assert len([i for i in elements(content, "input") if i.get("type") == "radio"]) == 2
    assert "Recommended for this customer" not in content


ERROR_TITLE = {"fi": "Virhe: ", "sv": "Fel: ", "en": "Error: "}


def test_a_question_sent_without_an_answer_gets_an_error_summary(client, loaded, lang):
    response = client.get(f"{PAGES['guide'][lang]}?work-ability=no&asked=online")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<title>(.*?)</title>", page).group(1).startswith(ERROR_TITLE[lang])
    summary = page[page.index("error-summary") : page.index("</div>", page.index("error-summary"))]
    (link,) = elements(summary, "a")
    assert link["href"] == "#id_online_0"
    assert 'id="id_online_0"' in page
    assert {"fi": "Valitse kyllä tai ei.", "sv": "Välj ja eller nej.", "en": "Choose yes or no."}[
        lang
    ] in text_of(response)
    assert response.context["results"] is None


@pytest.mark.parametrize(
    "query",
    [
        "work-ability=maybe",
        "work-ability=no&online=kanske&complex=no",
        "unknown=1&asked=unknown",
        "work-ability=&asked=work-ability",
        "work-ability=%00&online=%ff%fe",
        "%ff=%ff",
        "work-ability=" + "x" * 5000,
        "work-ability[]=yes&asked=asked",
    ],
)
def test_malformed_guide_query_gives_the_form_without_a_recommendation(client, loaded, query):
    response = client.get(f"{PAGES['guide']['en']}?{query}")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "work-ability" in asked(response)


def test_guide_rules_and_questions_are_data(client, loaded):
    rule = GuideRule.objects.get(key="online-yes")
    rule.channel = ServiceChannel.objects.get(key="appointment")
    rule.reason_en = "Edited reason."
    rule.save()
    question = GuideQuestion.objects.create(
        key="student",
        text_fi="Opiskeleeko asiakas?",
        text_en="Is the customer a student?",
        follows=GuideQuestion.objects.get(key="online"),
        follows_answer=True,
        order=9,
    )
    GuideRule.objects.create(
        key="student-no",
        question=question,
        answer=False,
        channel=ServiceChannel.objects.get(key="phone"),
        reason_fi="Syy.",
    )
    online = (("work-ability", "no"), ("online", "yes"))
    # The new question follows the answer yes, so the guide now asks it before answering.
    response = client.get(guide_query(online))
    assert response.context["results"] is None
    assert "Is the customer a student?" in text_of(response)
    response = client.get(guide_query((*online, ("student", "no"))))
    assert [rule.target.key for rule in response.context["results"]] == ["appointment", "phone"]
    assert "Edited reason." in text_of(response)


def test_a_fourth_question_on_a_path_is_refused(loaded, lang):
    question = GuideQuestion(
        key="fourth",
        text_fi="Neljäs?",
        follows=GuideQuestion.objects.get(key="complex"),
        follows_answer=True,
    )
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert {
        "fi": "Opas kysyy millä tahansa polulla enintään 3 kysymystä.",
        "sv": "Guiden ställer högst 3 frågor oavsett väg.",
        "en": "The guide asks at most 3 questions on any path.",
    }[lang] in refused.value.message_dict["follows"]


def test_one_follow_up_per_answer_and_never_half_a_link(loaded):
    online = GuideQuestion.objects.get(key="online")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideQuestion.objects.create(
            key="again", text_fi="x", follows=online.follows, follows_answer=False
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideQuestion.objects.create(key="half", text_fi="x", follows=online)


def test_unpublished_rules_and_channels_are_not_recommended(client, loaded):
    ServiceChannel.objects.filter(key="phone").update(is_published=False)
    path = (("work-ability", "no"), ("online", "no"), ("complex", "no"))
    response = client.get(guide_query(path))
    assert [rule.target.key for rule in response.context["results"]] == ["service-point"]
    GuideRule.objects.filter(key="complex-no-service-point").update(is_published=False)
    cache.clear()  # update() saves no item, so it announces no new content version
    response = client.get(guide_query(path))
    assert response.context["results"] == []
    assert "None of the answers points to a particular channel." in text_of(response)


def test_a_rule_recommends_either_a_channel_or_a_topic(loaded):
    question = GuideQuestion.objects.get(key="online")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideRule.objects.create(
            key="both",
            question=question,
            answer=True,
            reason_fi="x",
            channel=ServiceChannel.objects.first(),
            topic=Topic.objects.first(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideRule.objects.create(key="none", question=question, answer=True, reason_fi="x")


def test_slugs_are_unique_per_language(loaded):
    topic = Topic.objects.get(key="kela-roles")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(
            key="copy",
            section="reform",
            title_fi="Kopio",
            summary_fi="Kopio.",
            slug_fi="kopio",
            slug_sv=topic.slug_sv,
            slug_en="copy",
        )


# --- rich text and the admin -------------------------------------------------------------

ADMIN = f"/{settings.ADMIN_PATH}partners/"


def test_rich_text_entered_in_the_admin_is_sanitised(client, admin_client, loaded, settings):
    settings.PUBLISHING_FOUR_EYES = False
    dirty = '<p>Safe text</p><script>alert("x")</script><img src="x" onerror="alert(1)">'
    data = {
        "key": "dirty",
        "is_published": "on",
        "section": "reform",
        "order": "99",
        "title_fi": "Likainen",
        "title_sv": "Smutsig",
        "title_en": "Dirty",
        "slug_fi": "likainen",
        "slug_sv": "smutsig",
        "slug_en": "dirty",
        "summary_fi": "Tiivistelmä.",
        "summary_sv": "Sammanfattning.",
        "summary_en": "Summary.",
        "body_fi": dirty,
        "body_sv": dirty,
        "body_en": dirty,
    }
    response = admin_client.post(f"{ADMIN}topic/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    topic = Topic.objects.get(key="dirty")
    assert admin_client.post(f"{ADMIN}topic/{topic.pk}/publishing/publish/").status_code == 302
    topic.refresh_from_db()
    assert "<script" not in topic.body_en and "onerror" not in topic.body_en
    for path in ["/en/partners/topics/dirty/", "/sv/samarbetspartner/amnen/smutsig/"]:
        page = client.get(path).content.decode()
        assert "Safe text" in page
        assert "<script" not in page
        assert "onerror" not in page
        assert 'alert("x")' not in page


@pytest.mark.parametrize(
    "model", ["organiser", "topic", "servicechannel", "communicationchannel", "guidequestion"]
)
def test_admin_pages(admin_client, loaded, model):
    assert admin_client.get(f"{ADMIN}{model}/").status_code == 200
    assert admin_client.get(f"{ADMIN}{model}/add/").status_code == 200
    assert admin_client.get(f"{ADMIN}{model}/?q=kela").status_code == 200


def test_guide_rules_are_edited_under_their_question(admin_client, loaded):
    question = GuideQuestion.objects.get(key="online")
    response = admin_client.get(f"{ADMIN}guidequestion/{question.pk}/change/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "rules-0-reason_fi" in content
    assert "rules-0-channel" in content


# --- bounded queries ---------------------------------------------------------------------


def add_many():
    Organiser.objects.bulk_create(
        Organiser(
            key=f"extra-{i}",
            kind="county",
            name_fi=f"Alue {i}",
            name_sv=f"Område {i}",
            name_en=f"County {i}",
            slug_fi=f"alue-{i}",
            slug_sv=f"omrade-{i}",
            slug_en=f"county-{i}",
            order=100 + i,
        )
        for i in range(100)
    )
    Topic.objects.bulk_create(
        Topic(
            key=f"extra-{i}",
            section=["reform", "guidance"][i % 2],
            title_fi=f"Aihe {i}",
            title_sv=f"Ämne {i}",
            title_en=f"Topic {i}",
            slug_fi=f"aihe-{i}",
            slug_sv=f"amne-{i}",
            slug_en=f"topic-{i}",
            summary_fi="Tiivistelmä.",
            body_fi="<p>Teksti.</p>",
            order=100 + i,
        )
        for i in range(100)
    )


QUERY_PAGES = [*(paths["en"] for paths in PAGES.values()), guide_query(APPOINTMENT)]


def count_queries(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", QUERY_PAGES)
def test_pages_run_a_bounded_number_of_queries(client, loaded, path, django_assert_max_num_queries):
    before = count_queries(client, path)
    add_many()
    cache.clear()
    with django_assert_max_num_queries(4):
        assert client.get(path).status_code == 200
    assert count_queries(client, path) == before
    if "organisers" in path:
        assert "Alue 99" not in text_of(client.get(path))  # English page, English names
        assert "County 99" in text_of(client.get(path))


FINNISH_NAMES = ["Sosiaalivakuutus", "Elämässä.fi", "Kelakanava", "Kysy Kelasta", "@kelantutkimus"]


def test_finnish_names_are_marked_finnish_on_swedish_and_english_pages(client, loaded, lang):
    """Screen readers read Sosiaalivakuutus and Kysy Kelasta with a Finnish voice everywhere."""
    page = html.unescape(client.get(PAGES["communications"][lang]).content.decode())
    for name in FINNISH_NAMES:
        assert name in page
        if name != "Kysy Kelasta":  # the introduction marks it on every page
            assert (f'<span lang="fi">{name}</span>' in page) is (lang != "fi"), name
    if lang != "fi":
        assert page.count('<span lang="fi">Kysy Kelasta</span>') == 2  # the account, the intro
    with translation.override(lang):
        newsletters = CommunicationChannel.objects.get(key="newsletters").name
    assert f"<h3>{newsletters}</h3>" in page  # a translated name is in the page's language


def test_a_finnish_name_in_translated_rich_text_is_marked(client, loaded, lang):
    with translation.override(lang):
        url = Topic.objects.get(key="kela-fi").get_absolute_url()
    page = client.get(url).content.decode()
    links = re.findall(r"<a ([^>]*)>Kysy Kelasta</a>", page)
    assert len(links) == 1
    assert ('lang="fi"' in links[0]) is (lang != "fi")
