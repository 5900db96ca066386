"""Errors of the API as problem details (RFC 9457): a JSON object whose title is the status's
phrase and whose detail says what went wrong, sent as application/problem+json."""

import json
from http import HTTPStatus

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

MEDIA_TYPE = "application/problem+json"


def response(status, detail, **extensions):
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=MEDIA_TYPE
    )
