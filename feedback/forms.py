from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Feedback
        fields = ["message", "name", "email", "page_url"]
        labels = {
            "message": _("Your feedback (required)"),
            "name": _("Name"),
            "email": _("E-mail address"),
            "page_url": _("Page address"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}
        error_messages = {"message": {"required": _("Write your feedback before sending.")}}

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""
