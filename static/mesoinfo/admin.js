/* MésoInfo admin: flag, on the language tabs, an English translation that is missing or to review.
   The page state comes from data attributes rendered by the server (#page-state); no inline script. */
"use strict";
window.addEventListener("load", function () {
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
