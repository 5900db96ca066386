"""Search snippets against a plain reference: any Unicode text, the matches anywhere in it."""

import html
import sys
from itertools import groupby
from types import SimpleNamespace

import pytest
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from search import query
from search.text import CASED, WORD, analysis_language, stemmer, words_beginning


def reference(document, text):
    """The snippet as a visitor should see it, written out plainly: the text's words are its
    runs of letters and digits; a word matches when, case-folded by itself, it begins with a
    prefix of a word of the query or its stem is one of that word's stems; the snippet is the
    30 words from 10 before the first match (the first 30 when none matches), the text
    between them kept and escaped, each match in <mark>, "…" where words come before or after
    it; a text without words shows its first 240 characters."""
    body = document.body
    words, offset = [], 0
    for is_word, run in groupby(body, str.isalnum):
        run = "".join(run)
        if is_word:
            words.append((offset, run))
        offset += len(run)
    if not words:
        return html.escape(body[:240])
    read = query.read_words(text, document.language)
    stem = stemmer(analysis_language(document.language, document.is_fallback)).stemWord

    def matches(word):
        folded = word.casefold()
        return any(stem(folded) in w.stems or folded.startswith(w.prefixes) for w in read)

    hits = [n for n, (_, word) in enumerate(words) if matches(word)]
    start = max(hits[0] - 10, 0) if hits else 0
    shown = words[start : start + 30]
    snippet, position = "… " if start else "", shown[0][0]
    for at, word in shown:
        if matches(word):
            snippet += html.escape(body[position:at]) + "<mark>" + html.escape(word) + "</mark>"
            position = at + len(word)
    last_at, last = shown[-1]
    snippet += html.escape(body[position : last_at + len(last)])
    return snippet + (" …" if start + 30 < len(words) else "")


QUERIES = [
    "Kela", "kuntoutukseen", "OmaKela", "İstanbul", "ıspanak", "straße", "välfärdsområdet",
    "rehabilitation", "dying", "ﬁnland", "Σοφία", "שלום", "مرحبا", "😀 kela", "e\u0301tude",
]  # fmt: skip
# Words a text may hold: forms of the queries in any case, letters whose case-folding is
# longer or shorter than they are (İ, ß, ﬁ), combining marks, right-to-left scripts, emoji.
FORMS = [
    "Kela", "KELAN", "kelalle", "OmaKelassa", "İstanbulin", "ISTANBUL", "ıstanbul", "İİİ",
    "kuntoutus", "KUNTOUTUKSEEN", "Straße", "STRASSE", "välfärdsområde", "Rehabilitation",
    "die", "DYING", "ﬁnland", "ΣΟΦΊΑ", "σοφίας", "שלום", "مرحبا", "😀", "e\u0301tude",
    "ǅemal", "<b>", "&amp;", "\u200f", "5 < 7",
]  # fmt: skip
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "_", "-", "'", "\u0301", "\u00a0", "\u200f", ""]


def words(forms, most):
    """Up to `most` words (any number as likely as another) of the forms, each with a
    separator after it."""
    word = st.tuples(forms, st.sampled_from(SEPARATORS)).map("".join)
    return (
        st.integers(0, most).flatmap(lambda n: st.lists(word, min_size=n, max_size=n)).map("".join)
    )


# Any words, then some where the forms are likely, then any words again: the matches lie
# anywhere, from a text's first word to far beyond its first thirty.
texts = st.tuples(
    words(st.text(max_size=8), 100),
    words(st.sampled_from(FORMS) | st.text(max_size=8), 40),
    words(st.text(max_size=8), 100),
).map("".join)


@settings(max_examples=500)
@given(
    body=st.one_of(texts, st.text()),
    text=st.sampled_from(QUERIES) | st.text(max_size=20),
    language=st.sampled_from(["fi", "sv", "en"]),
    is_fallback=st.booleans(),
)
def test_the_snippet_is_the_plain_reference_for_any_text(body, text, language, is_fallback):
    document = SimpleNamespace(body=body, language=language, is_fallback=is_fallback)
    snippet = query.snippet(document, text)
    assert isinstance(snippet, SafeString)
    assert snippet == reference(document, text)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_dotted_capital_i_leaves_the_other_matches_marked(language):
    """The Turkish dotted capital I ("İ") is two characters case-folded: the text's other
    words are marked all the same, the first one too."""
    body = "Kela maksaa kuntoutusta, myös İstanbulin matkoille, ja KELAN tuki."
    document = SimpleNamespace(body=body, language=language, is_fallback=False)
    assert query.snippet(document, "kela") == (
        "<mark>Kela</mark> maksaa kuntoutusta, myös İstanbulin matkoille,"
        " ja <mark>KELAN</mark> tuki"
    )


@settings(max_examples=500)
@given(
    body=st.one_of(texts, st.text()),
    text=st.sampled_from(QUERIES) | st.text(max_size=20),
    language=st.sampled_from(["fi", "sv", "en"]),
    is_fallback=st.booleans(),
)
def test_the_words_a_snippet_reads_hold_every_matching_word(body, text, language, is_fallback):
    """The snippet tests only the words the query's pattern finds: among them is every word
    of the text the plain rule matches, whole."""
    candidates, matches = query.matcher(text, language, analysis_language(language, is_fallback))
    found = {(word.start(), word.end()) for word in candidates.finditer(body)}
    offset = 0
    for is_word, run in groupby(body, str.isalnum):
        run = "".join(run)
        if is_word and matches(run):
            assert (offset, offset + len(run)) in found
        offset += len(run)


# Endings the stemmers remove or change, after a word's first character.
ENDINGS = {
    "fi": ["", "n", "ssa", "ineen", "kin"],
    "sv": ["", "s", "arna", "heter", "lig"],
    "en": ["", "ies", "ing", "ly", "ational"],
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_stem_begins_with_the_first_character_of_its_word(language):
    """What the query's pattern relies on: Snowball changes a word's end only, so the stem of
    a case-folded word, with any first character, begins with that character."""
    chars = [chr(code) for code in range(sys.maxunicode + 1)]
    firsts = [char.casefold() for char in chars if WORD.fullmatch(char)]
    words = [first + ending for first in firsts for ending in ENDINGS[language]]
    for word, stem in zip(words, stemmer(language).stemWords(words), strict=True):
        assert stem[:1] == word[0], word


def test_every_character_whose_case_folding_differs_is_in_the_cased_range():
    beyond = range(CASED.stop, sys.maxunicode + 1)
    assert [code for code in beyond if chr(code).casefold() != chr(code)] == []


@pytest.mark.parametrize(
    ("initial", "words"),
    [
        ("k", ["kela", "Kela", "KELA", "\u212aela"]),  # the last with the Kelvin sign
        ("s", ["straße", "STRASSE", "ßtraße", "\u017ftraße", "\ufb05ra"]),  # ſ, ﬅ
        ("i", ["istanbul", "İstanbul", "ISTANBUL"]),
        ("σ", ["σοφία", "ΣΟΦΊΑ", "ςοφία"]),
    ],
)
def test_the_words_beginning_with_a_letter_in_any_case_are_found_whole(initial, words):
    body = " ".join([*words, *(f"a{word}" for word in words)])  # not from within a word
    found = [word.group() for word in words_beginning(frozenset(initial)).finditer(body)]
    assert found == words
