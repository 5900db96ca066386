from django import forms
from django.utils.translation import gettext_lazy as _

YES, NO = "yes", "no"
CHOICE_ERROR = _("Choose yes or no.")


class GuideForm(forms.Form):
    """The referral guide: one yes/no question per GuideQuestion, named by its key."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
            )

    def answers(self):
        """{question key: True for yes, False for no} of a valid form."""
        return {key: value == YES for key, value in self.cleaned_data.items()}
