/* "My list" of the Service Map: the services a visitor chose, kept only in
 * this browser tab's sessionStorage (gone when the tab closes; never sent to
 * the server). The list page copies each chosen service's own page section
 * from this site, so it prints as the service pages do. Without JavaScript
 * the buttons stay hidden and the list page says why. */
(function () {
  "use strict";
  var KEY = "noc-directory-my-list";
  var storage;
  try { storage = window.sessionStorage; } catch (error) { return; }
  if (!storage) { return; }

  function load() {
    try { return JSON.parse(storage.getItem(KEY)) || []; } catch (error) { return []; }
  }
  function save(ids) { storage.setItem(KEY, JSON.stringify(ids)); }

  document.querySelectorAll("[data-my-list]").forEach(function (button) {
    var id = button.dataset.myList;
    var add = button.dataset.add, remove = button.dataset.remove;
    function show() {
      var chosen = load().indexOf(id) !== -1;
      button.textContent = chosen ? remove : add;
      button.setAttribute("aria-pressed", chosen ? "true" : "false");
    }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var ids = load(), at = ids.indexOf(id);
      if (at === -1) { ids.push(id); } else { ids.splice(at, 1); }
      save(ids);
      show();
    });
  });

  var list = document.querySelector("[data-my-list-items]");
  if (!list) { return; }
  var ids = load();
  var empty = document.querySelector("[data-my-list-empty]");
  var actions = document.querySelector("[data-my-list-actions]");
  if (actions) { actions.hidden = ids.length === 0; }
  if (empty) { empty.hidden = ids.length !== 0; }
  ids.forEach(function (id) {
    if (!/^[0-9a-f-]{36}$/.test(id)) { return; }
    var item = document.createElement("li");
    list.appendChild(item);
    fetch(list.dataset.base + "service/" + id + "/", { credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var title = page.querySelector("h1");
        var body = page.querySelector(".service-page");
        if (!title || !body) { item.remove(); return; }
        var heading = document.createElement("h2");
        heading.textContent = title.textContent;
        item.appendChild(heading);
        body.querySelectorAll("[data-my-list], .service-links").forEach(function (node) {
          node.remove();
        });
        body.querySelectorAll("h2").forEach(function (node) {
          var smaller = document.createElement("h3");
          smaller.textContent = node.textContent;
          node.replaceWith(smaller);
        });
        item.appendChild(document.importNode(body, true));
      });
  });
  var clear = document.querySelector("[data-my-list-clear]");
  if (clear) {
    clear.addEventListener("click", function () {
      storage.removeItem(KEY);
      list.textContent = "";
      if (empty) { empty.hidden = false; }
      if (actions) { actions.hidden = true; }
    });
  }
  var print = document.querySelector("[data-my-list-print]");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
})();
