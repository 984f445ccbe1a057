/* MésoInfo admin: French labels for the rich-text editor's buttons, and, on the language tabs, a flag on an
   English translation that is missing or to review. The page state comes from data attributes rendered by
   the server (#page-state); no inline script. */
"use strict";
window.addEventListener("load", function () {
  var _ = window.gettext || function (text) { return text; };
  // django-prose-editor titles its buttons in English, outside its translation catalogue.
  var labels = {
    heading2: _("Section heading"),
    heading3: _("Sub-heading"),
    paragraph: _("Paragraph"),
    bulletList: _("Bulleted list"),
    orderedList: _("Numbered list"),
    blockquote: _("Quote"),
    bold: _("Bold"),
    italic: _("Italic"),
    link: _("Insert a link"),
    unlink: _("Remove the link"),
    "history:undo": _("Undo"),
    "history:redo": _("Redo"),
  };
  function translateButtons() {
    document.querySelectorAll(".prose-menubar__button[data-name]").forEach(function (button) {
      var label = labels[button.dataset.name];
      if (label && button.title !== label) {
        button.title = label;
        button.setAttribute("aria-label", label);
      }
    });
  }
  // Pasted images from elsewhere, and event-handler attributes, would be removed on save (see
  // mesoinfo/editorial/html.py): drop them from the paste itself, so that the editor never shows what will not be kept.
  // Handlers go first, as text: the browser reports (and blocks) them as soon as an element carries one.
  var HANDLER = /\s(on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
  var HAS_HANDLER = /\son[a-z]+\s*=/i;
  document.addEventListener("paste", function (event) {
    var target = event.target instanceof Element ? event.target.closest(".ProseMirror") : null;
    var html = event.clipboardData ? event.clipboardData.getData("text/html") : "";
    if (!target || event.mesoinfoCleaned || !html || (html.indexOf("<img") === -1 && !HAS_HANDLER.test(html))) {
      return;
    }
    var template = document.createElement("template");
    template.innerHTML = html.replace(HANDLER, "");  // a template's content is inert: nothing loads
    template.content.querySelectorAll("img").forEach(function (img) {
      var src = img.getAttribute("src") || "";
      if (src.indexOf("/static/") !== 0 && src.indexOf("/media/") !== 0) {
        img.remove();
      }
    });
    event.preventDefault();
    event.stopImmediatePropagation();
    var data = new DataTransfer();
    data.setData("text/html", template.innerHTML);
    data.setData("text/plain", event.clipboardData.getData("text/plain"));
    var cleaned = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    cleaned.mesoinfoCleaned = true;
    target.dispatchEvent(cleaned);
  }, true);
  // Editors start asynchronously (ES modules), and may start after this script: label them as they appear.
  translateButtons();
  new MutationObserver(translateButtons).observe(document.body, { childList: true, subtree: true });

  var state = document.getElementById("page-state");
  if (!state) {
    return;
  }
  function flag(tab, text, kind) {
    if (!tab || tab.querySelector(".tab-flag")) {
      return;
    }
    var marker = document.createElement("span");
    marker.className = "tab-flag tab-flag-" + kind;
    marker.textContent = " — " + text;
    tab.appendChild(marker);
  }
  var missing = (state.dataset.missing || "").split(" ").filter(Boolean);
  missing.forEach(function (field) {
    flag(document.querySelector('a[href="#tab_id_' + field + '_en"]'), state.dataset.missingLabel, "missing");
  });
  if (state.dataset.outdated) {
    document.querySelectorAll('a[href^="#tab_id_"][href$="_en"]').forEach(function (tab) {
      if (tab.getAttribute("href").indexOf("-") === -1) {  // main form only, not the image inlines
        flag(tab, state.dataset.outdatedLabel, "outdated");
      }
    });
  }
});
