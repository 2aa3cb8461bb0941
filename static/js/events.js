// Events: small enhancements. Every page works without this file.
(function () {
  "use strict";

  // Starring a session swaps its agenda entry in place (htmx); keep keyboard focus on its button.
  var pendingFocus = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var session = event.detail.elt.closest && event.detail.elt.closest("li.session, li.checkin-row");
    pendingFocus = session ? session.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pendingFocus) return;
    var session = document.getElementById(pendingFocus);
    var button = session && session.querySelector("form button");
    if (button) button.focus();
    pendingFocus = null;
  });

  // "Copy" buttons for the private calendar address.
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        var status = document.getElementById(button.getAttribute("data-copy-status"));
        if (status) status.textContent = "Address copied.";
      });
    });
  });
})();
