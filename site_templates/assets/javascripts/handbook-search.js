/* 党建工作手册: the site's search box, answered in the browser.
 *
 * Self-contained: any page of the site can include this script and
 * handbook-search.css (paths relative to the page):
 *
 *   <link rel="stylesheet" href="../assets/stylesheets/handbook-search.css">
 *   <script src="../assets/javascripts/handbook-search.js" defer></script>
 *
 * It mounts a search box into every element marked data-hb-search ("header":
 * styled for a coloured header bar and folded to an icon on phones; "inline":
 * a plain box in the page), and on the handbook's own pages, where there is no
 * "header" element, at the right of mkdocs-material's header. An inline box
 * with data-hb-search-kind="unit" finds units by name only (the home page's
 * "find my unit"); data-hb-placeholder sets its prompt. The site root is
 * found from this script's own address, so nothing else needs configuring.
 *
 * The data are scripts the build writes (generator/render/site_search.py):
 * search/index.js, the handbook's own index, loaded once the page is idle (or
 * when the box is used first); search/units/N.js, unit names by character
 * pair, loaded only when a query needs that shard. They are <script> tags, never fetch/XHR, so search
 * works from file:// (also from a folder with a Chinese name), from any static
 * server and from `handbook serve`, and no request leaves the site.
 *
 * A query is analysed as `handbook search` analyses it (generator/search/):
 * split into words with jieba's word frequencies over the index's vocabulary,
 * stop words dropped, each word widened to its synonyms; documents score the
 * engine's BM25F weights, precomputed at build time, with its field boosts and
 * coordination bonus; hits are collapsed per article to the best sentence.
 * Every document of the 文件库 has an index of its own (search/library/<id>.js),
 * ranked alone and merged by score, as the engine does; each hit names its
 * document when there are several, and a filter keeps one (filters.doc).
 */
(function (global) {
  "use strict";

  var STORE = "handbookSearchData";
  var KIND_LABELS = { article: "条文", term: "术语", template: "表格", training: "培训", unit: "单位" };
  var BOX_ARTICLES = 6;       /* the box shows at most this many articles, */
  var BOX_OTHERS = 4;         /* terms, forms and course modules, */
  var UNIT_LIMIT = 5;         /* and units */
  var SNIPPET_CHARS = 100;

  /* ------------------------------------------------------------------ data */

  var script = global.document && global.document.currentScript;
  var ROOT = script ? new URL("../../", script.src).href : "";
  var pending = {};

  /* Load search/<name>.js once; resolves with what it filed under <name>. */
  function loadData(name) {
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var store = global[STORE];
        if (store && store[name]) { resolve(store[name]); return; }
        var tag = global.document.createElement("script");
        tag.src = new URL("search/" + name + ".js", ROOT).href;
        tag.async = true;
        tag.onload = function () {
          var data = global[STORE] && global[STORE][name];
          if (data) { resolve(data); } else { reject(new Error(name)); }
        };
        tag.onerror = function () { reject(new Error(name)); };
        global.document.head.appendChild(tag);
      });
      pending[name].catch(function () { delete pending[name]; });  /* try again next time */
    }
    return pending[name];
  }

  var index = null;          /* the prepared handbook index, once loaded */
  var indexPromise = null;
  /* The handbook's own index, and each other document's (the 文件库: search/library/<id>.js,
     listed in the index), all loaded before the first answer: every document is searched. */
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = loadData("index").then(function (raw) {
        return Promise.all((raw.library || []).map(loadData)).then(function (library) {
          index = prepare(raw, library);
          return index;
        });
      });
      indexPromise.catch(function () { indexPromise = null; });
    }
    return indexPromise;
  }

  /* Words and their log-probabilities, as client.py::_query_dictionary writes them. */
  function addWords(ix, dictionary) {
    Object.keys(dictionary.chars || {}).forEach(function (logp) {
      Array.from(dictionary.chars[logp]).forEach(function (c) { ix.words.set(c, Number(logp)); });
    });
    Object.keys(dictionary.common || {}).forEach(function (length) {
      var size = Number(length), byValue = dictionary.common[length];
      ix.longest = Math.max(ix.longest, size);
      Object.keys(byValue).forEach(function (logp) {
        for (var at = 0; at < byValue[logp].length; at += size) { ix.words.set(byValue[logp].slice(at, at + size), Number(logp)); }
      });
    });
    Object.keys(dictionary.words || {}).forEach(function (word) {
      ix.words.set(word, dictionary.words[word]);
      ix.longest = Math.max(ix.longest, word.length);
    });
  }

  /* One index's groups, passages and postings, with lookup tables. */
  function collection(raw, n) {
    var c = { n: n, doc: raw.id || null, groups: raw.groups, passages: raw.passages, postings: raw.postings, decoded: new Map() };
    c.groupPassages = raw.groups.map(function () { return []; });
    raw.passages.forEach(function (passage, p) { c.groupPassages[passage[0]].push(p); });
    return c;
  }

  /* The raw index as the build wrote it (and the other documents' indexes), plus lookup tables. */
  function prepare(raw, library) {
    var ix = Object.assign({}, raw);
    ix.words = new Map();
    ix.longest = 1;
    addWords(ix, raw.dictionary);
    (library || []).forEach(function (other) { addWords(ix, other.dictionary || {}); });
    ix.unseen = raw.dictionary.unseen;  /* a character jieba has never seen counts as seen once */
    ix.documents = raw.documents || [];
    ix.collections = [collection(raw, 0)].concat((library || []).map(function (other, n) { return collection(other, n + 1); }));
    ix.stop = new Set(raw.stopWords);
    ix.related = new Map();
    raw.synonyms.forEach(function (group) {
      var lower = group.map(function (w) { return w.toLowerCase(); });
      lower.forEach(function (word) {
        var known = ix.related.get(word) || [];
        ix.related.set(word, known.concat(lower));
      });
    });
    if (raw.units) { ix.units = Object.assign({}, raw.units, { sizes: fromLetters(raw.units.sizes) }); }
    return ix;
  }

  /* Whole numbers written in letters (client.py::letters): base 26, each number's
     last letter upper case. */
  function fromLetters(text) {
    var numbers = [], value = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code < 97) { numbers.push(value * 26 + code - 65); value = 0; } else { value = value * 26 + code - 97; }
    }
    return numbers;
  }

  /* word → [title, content, context] lists of target, weight, target, weight… in one index */
  function postingsOf(ix, c, word) {
    if (!c.decoded.has(word)) {
      var raw = Object.prototype.hasOwnProperty.call(c.postings, word) ? c.postings[word] : null;
      c.decoded.set(word, raw && raw.map(function (field) {
        return fromLetters(field).map(function (n, i) { return i % 2 ? n / ix.weightScale : n; });
      }));
    }
    return c.decoded.get(word);
  }

  /* -------------------------------------------------------------- analysis */

  var HAN = "\\u4e00-\\u9fd5";                     /* jieba's range of Chinese characters */
  var BLOCK = new RegExp("[" + HAN + "a-z0-9+#&._%\\-]+|[\\p{L}\\p{N}]", "gu");
  var PIECE = new RegExp("[" + HAN + "]+|[.0-9]+|[a-z0-9]+", "gu");
  var WORDLIKE = new RegExp("[" + HAN + "\\p{L}\\p{N}_]", "u");
  var CHINESE = new RegExp("^[" + HAN + "]");

  function normalize(text) {
    return String(text).normalize("NFKC").toLowerCase();
  }

  /* jieba's default mode without its HMM: the split of a run of Chinese that
     maximizes the product of word probabilities (ties: the longer word). */
  function splitChinese(ix, run) {
    var n = run.length;
    var best = new Float64Array(n + 1);
    var next = new Int32Array(n + 1);
    for (var i = n - 1; i >= 0; i--) {
      best[i] = -Infinity;
      var limit = Math.min(n, i + ix.longest);
      for (var j = i + 1; j <= limit; j++) {
        var p = ix.words.get(run.slice(i, j));
        if (p === undefined) {
          if (j > i + 1) { continue; }
          p = ix.unseen;
        }
        var total = p + best[j];
        if (total >= best[i]) { best[i] = total; next[i] = j; }
      }
    }
    var words = [];
    for (var k = 0; k < n; k = next[k]) { words.push(run.slice(k, next[k])); }
    return words;
  }

  /* The words of a query that carry meaning, without repeats (analysis.query_words). */
  function queryWords(ix, text) {
    var words = [];
    (normalize(text).match(BLOCK) || []).forEach(function (block) {
      (block.match(PIECE) || [block]).forEach(function (piece) {
        var parts = CHINESE.test(piece) ? splitChinese(ix, piece) : [piece];
        parts.forEach(function (word) {
          if (WORDLIKE.test(word) && !ix.stop.has(word) && words.indexOf(word) < 0) { words.push(word); }
        });
      });
    });
    return words.slice(0, ix.maxQueryWords);
  }

  /* --------------------------------------------------------------- ranking */

  /* Every (field, variant) an index holds scores its precomputed weight; a
     document's score is their sum, with whoosh's coordination bonus when the
     query has several words; each group (article) keeps its best passage. Each
     index is ranked alone, as the engine searches each of its indexes
     (engine.Searcher), and the hits are merged by score. */
  function rank(ix, words, filters) {
    var hits = [];
    ix.collections.forEach(function (c) {
      if (filters.doc && c.doc && c.doc !== filters.doc) { return; }  /* another document's own index */
      hits = hits.concat(rankOne(ix, c, words, filters));
    });
    hits.sort(function (a, b) { return b.score - a.score || a.c.n - b.c.n || a.passage - b.passage; });
    return hits;
  }

  function rankOne(ix, c, words, filters) {
    var groups = c.groups.length;
    var groupScore = new Float64Array(groups), groupMatches = new Int32Array(groups);
    var passageScore = new Float64Array(c.passages.length), passageMatches = new Int32Array(c.passages.length);
    var touched = new Set();
    var terms = 0;
    words.forEach(function (word) {
      var variants = [word].concat(ix.related.get(word) || []).filter(function (w, n, all) { return all.indexOf(w) === n; });
      variants.forEach(function (variant) {
        var postings = postingsOf(ix, c, variant);
        if (!postings) { return; }
        postings.forEach(function (list, field) {
          if (!list.length) { return; }
          terms += 1;
          for (var i = 0; i < list.length; i += 2) {
            var target = list[i], weight = list[i + 1];
            if (field === 1) {
              passageScore[target] += weight; passageMatches[target] += 1;
              touched.add(c.passages[target][0]);
            } else {
              groupScore[target] += weight; groupMatches[target] += 1;
              touched.add(target);
            }
          }
        });
      });
    });
    var coordinate = words.length > 1;
    var hits = [];
    touched.forEach(function (g) {
      var group = c.groups[g];
      if (!accepts(ix, group, filters)) { return; }
      var best = null;
      c.groupPassages[g].forEach(function (p) {
        var score = groupScore[g] + passageScore[p];
        if (coordinate) {
          var matches = groupMatches[g] + passageMatches[p];
          score = (score + (matches - 1) / Math.pow(terms - 0.9, 2)) * ((terms - 1) / terms);
        }
        if (!best || score > best.score) { best = { score: score, passage: p }; }
      });
      hits.push({ c: c, group: g, passage: best.passage, score: best.score });
    });
    return hits;
  }

  function accepts(ix, group, filters) {
    if (filters.kind && group[0] !== filters.kind) { return false; }
    if (filters.unitType && group[4].indexOf(filters.unitType) < 0) { return false; }
    if (filters.section && group[3] !== filters.section) { return false; }
    if (filters.doc && !(group[5] >= 0 && ix.documents[group[5]][0] === filters.doc)) { return false; }
    return true;
  }

  /* ------------------------------------------------------------ highlights */

  /* Ranges of `text` where one of `words` occurs, merged. One-character words
     only count where no longer word matched, or they would mark every 村. */
  function markRanges(text, words) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) { return []; }
    var ranges = [];
    var find = function (list) {
      list.forEach(function (word) {
        for (var at = lower.indexOf(word); at >= 0 && word; at = lower.indexOf(word, at + word.length)) {
          ranges.push([at, at + word.length]);
        }
      });
    };
    find(words.filter(function (w) { return w.length > 1; }));
    if (!ranges.length) { find(words.filter(function (w) { return w.length === 1; })); }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push(r.slice()); }
    });
    return merged;
  }

  /* A window of a long text around its first mark, with the marks moved along. */
  function excerpt(text, marks, limit) {
    if (text.length <= limit) { return { text: text, marks: marks }; }
    var start = marks.length ? Math.max(0, marks[0][0] - 30) : 0;
    var end = Math.min(text.length, start + limit);
    start = Math.max(0, end - limit);
    var shifted = marks.filter(function (m) { return m[0] >= start && m[1] <= end; })
      .map(function (m) { return [m[0] - start + (start ? 1 : 0), m[1] - start + (start ? 1 : 0)]; });
    return { text: (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""), marks: shifted };
  }

  function variantsOf(ix, words) {
    var all = [];
    words.forEach(function (word) {
      [word].concat(ix.related.get(word) || []).forEach(function (w) { if (all.indexOf(w) < 0) { all.push(w); } });
    });
    return all;
  }

  /* ---------------------------------------------------------------- search */

  /* Query hygiene first: whatever is typed, an answer or a short hint. */
  function clean(ix, text) {
    var raw = String(text == null ? "" : text);
    var trimmed = raw.trim();
    var result = { text: trimmed, hint: "", words: [] };
    if (!trimmed) { result.hint = "empty"; return result; }
    if (trimmed.length > ix.maxQueryChars) {
      result.text = trimmed.slice(0, ix.maxQueryChars);
      result.hint = "long";
    }
    result.words = queryWords(ix, result.text);
    if (!result.words.length && !WORDLIKE.test(normalize(result.text))) { result.hint = "nowords"; }
    return result;
  }

  /* Hits as plain objects, the same shape whether they come from here or /api/search. */
  function search(ix, text, filters, limit) {
    filters = filters || {};
    var query = clean(ix, text);
    var ranked = query.words.length ? rank(ix, query.words, filters) : [];
    var variants = variantsOf(ix, query.words);
    return {
      query: query.text,
      hint: query.hint,
      words: query.words,
      total: ranked.length,
      hits: ranked.slice(0, limit || 50).map(function (hit) {
        var group = hit.c.groups[hit.group], passage = hit.c.passages[hit.passage];
        var doc = group[5] >= 0 ? ix.documents[group[5]] : null;
        var text = passage[1] || "";
        var shown = group[0] === "article" ? { text: text, marks: markRanges(text, variants) }
          : excerpt(text, markRanges(text, variants), SNIPPET_CHARS);
        var anchor = passage[2].split("#")[1] || null;
        return {
          kind: group[0], title: group[1], titleMarks: markRanges(group[1], variants), url: passage[2],
          section: group[3], text: shown.text, marks: shown.marks, citation: passage[3],
          score: hit.score, sentence: group[0] === "article" ? anchor : null,
          doc: doc ? doc[0] : null, document: doc && ix.documents.length > 1 ? doc[1] : null,
        };
      }),
    };
  }

  /* ----------------------------------------------------------------- units */

  function unitKey(text) {
    return normalize(text).replace(/\s+/g, "");
  }

  function shardOf(pair, shards) {
    var points = Array.from(pair);
    var first = points[0].codePointAt(0), second = points.length > 1 ? points[1].codePointAt(0) : 0;
    return (first * 65599 + second) % shards;
  }

  var unitKeys = new WeakMap();
  var shardsHere = new Set();

  /* Units whose name contains every space-separated part of the query. The
     shard of one character pair holds every name with that pair: take one
     of the pairs of the longest part, preferring a shard already loaded, then
     the smallest (the manifest knows their sizes). */
  function findUnits(ix, text, filters) {
    var manifest = ix.units;
    var parts = String(text).trim().split(/\s+/).map(unitKey).filter(Boolean);
    if (!manifest || !parts.length) { return Promise.resolve(null); }
    var longest = parts.reduce(function (a, b) { return Array.from(b).length > Array.from(a).length ? b : a; });
    var chars = Array.from(longest);
    if (chars.length < 2) { return Promise.resolve({ tooShort: true, total: 0, units: [] }); }
    /* a shard already here serves as well as any: typing on costs no further loads */
    var shard = -1, loaded = false;
    for (var i = 0; i + 1 < chars.length; i++) {
      var candidate = shardOf(chars[i] + chars[i + 1], manifest.shards);
      var here = shardsHere.has(candidate);
      if (shard < 0 || (here && !loaded) || (here === loaded && manifest.sizes[candidate] < manifest.sizes[shard])) {
        shard = candidate;
        loaded = here;
      }
    }
    return loadData("units/" + shard).then(function (entries) {
      shardsHere.add(shard);
      var keys = unitKeys.get(entries);
      if (!keys) { keys = entries.map(function (e) { return unitKey(e[0]); }); unitKeys.set(entries, keys); }
      var found = [];
      entries.forEach(function (entry, n) {
        var key = keys[n];
        if (!parts.every(function (part) { return key.indexOf(part) >= 0; })) { return; }
        var type = manifest.types[entry[2]];
        if (filters && filters.unitType && type !== filters.unitType) { return; }
        found.push({ entry: entry, key: key, order: key === longest ? 0 : key.indexOf(longest) === 0 ? 1 : 2 });
      });
      found.sort(function (a, b) { return a.order - b.order || a.key.length - b.key.length || (a.entry[1] < b.entry[1] ? -1 : 1); });
      return {
        total: found.length,
        strong: found.length > 0 && (found[0].order < 2 || found.length <= 3),
        units: found.slice(0, (filters && filters.limit) || UNIT_LIMIT).map(function (f) {
          var e = f.entry;
          var details = [manifest.types[e[2]], e[3] >= 0 ? manifest.counties[e[3]] : "", e[4]].filter(Boolean);
          var name = e[0];
          return {
            kind: "unit", title: name, titleMarks: markRanges(name, parts), url: manifest.path[0] + e[1] + manifest.path[1],
            text: details.filter(function (d, n) { return details.indexOf(d) === n && d !== name; }).join(" · "),
            marks: [], citation: "", sentence: null,
          };
        }),
      };
    });
  }

  /* What a list shows: the notice's articles first (the policy text answers;
     terms, forms and courses are our explanations of it), then the rest, each
     by score; unit names first when the query is one (the whole name, its
     beginning, or just a few units), otherwise last. */
  function arrange(hits, units, articles, others) {
    var list = hits.filter(function (h) { return h.kind === "article"; }).slice(0, articles)
      .concat(hits.filter(function (h) { return h.kind !== "article"; }).slice(0, others));
    if (units && units.units.length) {
      list = units.strong || !list.length ? units.units.concat(list) : list.concat(units.units);
    }
    return list;
  }

  /* -------------------------------------------------------------- display */

  function marked(doc, text, marks) {
    var out = doc.createDocumentFragment();
    var at = 0;
    (marks || []).forEach(function (m) {
      if (m[0] > at) { out.appendChild(doc.createTextNode(text.slice(at, m[0]))); }
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      out.appendChild(mark);
      at = m[1];
    });
    if (at < text.length) { out.appendChild(doc.createTextNode(text.slice(at))); }
    return out;
  }

  function span(doc, cls, content) {
    var el = doc.createElement("span");
    el.className = cls;
    if (typeof content === "string") { el.textContent = content; } else if (content) { el.appendChild(content); }
    return el;
  }

  /* One result as a list item: the whole item is the link (to the sentence). */
  function renderHit(doc, hit, root) {
    var item = doc.createElement("li");
    item.className = "hb-hit hb-hit--" + hit.kind;
    var link = doc.createElement("a");
    var target = new URL(hit.url, root);
    link.className = "hb-hit__link";
    if (/^(https?|file):$/.test(target.protocol)) { link.href = target.href; }
    link.appendChild(span(doc, "hb-hit__kind", KIND_LABELS[hit.kind] || hit.kind));
    link.appendChild(span(doc, "hb-hit__title", marked(doc, hit.title, hit.titleMarks)));
    /* which document, where the citation does not say it already (常委〔2012〕5号第9条第2句 does) */
    if (hit.document && (hit.citation || "").indexOf(hit.document) !== 0) {
      link.appendChild(span(doc, "hb-hit__doc", "出自" + hit.document));
    }
    if (hit.text) { link.appendChild(span(doc, "hb-hit__text", marked(doc, hit.text, hit.marks))); }
    if (hit.citation && hit.kind !== "unit") { link.appendChild(span(doc, "hb-hit__cite", hit.citation)); }
    item.appendChild(link);
    return item;
  }

  var HINTS = {
    empty: "输入问题、术语或单位名称，例如：村支书工资怎么定",
    long: "查询过长，只用了前 200 个字。",
    nowords: "请输入汉字、字母或数字。",
    none: "没有找到相关内容。可以换个说法，或少用几个词再试。",
    loading: "正在载入检索索引……",
    failed: "检索索引载入失败：请确认网站的 search 文件夹完整（复制网站时请整个文件夹一起复制）。",
    short: "查找单位请输入名称中的两个字以上。",
    units: "输入单位名称中的两个字以上，例如：联合村",
    noUnits: "没有找到这个名称的单位。请核对名称，或少输入几个字再试。",
  };

  /* ------------------------------------------------------------------- box */

  var ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  var boxes = 0;

  function Box(host, style) {
    var doc = host.ownerDocument;
    var id = "hb-search-" + (++boxes);
    this.doc = doc;
    this.host = host;
    this.seq = 0;
    this.composing = false;
    this.kind = host.getAttribute("data-hb-search-kind") === "unit" ? "unit" : "";
    host.classList.add("hb-search", "hb-search--" + style);
    host.innerHTML =
      '<button type="button" class="hb-search__open" aria-label="搜索">' + ICON + "</button>" +
      '<div class="hb-search__dialog" role="search">' +
      '<form class="hb-search__form" action="#" autocomplete="off">' +
      '<span class="hb-search__icon">' + ICON + "</span>" +
      '<input class="hb-search__input" type="search" enterkeyhint="search" spellcheck="false">' +
      '<button type="button" class="hb-search__close" aria-label="关闭搜索">✕</button>' +
      "</form>" +
      '<div class="hb-search__output">' +
      '<p class="hb-search__meta" role="status" aria-live="polite"></p>' +
      '<ol class="hb-search__list hb-hits"></ol>' +
      '<p class="hb-search__more"><a class="hb-search__advanced" href="#">高级检索：按类别、组织类型、章节筛选</a></p>' +
      "</div></div>";
    this.input = host.querySelector(".hb-search__input");
    this.input.setAttribute("aria-label", this.kind === "unit" ? "查找单位" : "搜索手册");
    this.input.setAttribute("placeholder", host.getAttribute("data-hb-placeholder") || "搜索问题、术语、单位");
    this.list = host.querySelector(".hb-search__list");
    this.meta = host.querySelector(".hb-search__meta");
    this.more = host.querySelector(".hb-search__advanced");
    this.list.id = id + "-results";
    this.input.setAttribute("aria-controls", this.list.id);
    this.bind();
  }

  Box.prototype.bind = function () {
    var box = this, input = this.input, host = this.host;
    var warm = function () { loadIndex().catch(function () {}); };
    host.addEventListener("pointerenter", warm);
    host.addEventListener("touchstart", warm, { passive: true });
    input.addEventListener("focus", function () { warm(); box.open(); });
    input.addEventListener("compositionstart", function () { box.composing = true; });
    input.addEventListener("compositionend", function () { box.composing = false; box.update(); });
    input.addEventListener("input", function (event) { if (!event.isComposing && !box.composing) { box.update(); } });
    host.querySelector(".hb-search__form").addEventListener("submit", function (event) {
      event.preventDefault();
      var first = box.list.querySelector("a");
      if (first) { first.click(); }
    });
    host.querySelector(".hb-search__open").addEventListener("click", function () { box.open(); input.focus(); });
    host.querySelector(".hb-search__close").addEventListener("click", function () { box.close(); });
    host.addEventListener("keydown", function (event) { box.key(event); });
    box.doc.addEventListener("pointerdown", function (event) {
      if (!host.contains(event.target)) { box.close(); }
    });
  };

  Box.prototype.open = function () {
    this.host.classList.add("hb-search--open");
    this.input.setAttribute("aria-expanded", "true");
    if (!this.input.value.trim()) { this.show([], this.kind === "unit" ? HINTS.units : HINTS.empty, this.input.value); }
  };

  Box.prototype.close = function () {
    this.host.classList.remove("hb-search--open");
    this.input.setAttribute("aria-expanded", "false");
    if (this.host.contains(this.doc.activeElement)) { this.doc.activeElement.blur(); }
  };

  Box.prototype.key = function (event) {
    var links = Array.prototype.slice.call(this.list.querySelectorAll("a"));
    var at = links.indexOf(this.doc.activeElement);
    if (event.key === "Escape") {
      this.close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) { return; }
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at + step;
      if (next < 0) { this.input.focus(); } else { links[Math.min(next, links.length - 1)].focus(); }
      event.preventDefault();
    } else if (at >= 0 && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      this.input.focus();  /* typing on a result goes back to the query */
    }
  };

  /* Run the query now (the index answers in a few milliseconds: no debounce). */
  Box.prototype.update = function () {
    var box = this, text = this.input.value, seq = ++this.seq;
    var started = global.performance ? global.performance.now() : 0;
    this.open();
    if (!text.trim()) { this.show([], this.kind === "unit" ? HINTS.units : HINTS.empty, text); return; }
    if (!index) { this.show([], HINTS.loading); }
    loadIndex().then(function (ix) {
      if (seq !== box.seq) { return; }
      if (box.kind === "unit") { box.updateUnits(ix, text, seq, started); return; }
      var answer = search(ix, text, {}, BOX_ARTICLES + BOX_OTHERS + 40);
      box.render(answer, null, text, started);
      if (answer.hint === "empty" || answer.hint === "nowords") { return; }
      findUnits(ix, answer.query, {}).then(function (units) {
        if (seq === box.seq && units && (units.total || units.tooShort)) { box.render(answer, units, text, started); }
      }, function () {});
    }, function () {
      if (seq === box.seq) { box.show([], HINTS.failed, text); }
    });
  };

  /* A box that finds units only: names, no articles. */
  Box.prototype.updateUnits = function (ix, text, seq, started) {
    var box = this, query = clean(ix, text);
    if (query.hint === "empty" || query.hint === "nowords") { box.show([], HINTS[query.hint], text); return; }
    findUnits(ix, query.text, { limit: 8 }).then(function (units) {
      if (seq !== box.seq) { return; }
      units = units || { total: 0, units: [] };
      var note = units.tooShort ? HINTS.short : !units.total ? HINTS.noUnits
        : "找到 " + units.total + " 个单位" + (units.total > units.units.length ? "（请输入更完整的名称）" : "") + "。";
      box.show(units.units, note, text);
      box.host.dispatchEvent(new CustomEvent("hb-search:results", { bubbles: true,
        detail: { query: text, hits: units.units.length, units: units.total, ms: global.performance ? global.performance.now() - started : 0 } }));
    }, function () {
      if (seq === box.seq) { box.show([], HINTS.failed, text); }
    });
  };

  Box.prototype.render = function (answer, units, text, started) {
    var hits = arrange(answer.hits, units, BOX_ARTICLES, BOX_OTHERS);
    var notes = [];
    if (answer.hint && HINTS[answer.hint]) { notes.push(HINTS[answer.hint]); }
    var count = answer.total + (units ? units.total : 0);
    if (answer.hint !== "empty" && answer.hint !== "nowords") {
      if (!count) { notes.push(HINTS.none); }
      else {
        notes.unshift("找到 " + answer.total + " 条相关内容" +
          (units && units.total ? "、" + units.total + " 个单位" + (units.total > units.units.length ? "（请输入更完整的名称）" : "") : "") + "。");
      }
      if (units && units.tooShort && !count) { notes.push(HINTS.short); }
    }
    this.more.href = new URL((index.advancedPage || "search.html") + "?q=" + encodeURIComponent(answer.query || ""), ROOT).href;
    this.show(hits, notes.join(" "), text);
    var detail = { query: text, hits: hits.length, units: units ? units.total : null,
      ms: global.performance ? global.performance.now() - started : 0 };
    this.host.dispatchEvent(new CustomEvent("hb-search:results", { detail: detail, bubbles: true }));
  };

  /* `text`: the query this is the answer to (tests and benchmarks wait for it);
     none while the index is still loading. */
  Box.prototype.show = function (hits, note, text) {
    var doc = this.doc, list = this.list;
    this.meta.textContent = note || "";
    list.textContent = "";
    hits.forEach(function (hit) { list.appendChild(renderHit(doc, hit, ROOT)); });
    if (text == null) { list.removeAttribute("data-query"); } else { list.setAttribute("data-query", text); }
    this.host.classList.toggle("hb-search--has-results", hits.length > 0);
  };

  /* -------------------------------------------------------------- mounting */

  function mountAll(doc) {
    var hosts = Array.prototype.slice.call(doc.querySelectorAll("[data-hb-search]"));
    var inHeader = hosts.some(function (h) { return h.getAttribute("data-hb-search") === "header"; });
    var header = doc.querySelector(".md-header__inner");
    if (!inHeader && header) {
      var host = doc.createElement("div");
      host.setAttribute("data-hb-search", "header");
      header.insertBefore(host, header.querySelector(".md-header__source"));
      hosts.unshift(host);  /* the first box answers the "/" key */
    }
    if (!hosts.length) { return; }
    var boxesMade = hosts.filter(function (h) { return !h.classList.contains("hb-search"); })
      .map(function (h) { return new Box(h, h.getAttribute("data-hb-search") || "inline"); });
    /* the index is wanted sooner or later: load it once the page is idle, so even a
       query pasted at once is answered at once (the box also asks on focus and hover) */
    if (boxesMade.length) {
      var idle = global.requestIdleCallback || function (fn) { return setTimeout(fn, 1500); };
      idle(function () { loadIndex().catch(function () {}); }, { timeout: 3000 });
    }
    doc.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey || !boxesMade.length) { return; }
      if (event.key === "/" || event.key === "s") {
        event.preventDefault();
        boxesMade[0].open();
        boxesMade[0].input.focus();
      }
    });
  }

  /* ------------------------------------------------------------ public API */

  var api = {
    root: ROOT,
    /* Promise of {query, hint, words, total, hits, units} for the 高级检索 page and tests. */
    query: function (text, filters, limit) {
      return loadIndex().then(function (ix) {
        var answer = search(ix, text, filters, limit);
        if (answer.hint === "empty" || answer.hint === "nowords" || (filters && filters.kind && filters.kind !== "unit")) {
          return answer;
        }
        return findUnits(ix, answer.query, filters).then(function (units) { answer.units = units; return answer; },
          function () { return answer; });
      });
    },
    arrange: arrange,
    renderHit: function (hit) { return renderHit(global.document, hit, ROOT); },
    hints: HINTS,
    kinds: KIND_LABELS,
    /* for tests outside a browser */
    engine: { prepare: prepare, queryWords: queryWords, search: search, shardOf: shardOf, unitKey: unitKey },
  };
  global.HandbookSearch = api;

  if (global.document) {
    if (global.document.readyState === "loading") {
      global.document.addEventListener("DOMContentLoaded", function () { mountAll(global.document); });
    } else {
      mountAll(global.document);
    }
  }
})(typeof window !== "undefined" ? window : globalThis);
