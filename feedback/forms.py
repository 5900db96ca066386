from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import MESSAGE_MAX_LENGTH, Feedback


def grouped(number):
    """A count as the active language writes it (5 000 / 5,000)."""
    return number_format(number, force_grouping=True)


def limit_hint():
    return _("You can enter up to %(limit)s characters.") % {"limit": grouped(MESSAGE_MAX_LENGTH)}


class FeedbackForm(forms.ModelForm):
    # GOV.UK's character count: the limit is said up front, static/js/character-count.js
    # counts as the visitor types, and the server refuses a longer message. No maxlength:
    # it would cut a pasted text without a word.
    message = forms.CharField(
        label=_("Your feedback (required)"),
        help_text=lazy(limit_hint, str)(),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your feedback before sending.")},
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Feedback
        fields = ["message", "name", "email", "page_url"]
        labels = {
            "name": _("Name"),
            "email": _("E-mail address"),
            "page_url": _("Page address"),
        }

    def clean_message(self):
        # Browsers send a line break as CR LF but count it as one character, as the count does.
        message = self.cleaned_data["message"].replace("\r\n", "\n")
        over = len(message) - MESSAGE_MAX_LENGTH
        if over > 0:
            raise forms.ValidationError(
                ngettext(
                    "Your feedback must be %(limit)s characters or fewer. "
                    "Remove %(over)s character.",
                    "Your feedback must be %(limit)s characters or fewer. "
                    "Remove %(over)s characters.",
                    over,
                )
                % {"limit": grouped(MESSAGE_MAX_LENGTH), "over": grouped(over)}
            )
        return message

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""
