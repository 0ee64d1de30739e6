/* The document page (progressive enhancement: without it the page reads completely):
   - the panel's parts marked data-open-wide open on wide screens, where the panel is beside the text;
   - a link to a place inside a closed part of the panel opens that part;
   - note references open the note in a popover where the margin note is not shown (phones);
   - interventions (corrections, regularisations, supplied words) open their apparatus entry in a
     popover, by click, touch, Enter or Space; inside a linked name, by the mark after the name. */
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 72rem)");

  /* ---------------------------------------------------------------- the panel */
  function openWide() {
    if (!WIDE.matches) { return; }
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  openWide();
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target && target.tagName === "DETAILS") { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", revealTarget);
  revealTarget();

  /* ---------------------------------------------------------------- popovers (popover.js) */
  function show(opener, label, nodes, more) {
    var body = document.createElement("div");
    body.className = "popover-body";
    nodes.forEach(function (node) { body.appendChild(node); });
    window.EditionPopover.show(opener, { className: "popover reading-popover", label: label, content: [body], more: more });
  }
  function clones(element, skip) {
    return Array.prototype.filter.call(element.childNodes, function (n) {
      return !(n.nodeType === 1 && n.matches(skip));
    }).map(function (n) {
      var copy = n.cloneNode(true);
      if (copy.nodeType === 1) { copy.removeAttribute("id"); copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); }); }
      return copy;
    });
  }

  /* a note reference: the popover where its margin note is not shown */
  function notePopover(ref) {
    var id = ref.getAttribute("href").slice(1);
    var note = document.getElementById(id);
    var margin = ref.parentNode.nextElementSibling;
    if (!note || (margin && margin.classList.contains("sidenote") && margin.offsetParent !== null)) { return false; }
    var body = note.querySelector(".note-body") || note;
    show(ref, "Note " + ref.textContent.trim(), clones(body, ".backref"), { href: "#" + id, text: "In the list of notes" });
    return true;
  }

  /* an intervention: its entry of the apparatus panel */
  function interventionPopover(span) {
    var entry = document.getElementById(span.getAttribute("data-app"));
    if (!entry) { return false; }
    show(span, "Editorial intervention", clones(entry, ".app-place"),
         { href: "#" + entry.id, text: "In the list of interventions" });
    return true;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var ref = target.closest("a[role=doc-noteref]");
    if (ref && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      if (notePopover(ref)) { event.preventDefault(); }
      return;
    }
    var span = target.closest("[data-app][role=button]");
    if (span && !target.closest("a")) {
      interventionPopover(span);
      return;
    }
    var mark = target.closest("a.app-mark");
    if (mark && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      if (interventionPopover(mark)) { event.preventDefault(); }
    }
  });
  document.addEventListener("keydown", function (event) {
    var span = event.target.closest ? event.target.closest("[data-app][role=button]") : null;
    if (span && span === event.target && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      interventionPopover(span);
    }
  });
}());
