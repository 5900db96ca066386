import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Act on the Provision of Digital Services (306/2019) gives 14 days to answer accessibility
# feedback; the accessibility statement promises it.
ANSWER_DAYS = 14
# Characters a feedback message may have; the form says so up front and counts them.
MESSAGE_MAX_LENGTH = 5000


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the month's last day if shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


class FeedbackQuerySet(models.QuerySet):
    def expired(self, now=None):
        """Messages older than the retention period (settings.FEEDBACK_RETENTION_MONTHS)."""
        cutoff = months_before(now or timezone.now(), settings.FEEDBACK_RETENTION_MONTHS)
        return self.filter(created_at__lt=cutoff)


class Feedback(models.Model):
    """Feedback sent through the accessibility feedback channel; handled by editors."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ANSWERED = "answered", _("answered")

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    page_url = models.CharField(_("page address"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    answered_at = models.DateField(_("date answered"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    # Editors read and answer feedback (publishing.groups); nobody adds it in the admin.
    editor_actions = ("view", "change")

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(message=""), name="feedback_message_not_empty"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MESSAGE_MAX_LENGTH),
                name="feedback_message_max_length",
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    def answer_days_left(self, today=None):
        """Days left of the 14-day answer time (negative when late); None once answered."""
        if self.status == self.Status.ANSWERED:
            return None
        today = today or timezone.localdate()
        due = timezone.localtime(self.created_at).date() + datetime.timedelta(days=ANSWER_DAYS)
        return (due - today).days
