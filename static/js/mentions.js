// @mention autocomplete in the forum's composer: typing "@" and the start of a name suggests the
// members who can read the topic (forum/views/mentioning.py). Up and Down move through the list,
// Enter or Tab picks, Escape closes; the textarea stays a multi-line textbox (aria-autocomplete,
// aria-controls, aria-activedescendant: a textbox may not carry aria-expanded), and the number of
// suggestions is said once. Without this file, typing
// @username by hand works as before.
(function () {
  "use strict";

  var TYPED = /(^|[^\w@\/.\-])@([A-Za-z0-9][A-Za-z0-9_-]{0,29})$/;
  var counter = 0;

  function announce(text) {
    var region = document.getElementById("site-announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function enhance(textarea) {
    if (textarea.dataset.mentionsReady) return;
    textarea.dataset.mentionsReady = "true";
    var url = textarea.getAttribute("data-mentions-url");
    var listId = (textarea.id || "composer-" + (++counter)) + "-mentions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list list-group shadow-sm";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Members to mention");
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);

    var results = [], active = -1, timer = null, request = 0, match = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      results = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
        item.classList.toggle("active", i === index);
      });
      if (index >= 0) textarea.setAttribute("aria-activedescendant", listId + "-" + index);
      else textarea.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      var person = results[index];
      if (!person || !match) return;
      var end = textarea.selectionStart;
      var start = end - match.length;
      var text = "@" + person.username + " ";
      textarea.focus();
      textarea.setSelectionRange(start, end);
      var done = false;
      try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
      if (!done) {
        textarea.setRangeText(text, start, end, "end");
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      }
      close();
      announce("Mentioned " + person.name + ".");
    }

    function show(found) {
      results = found;
      list.textContent = "";
      if (!found.length) { close(); return; }
      found.forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = person.name;
        var handle = document.createElement("span");
        handle.className = "small ms-1 mention-handle";
        handle.textContent = "@" + person.username;
        item.appendChild(name);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(handle);
        // mousedown, not click: the textarea keeps focus and its caret.
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      list.hidden = false;
      highlight(0);
      announce(found.length + (found.length === 1 ? " member" : " members") + " to mention: use the up and down arrows, then Enter.");
    }

    function lookUp() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var found = textarea.selectionStart === textarea.selectionEnd && TYPED.exec(before);
      if (!found) { match = null; close(); return; }
      match = "@" + found[2];
      var mine = ++request;
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(found[2]);
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === request) show(data.results || []); })
        .catch(function () { if (mine === request) close(); });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { highlight((active + 1) % results.length); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight((active - 1 + results.length) % results.length); event.preventDefault(); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  function init(root) {
    var fields = (root || document).querySelectorAll("textarea[data-mentions-url]");
    for (var i = 0; i < fields.length; i++) enhance(fields[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document); });
  else init(document);
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
