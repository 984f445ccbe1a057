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
  document.querySelectorAll(".prose-menubar__button[data-name]").forEach(function (button) {
    var label = labels[button.dataset.name];
    if (label) {
      button.title = label;
      button.setAttribute("aria-label", label);
    }
  });

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
