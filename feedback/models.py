from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """Feedback sent through the accessibility feedback channel; handled by editors."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ANSWERED = "answered", _("answered")

    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    message = models.TextField(_("message"), max_length=5000)
    page_url = models.CharField(_("page address"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=5)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    answered_at = models.DateField(_("date answered"), null=True, blank=True)

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
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_status_display()}"
