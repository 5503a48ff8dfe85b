/* 高级检索: the same index as the search box (handbook-search.js), with filters
   by document (when there are several), kind, unit type and section; works offline. Served by `handbook serve`,
   the page asks /api/search instead (the full engine, units found by county
   too) and falls back to the browser's index when the service does not answer. */
(function () {
  "use strict";

  function start() {
    var form = document.getElementById("hb-search");
    var status = document.getElementById("hb-search-status");
    var list = document.getElementById("hb-search-results");
    var search = window.HandbookSearch;
    if (!form || !search) { return; }
    var field = function (name) { return form.elements[name]; };
    var api = /^https?:$/.test(window.location.protocol) ? "unknown" : "none";
    var seq = 0;

    function say(text) { status.textContent = text; }

    /* /api/search answers with 【】 around matches: the same marks as the index's */
    function fromService(hit) {
      var text = "", marks = [];
      String(hit.snippet || "").split(/(【[^【】]*】)/).forEach(function (part) {
        if (/^【[^【】]*】$/.test(part)) {
          marks.push([text.length, text.length + part.length - 2]);
          text += part.slice(1, -1);
        } else {
          text += part;
        }
      });
      return { kind: hit.kind, title: hit.title, titleMarks: [], url: hit.url, text: text, marks: marks,
        citation: hit.citation, sentence: hit.sentence, doc: hit.doc, document: field("doc") ? hit.document : null };
    }

    function ask(params) {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (controller) { controller.abort(); } }, 3000);
      var query = new URLSearchParams(params);
      query.set("limit", "20");
      return fetch(new URL("api/search?" + query.toString(), document.baseURI), controller ? { signal: controller.signal } : {})
        .then(function (response) {
          clearTimeout(timer);
          if (response.status === 400) { return null; }             /* the service refused this query: ask the index */
          if (!response.ok) { api = "none"; return null; }           /* a static server, or no index: ask the index */
          return response.json().then(function (hits) {
            api = "yes";
            return Array.isArray(hits) ? hits.map(fromService) : null;
          });
        })
        .catch(function () { clearTimeout(timer); api = "none"; return null; });
    }

    function show(hits, note) {
      list.textContent = "";
      hits.forEach(function (hit) { list.appendChild(search.renderHit(hit)); });
      say(note);
    }

    function run() {
      var params = { q: field("q").value, kind: field("kind").value, type: field("type").value, section: field("section").value };
      if (field("doc")) { params.doc = field("doc").value; }
      var mine = ++seq;
      var filters = { kind: params.kind || null, unitType: params.type || null, section: params.section || null,
        doc: params.doc || null, limit: 20 };
      if (!params.q.trim()) { show([], "请输入要查找的内容。"); return; }
      say("正在检索……");
      var service = api !== "none" && params.q.trim().length <= 200 ? ask(params) : Promise.resolve(null);
      service.then(function (served) {
        if (mine !== seq) { return; }
        if (served) {
          var arranged = params.kind ? served : search.arrange(served, null, 20, 20);
          show(arranged, served.length ? "找到 " + served.length + " 条结果（由手册服务检索）。" : search.hints.none);
          return;
        }
        return search.query(params.q, filters, 50).then(function (answer) {
          if (mine !== seq) { return; }
          var hits = params.kind === "unit" ? [] : answer.hits;
          var units = (params.kind && params.kind !== "unit") || params.doc ? null : answer.units;
          var arranged = search.arrange(hits, units && units.total ? units : null, 20, params.kind ? 20 : 10);
          var notes = [];
          if (answer.hint && search.hints[answer.hint]) { notes.push(search.hints[answer.hint]); }
          if (answer.hint !== "empty" && answer.hint !== "nowords") {
            notes.push(arranged.length ? "找到 " + arranged.length + " 条结果。" : search.hints.none);
          }
          if (units && units.tooShort && params.kind === "unit") { notes.push(search.hints.short); }
          show(arranged, notes.join(" "));
        });
      }).catch(function () {
        if (mine === seq) { show([], search.hints.failed); }
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var names = ["kind", "type", "section", "doc"].filter(function (name) { return field(name); });
    names.forEach(function (name) {
      field(name).addEventListener("change", function () { if (field("q").value.trim()) { run(); } });
    });

    /* search.html?q=…&kind=… (the box's "高级检索" link) runs at once */
    var given = new URLSearchParams(window.location.search);
    ["q"].concat(names).forEach(function (name) {
      if (given.get(name)) { field(name).value = given.get(name); }
    });
    if (field("q").value.trim()) { run(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
