/* The error summary, as GOV.UK's works:
 * - it takes the focus when the page opens: a form far down the page (a
 *   town hall's registration) is shown again with its errors, and people
 *   would otherwise see only the top of the page and think nothing happened;
 *   screen readers read it out;
 * - each of its links focuses its field and brings the whole field (label,
 *   hint and error) into view, below the sticky quick-exit bar.
 * Without JavaScript the links still lead to each field, and the page's
 * first summary still takes the focus: it carries HTML's autofocus
 * (templates/includes/form_errors.html). This script focuses it for browsers
 * that honour autofocus on buttons and fields only, and again once the page
 * has loaded if something (a #fragment in the address) took the focus away. */
(function () {
  "use strict";
  function start() {
    var summary = document.querySelector(".error-summary[autofocus]") ||
      document.querySelector(".error-summary");
    if (!summary) { return; }
    summary.focus();
    window.addEventListener("load", function () {
      if (document.activeElement === document.body) { summary.focus(); }
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.hash.slice(1));
      if (!input) { return; }
      event.preventDefault();
      (input.closest(".field") || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
