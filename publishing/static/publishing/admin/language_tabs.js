/* Accessible language tabs for modeltranslation's admin (runs after its tabbed script).

jQuery UI gives each tab <li role="tab"> a link inside it: two nested interactive controls
(WCAG 4.1.2). The link loses its href once the tabs exist (jQuery UI reads it only to find the
panels, and all of them are on the page), so the tab alone is focusable; each tab is named by its language in full.
The language switch of the whole form gets a visible label and leaves the heading.
*/
"use strict";
(function ($) {
  // Every panel of these tabs is on the page: never load one over the network.
  $.ui.tabs.prototype._isLocal = function () {
    return true;
  };

  function nameTabs(container) {
    $(container).find("li[role=tab]").each(function () {
      var link = $(this).find("a").first();
      var code = link.text().trim();
      var name = link.attr("title") || code;
      link.removeAttr("href").removeAttr("tabindex").attr("lang", code);
      this.removeAttribute("aria-labelledby");
      this.setAttribute("aria-label", code + ", " + name);
    });
  }

  $(document).on("tabscreate", function (event) {
    nameTabs(event.target);
  });

  // A link to "…/change/#tab_id_summary_sv" (from the translation completeness view) opens
  // that field's language tab.
  $(function () {
    var tab = window.location.hash && $("li[role=tab][aria-controls='" + window.location.hash.slice(1) + "']");
    if (tab && tab.length) {
      tab.find("a").trigger("click");
      tab.trigger("focus");
    }
  });

  $(function () {
    var select = $("#modeltranslation-main-switch");
    var text = document.getElementById("language-switch-label");
    if (!select.length || !text) {
      return;
    }
    var heading = select.closest("h1");
    var label = $("<label>", { for: "modeltranslation-main-switch", text: text.textContent });
    heading.after($("<p>", { class: "language-switch" }).append(label, select));
    heading.text(heading.text().trim());
  });
})(django.jQuery);
