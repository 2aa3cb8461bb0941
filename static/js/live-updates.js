// In-place updates (htmx): keep keyboard focus on the control that was pressed, and say its new
// state once in a polite live region. A swapped-in element describes its state in data-announce
// (the like, bookmark, star, "useful" and check-in controls); a swap into an element with
// data-announce-swap (the live previews) announces only that text, never the whole content.
// Every page works without this file: the controls are plain forms.
(function () {
  "use strict";

  var announcer = null;
  var pending = null;

  function ensureAnnouncer() {
    if (announcer) return announcer;
    announcer = document.getElementById("site-announcer");
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.id = "site-announcer";
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      announcer.setAttribute("aria-atomic", "true");
      document.body.appendChild(announcer);
    }
    return announcer;
  }

  function announce(text) {
    var region = ensureAnnouncer();
    region.textContent = "";
    // A fresh text node after a tick is read even when it repeats the previous message.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function locator(target) {
    if (target.id) return "#" + CSS.escape(target.id);
    var post = target.getAttribute("hx-post");
    return post ? "[hx-post='" + post.replace(/'/g, "\\'") + "']" : null;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.hasAttribute("data-announce-swap")) {
      pending = target ? { preview: target.getAttribute("data-announce-swap"), selector: null } : null;
      return;
    }
    var active = document.activeElement;
    var focused = active && target.contains(active) ? active : null;
    pending = {
      selector: locator(target),
      focus: !!focused,
      name: focused ? focused.getAttribute("name") : null,
      value: focused ? focused.getAttribute("value") : null,
      preview: null,
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    var info = pending;
    pending = null;
    if (!info) return;
    if (info.preview) {
      // Not while the writer is choosing someone to @mention: the list's own count would be cut off.
      var writing = document.activeElement;
      if (!(writing && writing.getAttribute("aria-activedescendant"))) announce(info.preview);
      return;
    }
    if (!info.selector) return;
    var fresh = document.querySelector(info.selector);
    if (!fresh) return;
    if (info.focus) {
      var control = null;
      if (info.name) {
        var same = fresh.querySelectorAll("button[name='" + info.name + "']");
        for (var i = 0; i < same.length; i++) if (same[i].getAttribute("value") === info.value) control = same[i];
      }
      control = control || fresh.querySelector("button[aria-pressed='true'], button[type=submit], button") || fresh;
      if (control.tabIndex < 0 && !control.hasAttribute("tabindex")) control.setAttribute("tabindex", "-1");
      control.focus();
    }
    var described = fresh.hasAttribute("data-announce") ? fresh : fresh.querySelector("[data-announce]");
    if (described) announce(described.getAttribute("data-announce"));
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ensureAnnouncer);
  } else {
    ensureAnnouncer();
  }
})();
