/* Citations to copy on the text pages of the 文件库 (library/<document>/text.html): the
   「引用」 button beside each provision copies its official citation, such as
   《中国共产党章程》第三十二条第（六）项. Nothing is fetched and nothing leaves the page, so it
   works from a USB stick (file://) as on a server: the Clipboard API where the browser
   allows it, else a selected text area and execCommand("copy"); if both are refused the
   citation is shown for the reader to copy by hand. */
(function () {
  "use strict";
  var status = document.querySelector(".hb-cite-status");
  var timer = null;

  function say(text) {
    if (!status) { return; }
    status.textContent = text;
    clearTimeout(timer);
    timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function byTextArea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return byTextArea(text); });
    }
    return Promise.resolve(byTextArea(text));
  }

  function answer(button, text, copied) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = copied ? "已复制" : "请手动复制";
    button.classList.toggle("hb-cite--done", copied);
    say(copied ? "已复制引用：" + text : "浏览器不允许自动复制，请选中后复制：" + text);
    setTimeout(function () {
      button.textContent = label;
      button.classList.remove("hb-cite--done");
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest(".hb-cite") : null;
    if (!button) { return; }
    var text = button.getAttribute("data-cite") || "";
    copy(text).then(function (copied) { answer(button, text, copied); });
  });
  document.documentElement.classList.add("hb-cite-ready");
})();
