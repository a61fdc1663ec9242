/* "Copy this post" buttons of the share kit: shown only when the browser
 * can copy; without JavaScript the text is there to select by hand. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = "✓ " + label;
      });
    });
  });
})();
