// GOV.UK's error summary (templates/components/error_summary.html): when a refused form comes
// back, move focus to the summary so it is read first, mark the page title, and make each
// link focus its field with the field's label in view (a plain jump would hide the label).
(function () {
  "use strict";

  function labelFor(input) {
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    if (legend && input.type && /^(radio|checkbox)$/.test(input.type)) return legend;
    return (input.id && document.querySelector("label[for='" + CSS.escape(input.id) + "']")) || input;
  }

  function onClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!input) return;
    event.preventDefault();
    labelFor(input).scrollIntoView();
    input.focus({ preventScroll: true });
  }

  function init(root) {
    var summaries = root.querySelectorAll("[data-error-summary]");
    if (!summaries.length) return;
    if (document.title.indexOf("Error: ") !== 0) document.title = "Error: " + document.title;
    summaries.forEach(function (summary) {
      if (summary.dataset.errorSummaryReady) return;
      summary.dataset.errorSummaryReady = "true";
      summary.addEventListener("click", onClick);
    });
    summaries[0].focus();
  }

  init(document);
  // Forms that htmx swaps in place (the forum's composer) get the same treatment.
  document.addEventListener("htmx:afterSettle", function (event) {
    init(event.target);
  });
})();
