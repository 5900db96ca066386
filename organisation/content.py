"""Content of the organisation app, loaded from its data files (see kela_portal.content)."""


def load(loader):
    """Load this app's items through the shared loader (filled in by the app's issue)."""
