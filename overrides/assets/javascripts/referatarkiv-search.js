/* Referatarkiv: the search page (/soeg/) with Pagefind's default UI.
 *
 * Result links, the bundle and the ?q= address all derive from the site root the page was
 * built for (data-ra-site-root, Material's relative base_url), so the site works under any
 * sub-path, e.g. https://<owner>.github.io/referatarkiv/.
 * The sort choice re-creates the UI (Pagefind UI takes `sort` only when it starts) and keeps the
 * query and the ticked filters.
 */
(function () {
  "use strict";
  var box = document.querySelector(".ra-search");
  if (!box || typeof window.PagefindUI !== "function") return;
  var siteRoot = new URL(box.getAttribute("data-ra-site-root").replace(/\/?$/, "/"), location.href);
  var bundle = new URL(box.getAttribute("data-ra-bundle"), location.href);
  var sortSelect = document.getElementById("ra-search-sort");
  var ui = null;
  var params = new URLSearchParams(location.search);

  if (params.get("sort") && sortSelect.querySelector('option[value="' + CSS.escape(params.get("sort")) + '"]')) {
    sortSelect.value = params.get("sort");
  }

  function sortOption() {
    var v = sortSelect.value;
    if (!v) return null;
    var i = v.indexOf(":"), o = {};
    o[v.slice(0, i)] = v.slice(i + 1);
    return o;
  }

  function currentTerm() {
    var input = box.querySelector(".pagefind-ui__search-input");
    return input ? input.value : "";
  }

  function currentFilters() {
    var out = {};
    box.querySelectorAll(".pagefind-ui__filter-checkbox:checked").forEach(function (c) {
      (out[c.name] = out[c.name] || []).push(c.value);
    });
    return out;
  }

  function remember() {
    var p = new URLSearchParams(location.search);
    var q = currentTerm();
    if (q) p.set("q", q); else p.delete("q");
    if (sortSelect.value) p.set("sort", sortSelect.value); else p.delete("sort");
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  function start(term, filters) {
    if (ui) ui.destroy();
    document.getElementById("ra-search-ui").innerHTML = "";
    var options = {
      element: "#ra-search-ui",
      bundlePath: bundle.pathname,
      baseUrl: siteRoot.pathname,
      showImages: false,
      showSubResults: false,
      showEmptyFilters: false,
      pageSize: 5,
      openFilters: ["Type", "Kommune"]
    };
    var sort = sortOption();
    if (sort) options.sort = sort;
    ui = new window.PagefindUI(options);
    if (filters && Object.keys(filters).length) ui.triggerFilters(filters);
    if (term) ui.triggerSearch(term);
  }

  start(params.get("q") || "", null);
  sortSelect.addEventListener("change", function () {
    var term = currentTerm(), filters = currentFilters();
    start(term, filters);
    remember();
  });
  box.addEventListener("input", function (e) {
    if (e.target && e.target.classList.contains("pagefind-ui__search-input")) remember();
  });
})();
