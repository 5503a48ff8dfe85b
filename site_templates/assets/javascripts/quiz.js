/* Self-test: questions are in the page, answers are scored in the browser.
   Nothing is sent anywhere, so it works offline and from file://.
   Every start (and 换一组) draws a fresh random set of the chosen role's questions. */
(function () {
  "use strict";
  var data = document.getElementById("hb-quiz-data");
  if (!data) { return; }
  var all = JSON.parse(data.textContent);
  var list = document.getElementById("hb-quiz-items");
  var submit = document.getElementById("hb-quiz-submit");
  var again = document.getElementById("hb-quiz-again");
  var score = document.getElementById("hb-quiz-score");
  var TYPES = [["choice", "单选题"], ["multi", "多选题"], ["judge", "判断题"], ["fill", "填空题"]];
  var LETTERS = "ABCDEFGH";
  var current = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function typeName(type) {
    for (var i = 0; i < TYPES.length; i += 1) { if (TYPES[i][0] === type) { return TYPES[i][1]; } }
    return type;
  }

  function options(item, index) {
    var box = el("div", "hb-quiz-options");
    var choices = item.type === "judge" ? ["对", "错"] : item.choices;
    if (!choices) {
      var input = el("input", "hb-quiz-blank");
      input.type = "text";
      input.name = "q" + index;
      input.placeholder = "在此填写答案";
      input.setAttribute("aria-label", "第 " + (index + 1) + " 题的答案");
      box.appendChild(input);
      return box;
    }
    choices.forEach(function (choice, k) {
      var label = el("label", "hb-quiz-choice");
      var mark = el("input");
      mark.type = item.type === "multi" ? "checkbox" : "radio";
      mark.name = "q" + index;
      mark.value = choice;
      label.appendChild(mark);
      label.appendChild(document.createTextNode(" " + (item.type === "judge" ? "" : LETTERS.charAt(k) + ". ") + choice));
      box.appendChild(label);
    });
    return box;
  }

  function shuffled(items) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }

  function start() {
    var role = document.getElementById("hb-quiz-role").value;
    var count = parseInt(document.getElementById("hb-quiz-count").value, 10);
    current = shuffled(all.filter(function (item) { return item.roles.indexOf(role) >= 0; }));
    if (count) { current = current.slice(0, count); }
    list.innerHTML = "";
    score.textContent = "";
    current.forEach(function (item, index) {
      var li = el("li", "hb-quiz-item");
      li.setAttribute("data-id", item.id);
      var stem = el("p", "hb-quiz-question");
      stem.appendChild(el("span", "hb-quiz-type", "［" + typeName(item.type) + "］"));
      stem.appendChild(document.createTextNode(item.question));
      li.appendChild(stem);
      li.appendChild(options(item, index));
      list.appendChild(li);
    });
    submit.hidden = current.length === 0;
    again.hidden = current.length === 0;
  }

  function given(index) {
    var picked = list.querySelectorAll('input[name="q' + index + '"]:checked');
    if (picked.length) { return Array.prototype.map.call(picked, function (p) { return p.value; }); }
    var typed = list.querySelector('input[type="text"][name="q' + index + '"]');
    var text = typed ? typed.value.trim() : "";
    return text ? [text] : [];
  }

  function isRight(item, answer) {
    if (item.type === "fill") {
      return answer[0].indexOf(item.answer) >= 0 || item.answer.indexOf(answer[0]) >= 0;
    }
    if (item.type === "multi") {
      return answer.length === item.answers.length && item.answers.every(function (a) { return answer.indexOf(a) >= 0; });
    }
    return answer[0] === item.answer;
  }

  function shown(item) {
    if (!item.choices) { return item.answer; }
    var right = item.type === "multi" ? item.answers : [item.answer];
    return item.choices.filter(function (c) { return right.indexOf(c) >= 0; }).map(function (c) {
      return LETTERS.charAt(item.choices.indexOf(c)) + ". " + c;
    }).join("；");
  }

  function finish() {
    var tally = {};
    var right = 0;
    current.forEach(function (item, index) {
      var answer = given(index);
      var verdict = answer.length === 0 ? "skipped" : (isRight(item, answer) ? "right" : "wrong");
      var t = tally[item.type] || (tally[item.type] = { right: 0, total: 0 });
      t.total += 1;
      if (verdict === "right") { t.right += 1; right += 1; }
      var li = list.children[index];
      var old = li.querySelector(".hb-quiz-result");
      if (old) { li.removeChild(old); }
      var result = el("div", "hb-quiz-result hb-" + verdict);
      var head = { right: "✓ 正确。", wrong: "✗ 不对。", skipped: "未作答。" }[verdict];
      result.appendChild(el("p", "hb-quiz-verdict", head + "答案：" + shown(item)));
      var explanation = el("p", "hb-quiz-explanation", item.explanation + " ");
      var source = el("a", "hb-quiz-source", "原文：" + item.cite);
      source.href = item.url;
      explanation.appendChild(source);
      result.appendChild(explanation);
      li.appendChild(result);
    });
    var parts = TYPES.filter(function (t) { return tally[t[0]]; }).map(function (t) {
      return t[1] + " " + tally[t[0]].right + "/" + tally[t[0]].total;
    });
    score.textContent = "得分：" + right + " / " + current.length + "（" + Math.round(100 * right / Math.max(current.length, 1)) + " 分）" +
      (parts.length ? "　" + parts.join("，") : "");
  }

  document.getElementById("hb-quiz-start").addEventListener("click", start);
  again.addEventListener("click", start);
  submit.addEventListener("click", finish);
  start();
})();
