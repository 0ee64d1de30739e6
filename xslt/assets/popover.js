/* The popovers of the reading edition (names, notes, interventions, variants), shared by edition.js,
   reading.js and apparatus.js: one open at a time, a dialog under what opened it, closed by its button,
   by Escape (focus back to the opener) or by a click elsewhere. Loaded in the head, before them. */
window.EditionPopover = (function () {
  "use strict";
  var open = null;
  function close(restoreFocus) {
    if (!open) { return; }
    var opener = open.opener;
    open.remove();
    opener.setAttribute("aria-expanded", "false");
    open = null;
    if (restoreFocus) { opener.focus(); }
  }
  /* options: className, label (the dialog's name), id (optional), content (nodes, in order), more
     (optional {href, text}: a link to where the entry stands in full) */
  function show(opener, options) {
    close(false);
    var box = document.createElement("div");
    box.className = options.className;
    if (options.id) { box.id = options.id; }
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", options.label);
    box.tabIndex = -1;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "popover-close";
    button.setAttribute("aria-label", "Close");
    button.textContent = "×";
    button.addEventListener("click", function () { close(true); });
    box.appendChild(button);
    options.content.forEach(function (node) { box.appendChild(node); });
    if (options.more) {
      var link = document.createElement("a");
      link.className = "popover-more";
      link.href = options.more.href;
      link.textContent = options.more.text;
      link.addEventListener("click", function () { close(false); });
      box.appendChild(link);
    }
    box.opener = opener;
    document.body.appendChild(box);
    var rect = opener.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    box.style.left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + width - box.offsetWidth - 8)) + "px";
    box.style.top = (rect.bottom + window.scrollY + 6) + "px";
    opener.setAttribute("aria-expanded", "true");
    open = box;
    box.focus();
  }
  /* registered before the scripts that open popovers: a click elsewhere closes the open one first */
  document.addEventListener("click", function (event) {
    if (open && !open.contains(event.target)) { close(false); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { close(true); }
  });
  return { show: show, close: close };
}());
