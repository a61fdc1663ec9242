/*
 * Quick exit: the button is a plain link (it works without JavaScript).
 * With JavaScript, clicking it or pressing Shift three times in a row hides
 * the page at once and replaces the current history entry with the neutral
 * site, so Back does not return here. Escape is left alone: it stops page
 * loads and closes dialogs.
 */
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var WINDOW_MS = 1500;
  var presses = [];

  function target() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "about:blank";
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.classList.add("quick-exit-active");
    document.title = "";
    window.location.replace(target());
  }

  document.documentElement.classList.remove("no-js");

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) { leave(event); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= SHIFT_PRESSES) { presses = []; leave(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var hint = document.querySelector("[data-quick-exit-hint]");
    if (hint) { hint.hidden = false; }
  });
})();
