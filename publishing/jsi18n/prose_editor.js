// The strings django-prose-editor's dialogs and buttons show, as its editor.js asks for them
// with window.gettext (the package ships no Finnish or Swedish catalogue). This file is never
// served: `makemessages -d djangojs` reads it, so the djangojs catalogues of publishing keep a
// translation of each, and the admin's rich-text catalogue (publishing.editor) serves them.
// Keep in step with the gettext calls of the installed package's editor.js.
gettext_noop("URL");
gettext_noop("Title");
gettext_noop("Open in new window");
gettext_noop("Edit Link");
gettext_noop("Update");
gettext_noop("Cancel");
gettext_noop("Insert");
gettext_noop("List properties");
gettext_noop("Start at");
gettext_noop("List type");
gettext_noop("Decimal numbers");
gettext_noop("Lowercase letters");
gettext_noop("Uppercase letters");
gettext_noop("Lowercase Roman numerals");
gettext_noop("Uppercase Roman numerals");
gettext_noop("Bullets");
gettext_noop("Toggle fullscreen");
gettext_noop("Edit HTML");
gettext_noop("Prettify");
gettext_noop(
  "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.",
);
gettext_noop("Image URL");
gettext_noop("Alternative Text");
gettext_noop("Caption");
gettext_noop("Add caption");
gettext_noop("Remove caption");
gettext_noop("Browse...");
gettext_noop("Edit Figure");
gettext_noop("Edit Image");
gettext_noop("Insert Figure");
gettext_noop("Rows");
gettext_noop("Columns");
gettext_noop("Include header row");
gettext_noop("Table Properties");
gettext_noop("Insert Table");
