from django import forms
from django.utils.translation import gettext_lazy as _

YES, NO = "yes", "no"
CHOICE_ERROR = _("Choose yes or no.")
# The hidden field naming the question the reader was last shown: left unanswered, it is an error.
ASKED = "asked"


class GuideForm(forms.Form):
    """The referral guide's questions on the reader's path, each a yes/no field named by its key.

    A question that has just come up is not an error; one the reader was shown (the hidden
    field `asked`) and sent without an answer is.
    """

    def __init__(self, *args, path, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[ASKED] = forms.CharField(required=False, widget=forms.HiddenInput)
        for question, _answer in path:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": CHOICE_ERROR},
            )
        self.current = path[-1][0].key if path and path[-1][1] is None else None
        self.initial[ASKED] = self.current

    def clean(self):
        data = super().clean()
        asked = data.get(ASKED)
        unanswered = asked in self.fields and asked != ASKED and not data.get(asked)
        if unanswered and asked not in self.errors:
            self.add_error(asked, CHOICE_ERROR)
        return data

    def questions(self):
        """The bound fields of the questions, without the hidden one."""
        return [self[name] for name in self.fields if name != ASKED]
