from django.shortcuts import get_object_or_404, render

from publishing.visibility import visible_to

from .models import Page


def page(request, key):
    item = get_object_or_404(visible_to(request, Page.objects.all()), key=key)
    return render(
        request, "pages/page.html", {"page": item, "draft_preview": not item.is_published}
    )
