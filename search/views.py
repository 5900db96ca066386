from django.core.paginator import Paginator
from django.shortcuts import render

from . import query as site_search


def search(request):
    """The search page: results ranked, highlighted and paged; any input is safe."""
    query = site_search.clean_query(request.GET.get("q", ""))
    page = None
    if query:
        results = site_search.search(query, request.LANGUAGE_CODE)
        page = Paginator(results, site_search.PAGE_SIZE).get_page(request.GET.get("page"))
        for document in page:
            document.snippet = site_search.snippet(document)
    return render(request, "search/search.html", {"query": query, "page": page})
