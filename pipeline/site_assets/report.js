// A report page: clicking a value in a table highlights where it was read (its box on the page
// image, or its web-page locator) and the reverse.
(function () {
  function inSide(el) { return el.closest(".side") !== null; }
  function select(id, from) {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    var found = document.querySelectorAll('[data-cell="' + CSS.escape(id) + '"]');
    found.forEach(function (el) { el.classList.add("hl"); });
    for (var i = 0; i < found.length; i++) {
      if (found[i] !== from && inSide(found[i]) !== inSide(from)) {
        found[i].scrollIntoView({ block: "center" });
        break;
      }
    }
  }
  // the page images open on the first value read, not on the prose above the table
  window.addEventListener("load", function () {
    var side = document.querySelector(".side"), box = document.querySelector(".side .box");
    if (side && box) {
      side.scrollTop += box.getBoundingClientRect().top - side.getBoundingClientRect().top - 40;
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-cell]");
    if (target && target.dataset.cell) { select(target.dataset.cell, target); }
  });
})();
