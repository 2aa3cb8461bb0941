// A small formatting toolbar on every markdown field: bold, italic, link, quote and list, with
// Ctrl+B, Ctrl+I and Ctrl+K (Cmd on a Mac). A field counts as markdown when its help text (the
// element its aria-describedby names) starts with "Markdown", as every markdown field's help does.
// Progressive enhancement: without this file the textarea works as before. Changes go through
// the browser's own editing (so Undo works) and fire "input", so the live preview and drafts follow.
(function () {
  "use strict";

  var ACTIONS = [
    { name: "bold", label: "Bold", key: "b", text: "B", wrap: ["**", "**"], placeholder: "bold text" },
    { name: "italic", label: "Italic", key: "i", text: "I", wrap: ["*", "*"], placeholder: "italic text" },
    { name: "link", label: "Link", key: "k", text: "Link", link: true },
    { name: "quote", label: "Quote", text: "Quote", prefix: "> " },
    { name: "list", label: "Bulleted list", text: "List", prefix: "- " },
  ];
  var MAC = /Mac|iPhone|iPad/.test(navigator.platform || "");

  function isMarkdown(textarea) {
    var ids = (textarea.getAttribute("aria-describedby") || "").split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      var help = ids[i] && document.getElementById(ids[i]);
      if (help && /^\s*Markdown\b/.test(help.textContent)) return true;
    }
    return false;
  }

  function replace(textarea, start, end, text, selectFrom, selectTo) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var done = false;
    try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
    if (!done || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    textarea.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function apply(textarea, action) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end);
    if (action.wrap) {
      var inner = selected || action.placeholder;
      var before = action.wrap[0], after = action.wrap[1];
      replace(textarea, start, end, before + inner + after, before.length, before.length + inner.length);
    } else if (action.link) {
      var words = selected || "link text";
      var url = "https://";
      var text = "[" + words + "](" + url + ")";
      // The address is selected, ready to type over.
      replace(textarea, start, end, text, words.length + 3, words.length + 3 + url.length);
    } else if (action.prefix) {
      var lineStart = textarea.value.lastIndexOf("\n", start - 1) + 1;
      var block = textarea.value.slice(lineStart, end) || "";
      var lines = block.split("\n").map(function (line) { return action.prefix + line; });
      var result = lines.join("\n");
      replace(textarea, lineStart, end, result, result.length, result.length);
    }
  }

  function moveFocus(buttons, from, step) {
    var next = (from + step + buttons.length) % buttons.length;
    buttons.forEach(function (b, i) { b.tabIndex = i === next ? 0 : -1; });
    buttons[next].focus();
  }

  function enhance(textarea) {
    if (textarea.dataset.markdownToolbar || !isMarkdown(textarea)) return;
    textarea.dataset.markdownToolbar = "ready";
    if (!textarea.id) return;
    var bar = document.createElement("div");
    bar.className = "md-toolbar btn-toolbar gap-1 mb-1";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    bar.setAttribute("aria-controls", textarea.id);
    var buttons = ACTIONS.map(function (action, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary md-" + action.name;
      button.textContent = action.label;
      button.tabIndex = index === 0 ? 0 : -1;
      if (action.key) {
        var shortcut = (MAC ? "Meta+" : "Control+") + action.key.toUpperCase();
        button.setAttribute("aria-keyshortcuts", shortcut);
        button.title = action.label + " (" + (MAC ? "⌘" : "Ctrl+") + action.key.toUpperCase() + ")";
      }
      button.addEventListener("click", function () { apply(textarea, action); });
      bar.appendChild(button);
      return button;
    });
    bar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      if (event.key === "ArrowRight") { moveFocus(buttons, index, 1); event.preventDefault(); }
      else if (event.key === "ArrowLeft") { moveFocus(buttons, index, -1); event.preventDefault(); }
      else if (event.key === "Home") { moveFocus(buttons, index, -index); event.preventDefault(); }
      else if (event.key === "End") { moveFocus(buttons, index, buttons.length - 1 - index); event.preventDefault(); }
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(MAC ? event.metaKey : event.ctrlKey) || event.altKey || event.shiftKey) return;
      var key = event.key.toLowerCase();
      for (var i = 0; i < ACTIONS.length; i++) {
        if (ACTIONS[i].key === key) {
          event.preventDefault();
          apply(textarea, ACTIONS[i]);
          return;
        }
      }
    });
    textarea.parentNode.insertBefore(bar, textarea);
  }

  function init(root) {
    var fields = (root || document).querySelectorAll("textarea");
    for (var i = 0; i < fields.length; i++) enhance(fields[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document); });
  else init(document);
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
