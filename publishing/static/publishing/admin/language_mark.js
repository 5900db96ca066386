/* A language mark for django-prose-editor: <span lang="sv">…</span> around a passage in
another language, so that screen readers pronounce it in that language (WCAG 3.1.2).

The options come from the widget (publishing/editor.py): the languages, each with its button's
name in the admin's language, and the names of the editor's own buttons, which the package
gives in English only.
*/
import { Mark } from "django-prose-editor/editor";

export const LanguageMark = Mark.create({
  name: "languageMark",

  addOptions() {
    return { languages: [], labels: {} };
  },

  addAttributes() {
    return { lang: { default: null } };
  },

  parseHTML() {
    const codes = this.options.languages.map((language) => language.code);
    return [{ tag: "span[lang]", getAttrs: (span) => codes.includes(span.lang) && null }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["span", { lang: HTMLAttributes.lang }, 0];
  },

  addMenuItems({ buttons, menu }) {
    for (const { code, label } of this.options.languages) {
      menu.defineItem({
        name: `languageMark:${code}`,
        groups: "language",
        button: buttons.text(code.toUpperCase(), label),
        command: (editor) => editor.chain().focus().toggleMark(this.name, { lang: code }).run(),
        active: (editor) => editor.isActive(this.name, { lang: code }),
      });
    }
  },

  onCreate() {
    // The editable area is named by the field's label; the toolbar's buttons in the admin's
    // language.
    const container = this.editor.options.element;
    const textarea = container.querySelector("textarea");
    const label = textarea && document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      this.editor.view.dom.setAttribute("aria-label", label.textContent.replace(/:$/, ""));
    }
    for (const button of container.querySelectorAll(".prose-menubar__button[title]")) {
      const name = this.options.labels[button.title];
      if (name) {
        button.title = name;
        button.setAttribute("aria-label", name);
      }
    }
  },
});
