"""Static files: hashed and compressed by collectstatic, served by whitenoise."""

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

# The manifest collectstatic writes into STATIC_ROOT (Django's documented name).
MANIFEST = "staticfiles.json"


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed addresses once collectstatic has written the manifest; before that (a new
    checkout, or a container whose migrations run first) each file's own address.

    `migrate` renders pages, for the search index reads them after every migration: without
    this, it fails with "Missing staticfiles manifest entry" until collectstatic has run.
    A file missing from a manifest that exists is still an error.
    """

    def url(self, name, force=False):
        try:
            return super().url(name, force)
        except ValueError:
            if self.exists(MANIFEST):
                raise
            return StaticFilesStorage.url(self, name)
