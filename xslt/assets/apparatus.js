/* The critical apparatus in the reading edition (progressive enhancement: without this script the
   established text and the apparatus list after it are read, linked both ways).
   - a popover per variant with its apparatus entry (sigla from the listWit);
   - the witness switch: the text as any one witness reads it;
   - two witnesses side by side, turn by turn, their differences highlighted. */
(function () {
  "use strict";
  var root = document.documentElement;
  var body = document.querySelector(".text-body");
  if (!body || !body.querySelector(".app")) { return; }

  function readings(app) {
    return Array.prototype.filter.call(app.children, function (child) {
      return child.classList.contains("lem") || child.classList.contains("rdg");
    });
  }
  function names(reading) {
    return (reading.getAttribute("data-wit") || "").split(/\s+/).filter(Boolean);
  }
  /* The reading of one witness in one app: the one that names it, else an unattributed lemma. */
  function readingOf(app, witness) {
    var list = readings(app), fallback = null;
    for (var i = 0; i < list.length; i++) {
      if (names(list[i]).indexOf(witness) >= 0) { return list[i]; }
      if (list[i].classList.contains("lem") && !names(list[i]).length) { fallback = list[i]; }
    }
    return fallback;
  }
  function showWitness(container, witness) {
    container.querySelectorAll(".app").forEach(function (app) {
      var chosen = witness ? readingOf(app, witness) : null;
      readings(app).forEach(function (r) { r.classList.toggle("wit-shown", r === chosen); });
    });
  }

  /* ---------------------------------------------------------------- popovers (popover.js) */
  function openBox(link) {
    var entry = document.getElementById("crit-" + link.getAttribute("data-app"));
    if (!entry) { return false; }
    var content = document.createElement("p");
    Array.prototype.forEach.call(entry.childNodes, function (node) {
      if (!(node.classList && node.classList.contains("backref"))) { content.appendChild(node.cloneNode(true)); }
    });
    window.EditionPopover.show(link, { className: "popover app-popover", label: "Variant " + link.textContent,
                                       content: [content] });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.app-ref") : null;
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      if (openBox(link)) { event.preventDefault(); }
    }
  });
  document.querySelectorAll("a.app-ref").forEach(function (link) {
    link.setAttribute("aria-haspopup", "dialog");
    link.setAttribute("aria-expanded", "false");
  });

  /* ---------------------------------------------------------------- witness switch */
  var tools = document.querySelector(".witness-tools");
  if (!tools) { return; }
  tools.hidden = false;
  tools.querySelectorAll("input[name=witness]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.checked) { return; }
      if (input.value) { root.setAttribute("data-witness", input.value); } else { root.removeAttribute("data-witness"); }
      showWitness(body, input.value);
    });
  });

  /* ---------------------------------------------------------------- side by side */
  var panel = document.querySelector(".compare");
  var openButton = tools.querySelector(".compare-open");
  var closeButton = tools.querySelector(".compare-close");
  /* The blocks of a text (turns, paragraphs, headings, whole-turn variants), in order: both copies
     come from one page, so block k of one is block k of the other. */
  function blocks(container) {
    return Array.prototype.filter.call(container.querySelectorAll(".div > *, .tei-body > *"), function (e) {
      return !e.classList.contains("div") && !e.classList.contains("permalink");
    });
  }
  function witnessCopy(witness, other) {
    var copy = body.cloneNode(true);
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    var apps = copy.querySelectorAll(".app");
    var originals = body.querySelectorAll(".app");
    apps.forEach(function (app, k) {
      var mine = readingOf(originals[k], witness), theirs = readingOf(originals[k], other);
      var list = readings(app), index = readings(originals[k]).indexOf(mine);
      list.forEach(function (r, j) {
        r.classList.toggle("wit-shown", j === index);
      });
      if (mine !== theirs && index >= 0) {
        list[index].classList.add("differs");
        if (list[index].classList.contains("empty")) { list[index].textContent = "⟨om.⟩"; }
      }
      var ref = app.querySelector(":scope > .app-ref");
      if (ref) { ref.remove(); }
    });
    copy.classList.add("witness-text");
    return copy;
  }
  function sigil(witness) {
    var input = tools.querySelector("input[name=witness][value='" + witness + "']");
    return input ? input.parentNode.textContent.trim() : witness;
  }
  function compare() {
    var left = tools.querySelector("select[name=compare-1]").value;
    var right = tools.querySelector("select[name=compare-2]").value;
    var a = blocks(witnessCopy(left, right)), b = blocks(witnessCopy(right, left));
    panel.textContent = "";
    var table = document.createElement("table");
    table.className = "compare-table witness-text";
    var head = table.createTHead().insertRow();
    [left, right].forEach(function (w) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = sigil(w);
      head.appendChild(th);
    });
    var tbody = table.createTBody();
    for (var k = 0; k < Math.max(a.length, b.length); k++) {
      var row = tbody.insertRow();
      row.className = "compare-row";
      [a[k], b[k]].forEach(function (block) {
        var cell = row.insertCell();
        if (block) { cell.appendChild(block); }
      });
      if (row.querySelector(".differs")) { row.classList.add("has-differences"); }
    }
    panel.appendChild(table);
    panel.hidden = false;
    body.hidden = true;
    closeButton.hidden = false;
  }
  openButton.addEventListener("click", compare);
  closeButton.addEventListener("click", function () {
    panel.hidden = true;
    panel.textContent = "";
    body.hidden = false;
    closeButton.hidden = true;
  });
})();
