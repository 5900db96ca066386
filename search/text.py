"""Words of a text as the search sees them: split, case-folded, stemmed (Snowball).

PostgreSQL stems with its own text search configurations; these are for SQLite's FTS5 index,
the highlighting of its snippets and the vocabulary of "did you mean".
"""

import re
import threading

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
