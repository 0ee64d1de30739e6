/* Progressive enhancement for the reading edition: every page reads without this script.
   - the reading switch (edited / as received), remembered in localStorage;
   - popovers for names linked to the register;
   - the copy button of "How to cite";
   - on the overview of an index split by letter, a link to an entry (persons.html#id, as the
     documents' pages make them) taken on to the entry on its letter's page. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  /* ---------------------------------------------------------------- reading switch */
  var STORE = "edition.reading";
  function storedReading() {
    try { return window.localStorage.getItem(STORE); } catch (e) { return null; }
  }
  function setReading(value, remember) {
    if (value !== "edited" && value !== "received") { return; }
    root.setAttribute("data-reading", value);
    if (remember) {
      try { window.localStorage.setItem(STORE, value); } catch (e) { /* storage may be off */ }
    }
  }
  var saved = storedReading();
  if (saved) { setReading(saved, false); }
  var switcher = document.querySelector(".reading-switch");
  if (switcher) {
    switcher.hidden = false;
    var current = root.getAttribute("data-reading");
    switcher.querySelectorAll("input[name=reading]").forEach(function (input) {
      input.checked = input.value === current;
      input.addEventListener("change", function () { if (input.checked) { setReading(input.value, true); } });
    });
  }

  /* ---------------------------------------------------------------- popovers */
  function showPopover(link) {
    var id = link.getAttribute("data-entry");
    var source = document.getElementById("entry-" + id);
    if (!source) { return false; }
    window.EditionPopover.show(link, {
      className: "popover", id: "popover-" + id, label: source.querySelector(".entry-name").textContent,
      content: Array.prototype.map.call(source.childNodes, function (node) { return node.cloneNode(true); })
    });
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-entry]") : null;
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      if (showPopover(link)) { event.preventDefault(); }
    }
  });

  /* ---------------------------------------------------------------- copy button */
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    var status = button.parentNode.querySelector(".copy-status");
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      function done(ok) { if (status) { status.textContent = ok ? "Copied." : "Select the citation and copy it."; } }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      } else {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok);
      }
    });
  });

  /* ---------------------------------------------------------------- index overview */
  function toLetterPage() {
    if (!document.body.classList.contains("page-index-overview") || !window.location.hash) { return; }
    var entry = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var link = entry && entry.querySelector("a.entry-page");
    if (link) { window.location.replace(link.href); }
  }
  toLetterPage();
  window.addEventListener("hashchange", toLetterPage);

  /* the search page has its own script: assets/search.js */
}());
