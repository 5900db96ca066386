"""Which failed admin logins count together (django-axes' AXES_LOCKOUT_PARAMETERS callable)."""

from axes.models import AccessAttempt
from django.conf import settings

from kela_portal.proxies import client_address

BY_USER_AT_ADDRESS = [["username", "ip_address"]]


def lockout_parameters(request_or_attempt, credentials=None):
    """Failures count per user name and client address. axes keeps a record for each user name
    (and browser) that fails from an address, until the cool-off ends: an address that has
    LOGIN_FAILURE_ADDRESS_RECORDS of them also counts as a whole, which locks it out and so
    stops it adding records with ever new names. axes passes a request or, for a record, the
    record itself."""
    if isinstance(request_or_attempt, AccessAttempt):
        return BY_USER_AT_ADDRESS
    records = AccessAttempt.objects.filter(ip_address=client_address(request_or_attempt))
    if records.count() >= settings.LOGIN_FAILURE_ADDRESS_RECORDS:
        return [*BY_USER_AT_ADDRESS, "ip_address"]
    return BY_USER_AT_ADDRESS
