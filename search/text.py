"""Words of a text as the search sees them: split, case-folded, stemmed (Snowball).

PostgreSQL stems with its own text search configurations; these are for SQLite's FTS5 index,
the highlighting of its snippets and the vocabulary of "did you mean".
"""

import re
import threading
from functools import cache, lru_cache

import Stemmer
from django.conf import settings
from django.utils import translation

WORD = re.compile(r"[^\W_]+")
_local = threading.local()  # a stemmer object is not safe to share between threads


def text_search_config(language):
    """The language's name as PostgreSQL's text search configuration and Snowball know it:
    "finnish" for fi, and so on."""
    return translation.get_language_info(language)["name"].lower()


def words(text):
    return [word.casefold() for word in WORD.findall(text)]


# Every character whose case-folding is not itself lies in Unicode's first two planes (a test
# reads all the others).
CASED = range(0x20000)


@cache
def _folding_to():
    """For each character a case-folding begins with, the word characters whose case-folding
    is another text beginning with it ("k": "K", "K"; "s": "S", "ß", "ſ", "ﬅ" ...)."""
    found = {}
    for char in map(chr, CASED):
        folded = char.casefold()
        if folded != char and WORD.fullmatch(char):
            found.setdefault(folded[0], []).append(char)
    return found


@lru_cache(maxsize=1024)
def words_beginning(initials):
    """A pattern of the words of a text whose case-folding begins with one of `initials`
    (characters as case-folding gives them), matched whole: the words that begin with one of
    them in any case, or with a character whose case-folding begins with one ("ß" for "s")."""
    chars = {
        char
        for initial in initials
        for char in [initial, *_folding_to().get(initial, ())]
        if WORD.fullmatch(char) and char.casefold()[0] in initials
    }
    if not chars:  # no initials: no word
        return re.compile(r"(?!)")
    # The character class first, so that the text is scanned for its characters alone; a word
    # begins where the character before is not a word character.
    return re.compile(rf"[{''.join(map(re.escape, sorted(chars)))}](?<![^\W_]{{2}})[^\W_]*")


def acronyms(text):
    """Words with two capitals or more, such as IT, TE or OmaKela: searchable even where the
    language counts them as stop words ("it" in English)."""
    return [word for word in WORD.findall(text) if sum(c.isupper() for c in word) >= 2]


def stemmer(language):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = Stemmer.Stemmer(text_search_config(language))
    return stemmers[language]


def stems(text, language):
    return stemmer(language).stemWords(words(text))


def analysis_language(language, is_fallback):
    """Untranslated documents hold Finnish text, so they are analysed as Finnish."""
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE if is_fallback else language
