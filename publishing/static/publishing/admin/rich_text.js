/* The admin's rich-text editor (django-prose-editor, configured in publishing/editor.py):

- a language mark, <span lang="sv">…</span> around a passage in another language, so that
  screen readers pronounce it in that language (WCAG 3.1.2);
- names in the admin's language for the package's menu items, which it gives in English only,
  and for the editable area (the field's label);
- the CSP nonce for Tiptap's inline stylesheet.
*/
import { Mark } from "django-prose-editor/editor";

export const LanguageMark = Mark.create({
  name: "languageMark",

  addOptions() {
    return { languages: [], names: {} };
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
    // The items of the other extensions are defined by now (this one comes last).
    for (const item of menu.items("nodes lists marks link history")) {
      const text = this.options.names[item.name];
      if (text) {
        item.button.title = text;
        item.button.setAttribute("aria-label", text);
        if (item.option) {
          item.option.textContent = text;
        }
      }
    }
    for (const { code, label } of this.options.languages) {
      menu.defineItem({
        name: `languageMark:${code}`,
        groups: "language",
        // The name begins with the button's visible text (WCAG 2.5.3).
        button: buttons.text(code.toUpperCase(), `${code.toUpperCase()}: ${label}`),
        command: (editor) => editor.chain().focus().toggleMark(this.name, { lang: code }).run(),
        active: (editor) => editor.isActive(this.name, { lang: code }),
      });
    }
  },

  onBeforeCreate() {
    // Tiptap adds its stylesheet as an inline <style>: it needs the page's CSP nonce.
    this.editor.options.injectNonce = document.querySelector("script[type=importmap]").nonce;
  },

  onCreate() {
    // The editable area is named by the field's label.
    const textarea = this.editor.options.element.querySelector("textarea");
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    this.editor.view.dom.setAttribute("aria-label", label.textContent.replace(/:$/, ""));
  },
});
