def preview(request):
    """The preview an editor is looking at (publishing.admin), for the banner at the top of
    every public page; None elsewhere. Given to the templates here: a template that reads a
    request attribute that is missing lists all the request's attributes (dir()) each time.
    `draft_preview` (an unpublished item shown to staff) is False unless the view says
    otherwise: a variable missing from the context costs the template an exception."""
    return {
        "publishing_preview": getattr(request, "publishing_preview", None),
        "draft_preview": False,
    }
