/* GOV.UK's error summary, enhanced: the page works without this file.
   The summary takes focus by its autofocus attribute; this focuses it where a browser
   ignored that, and when a link in it is followed, focuses the field and scrolls its
   label (or its group's legend) into view instead of leaving the label above the fold. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  if (document.activeElement !== summary && !window.location.hash) summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var label = document.querySelector("label[for='" + input.id + "']");
    var heading = legend || label || input;
    event.preventDefault();
    heading.scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
