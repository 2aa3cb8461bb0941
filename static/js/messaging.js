// Private messages: the member picker and the error summary. No inline scripts (CSP).
// Drafts are kept by static/js/forum.js (forms with class forum-composer).
(function () {
  "use strict";

  function chosenList(picker) { return picker.querySelector("[data-picker-chosen]"); }

  function choose(checkbox) {
    // A ticked search result joins the chosen people, so the next search does not drop it.
    var picker = checkbox.closest(".messaging-picker");
    var item = checkbox.closest("li");
    if (!picker || !item) return;
    var list = chosenList(picker);
    var empty = list.querySelector("[data-picker-empty]");
    if (empty) empty.remove();
    list.appendChild(item);
    var search = picker.querySelector("input[name=q]");
    if (search) search.focus();
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-picker-results] input[type=checkbox]") && target.checked) {
      choose(target);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
