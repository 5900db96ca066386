import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kela_portal.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - needs the settings loaded

from kela_portal.database import bound_web_requests  # noqa: E402

bound_web_requests()
gc.set_threshold(settings.GC_THRESHOLD, *gc.get_threshold()[1:])  # web workers only
