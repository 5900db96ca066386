import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kela_portal.settings")

application = get_wsgi_application()

from kela_portal.database import bound_web_requests  # noqa: E402 - needs the settings loaded

bound_web_requests()
