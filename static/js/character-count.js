/* GOV.UK's character count, enhanced: the page works without this file. The hint says the
   limit up front and the server refuses a longer message; this shows, as the visitor types or
   pastes, how many characters are left or too many. The count under the field updates at once
   and is hidden from screen readers; a live region tells them the same once typing pauses. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-character-count]");
  Array.prototype.forEach.call(boxes, function (box) {
    var field = box.querySelector("textarea");
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    if (!field || !limit) return;
    var lang = document.documentElement.lang;
    var visible = document.createElement("p");
    visible.className = "hint character-count-status";
    visible.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", spoken);
    field.insertAdjacentElement("afterend", visible);
    var pause;

    function message() {
      // Characters as the server counts them: an emoji is one, not two UTF-16 units.
      var left = limit - Array.from(field.value).length;
      var template = box.getAttribute(left < 0 ? "data-over" : "data-remaining");
      return { over: left < 0, text: template.replace("{number}", Math.abs(left).toLocaleString(lang)) };
    }

    function show() {
      var now = message();
      visible.textContent = now.text;
      visible.classList.toggle("error-message", now.over);
      field.classList.toggle("character-count-over", now.over);
    }

    field.addEventListener("input", function () {
      show();
      clearTimeout(pause);
      pause = setTimeout(function () { spoken.textContent = message().text; }, 1000);
    });
    show();
  });
})();
