/* The admin's rich-text editor (django-prose-editor, configured in publishing/editor.py):

- a language mark, <span lang="sv">…</span> around a passage in another language, so that
  screen readers pronounce it in that language (WCAG 3.1.2);
- names in the admin's language for the package's menu items, which it gives in English only,
  and for the editable area (the field's label);
- the CSP nonce for Tiptap's inline stylesheet;
- a message next to the editor naming the markup that pasting dropped (a table, a script).
*/
import { Extension, Mark, Plugin } from "django-prose-editor/editor";

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

/* Pasting keeps only what the editor knows: its options (publishing.richtext.paste_report) give
   the allowed tags and, in the admin's language, the names of the others and the message. */
export const PasteReport = Extension.create({
  name: "pasteReport",

  addOptions() {
    return { allowed: [], tableParts: [], names: {}, element: "", message: "" };
  },

  onCreate() {
    // A polite live region, there before anything is said in it.
    this.storage.status = document.createElement("p");
    this.storage.status.setAttribute("role", "status");
    this.storage.status.className = "help";
    this.editor.options.element.after(this.storage.status);
  },

  addStorage() {
    return { status: null };
  },

  addProseMirrorPlugins() {
    const { allowed, tableParts, names, element, message } = this.options;
    const rules = [...Object.values(this.editor.schema.nodes), ...Object.values(this.editor.schema.marks)]
      .flatMap((type) => type.spec.parseDOM || [])
      .map((rule) => rule.tag)
      .filter(Boolean);
    const storage = this.storage;
    return [
      new Plugin({
        props: {
          transformPastedHTML(html) {
            const template = document.createElement("template");
            // The browser's leading <meta charset>, which ProseMirror drops too, is no content.
            template.innerHTML = html.replace(/^(\s*<meta [^>]*>)*/, "");
            const dropped = new Set();
            for (const node of template.content.querySelectorAll("*")) {
              const tag = node.localName;
              if (!allowed.includes(tag) && !rules.some((rule) => node.matches(rule))) {
                dropped.add(tag);
              }
            }
            const tags = [...dropped].filter((tag) => !(dropped.has("table") && tableParts.includes(tag)));
            const removed = tags.map((tag) => names[tag] || element.replace("TAG", tag));
            storage.status.textContent = removed.length
              ? message.replace("%(removed)s", removed.join(", "))
              : "";
            return html;
          },
        },
      }),
    ];
  },
});
