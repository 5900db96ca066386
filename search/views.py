from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext

from kela_portal.cache import cache_query

from . import query as site_search

# The number of results, for the query report (search.report), which removes it.
RESULT_COUNT_HEADER = "X-Search-Result-Count"


@cache_query("q", "page")
def search(request):
    """The search page: promoted results first, then the results ranked, highlighted and
    paged, and a better spelling when little is found; any input is safe."""
    query = site_search.clean_query(request.GET.get("q", ""))
    page = suggestion = title = status = None
    promoted, shown, total, start, paged = [], [], 0, 1, False
    if query:
        language = request.LANGUAGE_CODE
        promoted = site_search.promoted(query, language, request)
        results = site_search.search(query, language, [d.pk for d in promoted], request)
        page = Paginator(results, site_search.PAGE_SIZE).get_page(request.GET.get("page"))
        if page.number > 1:
            promoted = []
        shown = [*promoted, *page]
        start = 1 if promoted else page.start_index()  # the number of the first result shown
        paged = page.has_other_pages()
        for position, document in enumerate(shown):
            document.recommended = position < len(promoted)
            document.snippet = site_search.snippet(document, query)
        total = page.paginator.count + len(promoted)
        if total < site_search.FEW_RESULTS:
            suggestion = site_search.suggestion(query, language)
        # Here rather than as {% blocktranslate %} in the template, which cost as much as the
        # rest of the page's text.
        title = gettext("Search: %(query)s") % {"query": query}
        status = ngettext(
            "%(counter)s result for “%(query)s”", "%(counter)s results for “%(query)s”", total
        ) % {"counter": localize(total), "query": query}
    response = render(
        request,
        "search/search.html",
        {
            "query": query,
            "title": title,
            "status": status,
            "page": page,
            "promoted": promoted,
            "results": shown,
            "start": start,
            "paged": paged,
            "total": total,
            "suggestion": suggestion,
        },
    )
    if page is not None and request.GET.get("page", "1") == "1":  # a search, not paging
        response[RESULT_COUNT_HEADER] = str(total)
    if query:
        # Results are no page of their own for search engines: a link to a search for any
        # words (spam among them) would otherwise put those words in their index as ours.
        response["X-Robots-Tag"] = "noindex"
    return response
