/* The glossary's document filter (glossary.html, when the handbook holds several documents):
   a button per document shows only the terms that occur in it, and the page's table of
   contents follows. Everything is on the page, nothing is fetched, so it works from a USB
   stick (file://) as on a server. Without the script the buttons stay hidden and the lists
   "……中的术语" above the entries group the terms by document. glossary.html?doc=<id> opens
   with that document's terms. */
(function () {
  "use strict";
  var box = document.querySelector("[data-glossary-filter]");
  if (!box) { return; }
  var buttons = Array.prototype.slice.call(box.querySelectorAll(".hb-gloss-button"));
  var entries = Array.prototype.slice.call(document.querySelectorAll(".hb-gloss-entry"));
  var status = box.querySelector(".hb-gloss-status");

  function tocItem(id) {
    var found = [];
    var anchors = document.querySelectorAll(".md-nav--secondary a.md-nav__link");
    for (var i = 0; i < anchors.length; i++) {
      if (anchors[i].getAttribute("href") === "#" + id) { found.push(anchors[i].parentNode); }
    }
    return found;
  }

  function show(doc) {
    var shown = 0;
    entries.forEach(function (entry) {
      var docs = (entry.getAttribute("data-docs") || "").split(" ");
      var visible = !doc || docs.indexOf(doc) >= 0;
      entry.hidden = !visible;
      if (visible) { shown += 1; }
      var heading = entry.querySelector("h2[id]");
      if (heading) { tocItem(heading.id).forEach(function (li) { li.hidden = !visible; }); }
    });
    var label = "";
    buttons.forEach(function (button) {
      var on = button.getAttribute("data-doc") === doc;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on && doc) { label = button.textContent.replace(/（\d+）$/, ""); }
    });
    if (status) { status.textContent = doc ? "只显示" + label + "中的 " + shown + " 个术语" : ""; }
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () { show(button.getAttribute("data-doc")); });
  });
  box.querySelector(".hb-gloss-buttons").hidden = false;
  var match = /[?&]doc=([a-z0-9-]+)/.exec(window.location.search);
  var known = match && buttons.some(function (b) { return b.getAttribute("data-doc") === match[1]; });
  show(known ? match[1] : "");
})();
