/*
 * Quick exit: the button is a plain link (it works without JavaScript).
 * With JavaScript, clicking it or pressing Shift three times in a row hides
 * the page at once (as GOV.UK's "Exit this page" does) and leaves as little
 * history behind as a browser lets a page:
 * - the neutral site opens in a new tab, in front, whose Back button leads
 *   nowhere (browsers allow this only right after a click or a key press;
 *   where one refuses, nothing shows and the next step still happens);
 * - this tab goes to the neutral site with location.replace, so this page's
 *   entry in the tab's history becomes the neutral site's: Back there does
 *   not return to this page.
 * GOV.UK's component only navigates (location.href); replacing goes further.
 * No page can erase the tab's earlier entries (pages of this site opened
 * before this one) nor the browser's history list: the "browse safely" page
 * says so and explains private browsing. Escape is left alone: it stops
 * page loads and closes dialogs.
 *
 * Only a bare Shift press counts: one with no other key pressed while Shift
 * was down (a capital letter, Shift+Tab), and any other key starts the count
 * again. People type postal codes and names in capitals ("H2J 1A1"), which
 * would otherwise add up to three presses and throw away what they typed.
 * This is how GOV.UK's "Exit this page" counts.
 */
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var MAX_GAP_MS = 2000; // between one bare press and the next
  var count = 0;
  var lastPressAt = 0;
  var shiftDown = false;
  var shiftUsedWithAnotherKey = false;

  function target() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "about:blank";
  }

  function leave(event) {
    if (event) { event.preventDefault(); }
    var neutral = target();
    document.documentElement.classList.add("quick-exit-active");
    document.title = "";
    try {
      // "noopener": the new tab cannot reach this one, and sends no referrer.
      window.open(neutral, "_blank", "noopener");
    } catch (error) { /* a browser that refuses: this tab still leaves */ }
    window.location.replace(neutral);
  }

  // A page restored from the back-forward cache must not stay blank.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.remove("quick-exit-active");
    }
  });

  document.documentElement.classList.remove("no-js");

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) { leave(event); }
  });

  // Listened to while capturing, so no field that stops the event hides it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftDown = true;
        shiftUsedWithAnotherKey = false;
      }
      return;
    }
    count = 0;
    if (shiftDown) { shiftUsedWithAnotherKey = true; }
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { return; }
    var bare = shiftDown && !shiftUsedWithAnotherKey;
    shiftDown = false;
    if (!bare) { count = 0; return; }
    var now = Date.now();
    count = now - lastPressAt <= MAX_GAP_MS ? count + 1 : 1;
    lastPressAt = now;
    if (count >= SHIFT_PRESSES) { count = 0; leave(); }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    var hint = document.querySelector("[data-quick-exit-hint]");
    if (hint) { hint.hidden = false; }
  });
})();
