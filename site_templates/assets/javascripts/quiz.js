/* Self-test: questions are in the page, answers are scored in the browser.
   Nothing is sent anywhere, so it works offline and from file://. */
(function () {
  "use strict";
  var data = document.getElementById("hb-quiz-data");
  if (!data) { return; }
  var all = JSON.parse(data.textContent);
  var list = document.getElementById("hb-quiz-items");
  var submit = document.getElementById("hb-quiz-submit");
  var score = document.getElementById("hb-quiz-score");
  var current = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function options(item, index) {
    var box = el("div", "hb-quiz-options");
    var choices = item.type === "judge" ? ["对", "错"] : item.choices;
    if (!choices) {
      var input = el("input");
      input.type = "text";
      input.name = "q" + index;
      input.setAttribute("aria-label", "答案");
      box.appendChild(input);
      return box;
    }
    choices.forEach(function (choice, k) {
      var label = el("label", "hb-quiz-choice");
      var radio = el("input");
      radio.type = "radio";
      radio.name = "q" + index;
      radio.value = choice;
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + (item.type === "judge" ? "" : "ABCD".charAt(k) + ". ") + choice));
      box.appendChild(label);
    });
    return box;
  }

  function start() {
    var role = document.getElementById("hb-quiz-role").value;
    var count = parseInt(document.getElementById("hb-quiz-count").value, 10);
    current = all.filter(function (item) { return item.roles.indexOf(role) >= 0; });
    current.sort(function (a, b) { return (a.id.indexOf("gen-") === 0) - (b.id.indexOf("gen-") === 0); });  /* scenarios first */
    if (count) { current = current.slice(0, count); }
    list.innerHTML = "";
    score.textContent = "";
    current.forEach(function (item, index) {
      var li = el("li", "hb-quiz-item");
      li.appendChild(el("p", "hb-quiz-question", item.question));
      li.appendChild(options(item, index));
      list.appendChild(li);
    });
    submit.hidden = current.length === 0;
  }

  function answerOf(index) {
    var picked = list.querySelector('input[name="q' + index + '"]:checked');
    if (picked) { return picked.value; }
    var typed = list.querySelector('input[type="text"][name="q' + index + '"]');
    return typed ? typed.value.trim() : "";
  }

  function finish() {
    var right = 0;
    current.forEach(function (item, index) {
      var given = answerOf(index);
      var ok = item.type === "fill" ? given !== "" && (given.indexOf(item.answer) >= 0 || item.answer.indexOf(given) >= 0) : given === item.answer;
      if (ok) { right += 1; }
      var li = list.children[index];
      var old = li.querySelector(".hb-quiz-result");
      if (old) { li.removeChild(old); }
      var result = el("div", "hb-quiz-result " + (ok ? "hb-right" : "hb-wrong"));
      result.appendChild(el("p", "", (ok ? "✓ 正确。" : "✗ 不对。") + "答案：" + item.answer));
      result.appendChild(el("p", "hb-quiz-explanation", item.explanation));
      var source = el("a", "hb-quiz-source", "查看原文");
      source.href = item.url;
      result.appendChild(source);
      li.appendChild(result);
    });
    score.textContent = "得分：" + right + " / " + current.length + "（" + Math.round(100 * right / Math.max(current.length, 1)) + " 分）";
  }

  document.getElementById("hb-quiz-start").addEventListener("click", start);
  submit.addEventListener("click", finish);
  start();
})();
