/* 高级检索: asks the local handbook service (/api/search) and lists the hits.
   Opened from file:// there is no service; the page says so and points to the
   built-in search box, which works offline. */
(function () {
  "use strict";
  var form = document.getElementById("hb-search");
  var status = document.getElementById("hb-search-status");
  var list = document.getElementById("hb-search-results");
  if (!form) { return; }
  var offline = window.location.protocol === "file:";
  var KINDS = { article: "条文", term: "术语", unit: "单位", template: "表格", training: "培训" };

  function say(text) { status.textContent = text; }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function marked(snippet) {  /* 【word】 from the service becomes <mark>word</mark> */
    return escapeHtml(snippet).replace(/【/g, "<mark>").replace(/】/g, "</mark>");
  }

  function show(hits) {
    list.innerHTML = "";
    if (!hits.length) { say("没有找到相关内容。可以换个说法，或少用几个词再试。"); return; }
    say("找到 " + hits.length + " 条结果。");
    hits.forEach(function (hit) {
      var item = document.createElement("li");
      item.className = "hb-hit hb-hit-" + hit.kind;
      item.innerHTML = '<a href="' + escapeHtml(hit.url) + '">' + escapeHtml(hit.title) + "</a>" +
        ' <span class="hb-hit-kind">' + escapeHtml(KINDS[hit.kind] || hit.kind) + "</span>" +
        '<p class="hb-hit-snippet">' + marked(hit.snippet) + "</p>" +
        '<p class="hb-hit-cite">' + escapeHtml(hit.citation) + "</p>";
      list.appendChild(item);
    });
  }

  if (offline) {
    say("当前是离线打开（file://），高级检索需要通过手册服务访问（运行 handbook serve 后打开 http://127.0.0.1:8000/search.html）。离线时请使用页面右上角的搜索框，同样可以检索全部条文和术语。");
    form.querySelector("button").disabled = true;
    return;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
    if (!params.get("q")) { say("请输入要查找的内容。"); return; }
    say("正在检索……");
    fetch(new URL("api/search?" + params.toString(), document.baseURI))
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) { list.innerHTML = ""; say(result.body.error || "检索失败。"); return; }
        show(result.body);
      })
      .catch(function () {
        list.innerHTML = "";
        say("检索服务不可用：高级检索需要通过 handbook serve 访问。也可以使用页面右上角的搜索框。");
      });
  });
})();
