"""Interface strings of Django's admin and django-reversion that their catalogues lack in
Finnish. Listed here, makemessages keeps them in publishing's catalogues, which Django reads
after the packages' own: the admin is then wholly in the editor's language."""

from django.utils.translation import gettext_noop

MESSAGES = [
    # django.contrib.admin (index and the user pages)
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    # django-reversion (no Finnish catalogue)
    gettext_noop("Initial version."),
    gettext_noop("Deleted %(verbose_name)s."),
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
    gettext_noop("Recover %(name)s"),
    gettext_noop("Revert %(name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the save button below to revert to this version of the object."),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Choose a date from the list below to recover a deleted version of an object."),
    gettext_noop("There are no deleted objects to recover."),
]
