/* What only the organization department's handbook service (handbook serve) can give:
   filled forms made on request, a county's zip of them. Such links carry
   data-hb-served and stay hidden (with a hint shown instead, .hb-not-served) unless
   this page comes from that service, which answers api/ping at the site's root.
   From a USB stick (file://) or a plain web server nothing is asked of anyone. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || location.protocol.indexOf("http") !== 0 || !window.fetch) { return; }
  var ping = new URL("../../api/ping", script.src);  // this file is assets/javascripts/served.js
  fetch(ping.href, { cache: "no-store" }).then(function (answer) {
    if (answer.ok) { document.documentElement.classList.add("hb-served"); }
  }).catch(function () {});
})();
