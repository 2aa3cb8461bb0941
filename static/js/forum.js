// The CCIO Forum: keep drafts in this browser so an expired session or a
// failed submit never loses a post. Works on every composer form
// (form.forum-composer with data-forum-draft-key). No inline scripts (CSP).
(function () {
  "use strict";
  var PREFIX = "ccio-forum-draft:";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function load(key) {
    var store = storage();
    if (!store) return null;
    try {
      var item = JSON.parse(store.getItem(PREFIX + key) || "null");
      if (item && Date.now() - item.saved < MAX_AGE_MS) return item;
    } catch (e) { /* ignore a broken entry */ }
    return null;
  }

  function save(key, form) {
    var store = storage();
    if (!store) return;
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title], input[name=subject]");
    var item = { saved: Date.now(), body: body ? body.value : "", title: title ? title.value : "" };
    try {
      if (item.body.trim() || item.title.trim()) {
        store.setItem(PREFIX + key, JSON.stringify(item));
      } else {
        store.removeItem(PREFIX + key);
      }
    } catch (e) { /* storage full or blocked */ }
  }

  function setUp(form) {
    var key = form.getAttribute("data-forum-draft-key");
    if (!key) return;
    var body = form.querySelector("textarea[name=body]");
    var title = form.querySelector("input[name=title], input[name=subject]");
    var draft = load(key);
    var empty = body && !body.value.trim() && !(title && title.value.trim());
    if (draft && empty) {
      if (body) body.value = draft.body || "";
      if (title && draft.title) title.value = draft.title;
      var note = document.createElement("p");
      note.className = "small text-body-secondary";
      note.textContent = "We restored the draft you had not sent yet.";
      form.insertBefore(note, form.firstChild);
    } else if (!empty) {
      save(key, form);
    }
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { save(key, form); }, 300);
    });
    form.addEventListener("submit", function (event) {
      // Only the real submit clears the draft; Preview (and any data-keeps-draft button) keeps it.
      var submitter = event.submitter;
      if (submitter && (submitter.name === "preview" || submitter.hasAttribute("data-keeps-draft"))) { save(key, form); return; }
      var store = storage();
      if (store) store.setItem(PREFIX + key + ":sent", "1");
    });
  }

  function clearSent() {
    // After a successful post the server redirects away from the composer; a
    // page without an error clears drafts that were marked as sent.
    var store = storage();
    if (!store) return;
    var hasErrors = document.querySelector(".forum-composer .is-invalid, .forum-composer .alert-danger, .forum-composer [data-error-summary], .alert-warning[role=alert]");
    for (var i = store.length - 1; i >= 0; i--) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0 && name.slice(-5) === ":sent") {
        if (!hasErrors) {
          store.removeItem(name.slice(0, -5));
        }
        store.removeItem(name);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    clearSent();
    var forms = document.querySelectorAll("form.forum-composer");
    for (var i = 0; i < forms.length; i++) setUp(forms[i]);
  });
})();
