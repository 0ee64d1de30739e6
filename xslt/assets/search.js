/* The search page: MiniSearch (assets/vendor/minisearch.min.js) over the passages of
   assets/search-index.js, indexed when the page loads (no fetch: works from file://). A large
   edition's index names its parts (data.parts: [script, number of its first document]), scripts that
   are loaded after it and each add the passages of a run of documents (their document counted from
   the run's first, their speaker in the part's own list); the search runs once every part is in.
   - terms are whole words, all of them required; "word*" is a prefix; "two words" a phrase;
   - hits ranked by MiniSearch's BM25 score, each naming its document and passage (¶ 12, note 3)
     and the speaker of that passage;
   - filters by document, speaker and date of the document; the query and filters are in the URL. */
(function () {
  "use strict";
  var results = document.getElementById("search-results");
  var data = window.EDITION_SEARCH;
  if (!results || !data || typeof window.MiniSearch !== "function") { return; }
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var statusLine = document.getElementById("search-status");
  var fields = {
    doc: document.getElementById("search-doc"),
    who: document.getElementById("search-who"),
    from: document.getElementById("search-from"),
    to: document.getElementById("search-to")
  };
  var LIMIT = 100;

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}]+)*/gu;
  function words(s) { return fold(s).match(WORD) || []; }

  var engine = new window.MiniSearch({
    fields: ["text"],
    tokenize: function (text) { return text.match(WORD) || []; },
    processTerm: function (term) { return fold(term); }
  });
  var passages = [];
  /* rows: [doc, anchor, label, speaker, text]; first: the number of the first document of the rows'
     run; speakers: the names their speaker numbers point to (null: the index's own list) */
  function add(rows, first, speakers) {
    var globalSpeaker = {};
    data.speakers.forEach(function (name, i) { globalSpeaker[name] = i; });
    var added = rows.map(function (p, i) {
      var who = p[3];
      if (speakers && who >= 0) { who = globalSpeaker.hasOwnProperty(speakers[who]) ? globalSpeaker[speakers[who]] : -1; }
      return { id: passages.length + i, doc: first + p[0], anchor: p[1], label: p[2], who: who, text: p[4] };
    });
    passages = passages.concat(added);
    engine.addAll(added);
  }
  var ready = !data.parts;
  if (ready) { add(data.passages, 0, null); }

  /* The query: phrases in quotation marks, words, words ending in * (prefixes). */
  function parse(query) {
    var phrases = [];
    var rest = query.replace(/["“”„]([^"“”„]+)["“”„]?/g, function (all, phrase) {
      var w = words(phrase);
      if (w.length) { phrases.push(w); }
      return " ";
    });
    var terms = [];
    rest.split(/\s+/).forEach(function (token) {
      var prefix = /\*$/.test(token);
      words(token).forEach(function (w, i, all) { terms.push({ term: w, prefix: prefix && i === all.length - 1 }); });
    });
    phrases.forEach(function (w) { w.forEach(function (t) { terms.push({ term: t, prefix: false }); }); });
    return { terms: terms, phrases: phrases };
  }

  function containsPhrase(text, phrase) {
    var w = words(text);
    for (var i = 0; i + phrase.length <= w.length; i++) {
      var ok = true;
      for (var j = 0; j < phrase.length; j++) { if (w[i + j] !== phrase[j]) { ok = false; break; } }
      if (ok) { return true; }
    }
    return false;
  }

  function dateOk(iso, from, to) {
    if (!from && !to) { return true; }
    if (!iso) { return false; }
    /* compare as far as both are given: '1958' covers 1958-10-02 */
    if (from && iso.slice(0, from.length) < from) { return false; }
    if (to && iso.slice(0, to.length) > to) { return false; }
    return true;
  }

  function filters() {
    var doc = fields.doc.value, who = fields.who.value;
    var from = fields.from.value.trim(), to = fields.to.value.trim();
    var docIndex = -1, whoIndex = -2;
    if (doc) { data.docs.forEach(function (d, i) { if (d[0] === doc) { docIndex = i; } }); }
    if (who) { whoIndex = data.speakers.indexOf(who); }
    return function (p) {
      if (doc && p.doc !== docIndex) { return false; }
      if (who && p.who !== whoIndex) { return false; }
      return dateOk(data.docs[p.doc][2], from, to);
    };
  }

  /* A piece of the passage around the first hit, the matched words marked. */
  function snippet(text, matched) {
    var hits = [];
    var re = new RegExp(WORD.source, "gu"), m;
    while ((m = re.exec(text)) !== null) {
      if (matched.has(fold(m[0]))) { hits.push([m.index, m.index + m[0].length]); }
    }
    var start = hits.length ? Math.max(0, hits[0][0] - 80) : 0;
    if (start > 0) { var space = text.indexOf(" ", start); if (space !== -1 && space < hits[0][0]) { start = space + 1; } }
    var end = Math.min(text.length, start + 260);
    var fragment = document.createDocumentFragment();
    if (start > 0) { fragment.appendChild(document.createTextNode("…")); }
    var pos = start;
    hits.forEach(function (h) {
      if (h[0] < pos || h[1] > end) { return; }
      fragment.appendChild(document.createTextNode(text.slice(pos, h[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h[0], h[1]);
      fragment.appendChild(mark);
      pos = h[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(pos, end) + (end < text.length ? "…" : "")));
    return fragment;
  }

  function run() {
    if (!ready) { statusLine.textContent = "Loading the search index…"; return; }
    results.textContent = "";
    var query = parse(input.value);
    if (!query.terms.length) { statusLine.textContent = ""; return; }
    var keep = filters();
    var found = engine.search({
      combineWith: "AND",
      queries: query.terms.map(function (t) { return { queries: [t.term], prefix: t.prefix }; })
    }, {
      filter: function (result) {
        var p = passages[result.id];
        return keep(p) && query.phrases.every(function (phrase) { return containsPhrase(p.text, phrase); });
      }
    });
    statusLine.textContent = (found.length === 1 ? "1 passage found" : found.length + " passages found")
      + (found.length > LIMIT ? "; the best " + LIMIT + " are shown." : ".");
    found.slice(0, LIMIT).forEach(function (hit) {
      var p = passages[hit.id];
      var doc = data.docs[p.doc];
      var item = document.createElement("li");
      item.className = "search-hit";
      var link = document.createElement("a");
      link.className = "result-link";
      link.href = doc[3] + "#" + p.anchor;
      link.textContent = doc[1] + ", " + p.label;
      var meta = document.createElement("span");
      meta.className = "result-meta";
      meta.textContent = [p.who >= 0 ? data.speakers[p.who] : "", doc[4]].filter(Boolean).join(" · ");
      var text = document.createElement("p");
      text.className = "result-text";
      text.appendChild(snippet(p.text, new Set(hit.terms)));
      item.appendChild(link);
      if (meta.textContent) { item.appendChild(meta); }
      item.appendChild(text);
      results.appendChild(item);
    });
  }

  function remember() {
    var params = new URLSearchParams();
    if (input.value) { params.set("q", input.value); }
    Object.keys(fields).forEach(function (key) { if (fields[key].value) { params.set(key, fields[key].value); } });
    try { window.history.replaceState(null, "", "?" + params.toString()); } catch (e) { /* file: URLs */ }
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  Object.keys(fields).forEach(function (key) { if (params.get(key)) { fields[key].value = params.get(key); } });
  run();
  if (!ready) {
    /* each part is a script of its own (a script, not a fetch: file:// too), loaded in turn */
    var firsts = {};
    data.parts.forEach(function (part, i) { firsts[i + 1] = part[1]; });
    var next = 0;
    var loadPart = function () {
      if (next === data.parts.length) { ready = true; run(); return; }
      var script = document.createElement("script");
      script.src = data.parts[next][0];
      next += 1;
      script.onload = function () {
        var loaded = window.EDITION_SEARCH_PARTS || [];
        window.EDITION_SEARCH_PARTS = [];
        loaded.forEach(function (part) { add(part.passages, firsts[part.part], part.speakers); });
        loadPart();
      };
      script.onerror = function () { statusLine.textContent = "The search index could not be loaded (" + script.src + ")."; };
      document.body.appendChild(script);
    };
    loadPart();
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); remember(); });
  input.addEventListener("input", run);
  Object.keys(fields).forEach(function (key) { fields[key].addEventListener("change", function () { run(); remember(); }); });
}());
