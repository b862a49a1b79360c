/* Referatarkiv: printed pages show where each link in the article goes. The absolute address is
   put in data-ra-print-href, which publish.css prints after the link (only in print). */
(function () {
  "use strict";
  function mark() {
    var links = document.querySelectorAll(".md-content a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      var raw = a.getAttribute("href");
      if (!raw || raw.charAt(0) === "#" || a.classList.contains("headerlink")) continue;
      a.setAttribute("data-ra-print-href", a.href);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("beforeprint", mark);
})();
