from django.shortcuts import get_object_or_404, render

from publishing.models import last_changed
from publishing.visibility import visible_to

from .models import Contact, Page


def page(request, key):
    item = get_object_or_404(visible_to(request, Page.objects.all()), key=key)
    contacts = list(item.contacts(visible_to(request, Contact.objects.all())))
    return render(
        request,
        "pages/page.html",
        {
            "page": item,
            "contacts": contacts,
            "updated": last_changed([item, *contacts]),
            "draft_preview": not item.is_published,
        },
    )
