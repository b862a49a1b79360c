/* Referatarkiv: the search page (/soeg/), a small UI on Pagefind's JS API (pagefind.js).
 *
 * What the browser fetches, and when:
 * - at once: pagefind.js, its entry file, the page list (pf_meta) and the WebAssembly;
 * - when a query is run (300 ms after the last keystroke, or on Enter): the word chunks the query
 *   needs, then one fragment per result shown (five at a time);
 * - when a facet group (<details>) is opened: that facet's filter file, once. Pagefind's default UI
 *   fetched every facet's file at start; a search whose filters name a facet fetches only that
 *   facet's file, so an opened-but-unticked facet is passed as `Facet: []` (no restriction);
 * - when "nyeste/ældste først" is chosen: the "dato" filter file, once (see dateSource).
 *
 * Everything shown comes from the index, i.e. from referat text: it is put into the page as text
 * (textContent, text nodes, <mark> elements made here), never as HTML. Result links must stay
 * inside the site. The query, the sort and the ticked values live in the address (?q=…&sort=…&
 * kommune=…), so a search can be linked to and survives going back.
 */
(function () {
  "use strict";
  var box = document.querySelector(".ra-search");
  if (!box) return;

  var PAGE_SIZE = 5;
  var DATE_FILTER = "dato"; // the meeting date as a Pagefind filter (ISO), for the date order
  var DEBOUNCE_MS = 300;
  var MIN_TERM = 2; // one letter would fetch every word chunk starting with it
  var EXCERPT_WORDS = 30;
  var TYPE_ORDER = ["møde", "punkt", "sag", "bilag"];
  var TYPE_LABEL = { "møde": "Møde", "punkt": "Punkt", "sag": "Sag", "bilag": "Bilag" };

  var siteRoot = new URL(box.getAttribute("data-ra-site-root").replace(/\/?$/, "/"), location.href);
  var bundle = new URL(box.getAttribute("data-ra-bundle"), location.href);
  var form = box.querySelector(".ra-search__form");
  var input = box.querySelector("#ra-search-input");
  var sortSelect = box.querySelector("#ra-search-sort");
  var statusEl = box.querySelector(".ra-search__status");
  var list = box.querySelector(".ra-search__list");
  var more = box.querySelector(".ra-search__more");

  // One entry per facet group: its Pagefind filter name, address parameter, ticked values, whether
  // its filter file is wanted (group opened or a value ticked), and its checkboxes by value.
  var facets = [];
  box.querySelectorAll(".ra-search__facet").forEach(function (details) {
    facets.push({
      name: details.getAttribute("data-ra-filter"),
      param: details.getAttribute("data-ra-param"),
      details: details,
      fieldset: details.querySelector(".ra-search__values"),
      selected: [],
      wanted: false,
      boxes: {}
    });
  });

  var seq = 0; // the latest search; older ones stop when they see a newer one started
  var source = null; // the current result list (see relevanceSource, dateSource)
  var timer = null;

  // ---------------------------------------------------------------------------------------------
  // small DOM helpers (text only)

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }

  // ---------------------------------------------------------------------------------------------
  // Pagefind

  // An incremental build (mkdocs build/serve --dirty) adds a second bundle of the pages changed
  // since the last full build, and names the main bundle's pages it replaces ("stale"); see
  // referatarkiv/search/delta.py. A full build (the published site) has neither.
  var deltaAttr = box.getAttribute("data-ra-delta");
  var delta = deltaAttr ? new URL(deltaAttr, location.href) : null;
  var stale = Object.create(null); // main-bundle page id → that old version's filter values

  var pagefind = import(bundle.href + "pagefind.js").then(function (pf) {
    // noWorker: Pagefind's web worker is a second copy of its code (~12 KB more to download);
    // a search over this index takes milliseconds on the main thread.
    return pf.options({ basePath: bundle.pathname, baseUrl: siteRoot.pathname, noWorker: true })
      .then(function () { return pf.init(); })
      .then(function () { return delta ? mergeDelta(pf) : null; })
      .then(function () { return pf; });
  });

  function mergeDelta(pf) {
    function get(name) {
      return fetch(delta.href + name, { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r;
      });
    }
    return get("manifest.json").then(function (r) { return r.json(); }).then(function (m) {
      // Pagefind keeps a merged index it failed to load and then waits on it in every search, so
      // the bundle must be there before it is merged.
      var merged = m.bundle
        ? get("pagefind-entry.json").then(function () {
            return pf.mergeIndex(delta.pathname, { baseUrl: siteRoot.pathname });
          })
        : Promise.resolve();
      return merged.then(function () {
        // Old versions are hidden only once the new ones can be found.
        Object.keys(m.stale || {}).forEach(function (id) { stale[id] = m.stale[id] || {}; });
      });
    }).catch(function (e) {
      // Without the changed pages the search still works, on the last full build's index.
      if (window.console) console.warn("referatarkiv: the bundle of changed pages did not load", e);
    });
  }

  // Every search goes through here: results of pages an incremental build replaced are dropped,
  // and taken out of the facet counts (Pagefind counts the results of both bundles).
  function search(pf, term, options) {
    return pf.search(term, options).then(function (res) {
      if (res && res.results) {
        res.results = res.results.filter(function (r) {
          if (!stale[r.id]) return true;
          uncount(res.filters, stale[r.id]);
          return false;
        });
      }
      return res;
    });
  }

  function uncount(counts, filters) {
    if (!counts) return;
    Object.keys(filters).forEach(function (name) {
      var c = counts[name];
      if (!c) return;
      (filters[name] || []).forEach(function (v) {
        if (c[v] > 0) c[v] -= 1;
      });
    });
  }
  pagefind.catch(function () {
    setStatus("Søgningen kunne ikke indlæses. Prøv at genindlæse siden.");
  });

  // "desc", "asc" or "" (relevance), from the sort choice "dato:desc" / "dato:asc" / "".
  function dateOrder() {
    var m = /^dato:(asc|desc)$/.exec(sortSelect.value);
    return m ? m[1] : "";
  }

  // Pagefind filters for a search: ticked values as "any of" (one facet's values are
  // alternatives); a wanted facet without ticks as [], which restricts nothing but makes Pagefind
  // fetch the facet's file and count its values. `skip` leaves one facet's ticks out (its counts).
  function filterOption(skip) {
    var out = {};
    facets.forEach(function (f) {
      if (f.selected.length && f !== skip) out[f.name] = { any: f.selected.slice() };
      else if (f.wanted) out[f.name] = [];
    });
    return out;
  }

  function anySelected() {
    return facets.some(function (f) { return f.selected.length > 0; });
  }

  function currentTerm() {
    var t = input.value.trim();
    return t.length >= MIN_TERM ? t : "";
  }

  // What Pagefind is asked: a word of letters and digits joined by punctuation (a journalnummer
  // "20/13750", "EMN-2025-003383", "P35-39-22") joined without it, lowercase ("2013750"), as the
  // pages list their journalnumre from every part on (site.frontmatter.search_terms).
  var JOINED = /^[\p{L}\p{N}]+(?:[^\s\p{L}\p{N}]+[\p{L}\p{N}]+)+$/u;
  // "punkt 23", "pkt. 23": the punkter numbered 23, which list "punkt23" among their search words.
  var PUNKT = /(^|\s)(?:punkt|pkt\.?)\s*(\d+)(?=\s|$)/giu;
  function pagefindTerm(term) {
    return term.replace(PUNKT, "$1punkt$2").split(/\s+/).map(function (w) {
      var core = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      return JOINED.test(core) && /\p{N}/u.test(core) ? core.replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase() : w;
    }).join(" ");
  }

  // Pagefind answers a word it does not hold with the longest start of it that it does hold
  // ("handicap" → pages with "Hanne"). A query word counts as found only when a marked word of a
  // result starts like it: they share its first letters up to what Danish endings take off
  // (all but five, at least four). Checked on the first results shown, whose texts are fetched
  // anyway; a word without such a hit means no result.
  function wordsOf(term) {
    return pagefindTerm(term).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w; });
  }

  function sharedStart(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) n++;
    return n;
  }

  // Each marked word goes to the query word it starts most like. Per query word: "none" when no
  // marked word went to it (Pagefind may leave a word of several out of its marks), "found" when
  // one shares enough of its start, "fallback" when they only share a shorter start ("han" of
  // "Hanne" for "handicap"). The query has results when some word is found and none fell back.
  function allFound(term, datas) {
    var words = wordsOf(term);
    var best = words.map(function () { return 0; });
    datas.forEach(function (data) {
      var text = (data.content || "").split(/\s+/);
      (data.locations || []).forEach(function (l) {
        var hit = (text[l] || "").toLowerCase();
        hit.split(/[^\p{L}\p{N}]+/u).concat([hit.replace(/[^\p{L}\p{N}]+/gu, "")]).forEach(function (p) {
          if (!p) return;
          var at = -1, n = 0;
          words.forEach(function (w, i) {
            var k = sharedStart(p, w);
            if (k > n) { n = k; at = i; }
          });
          if (at >= 0) best[at] = Math.max(best[at], n);
        });
      });
    });
    var found = false;
    for (var i = 0; i < words.length; i++) {
      var need = Math.min(words[i].length, Math.max(4, words[i].length - 5));
      if (best[i] >= need) found = true;
      else if (best[i] > 0) return false;
    }
    return found;
  }

  // ---------------------------------------------------------------------------------------------
  // result lists: next(n) gives the next n Pagefind results, `total` how many there are

  // Relevance: Pagefind's own order.
  function relevanceSource(res) {
    var at = 0;
    return {
      total: res.results.length,
      next: function (n) {
        var out = res.results.slice(at, at + n);
        at += out.length;
        return Promise.resolve(out);
      },
      done: function () { return at >= res.results.length; }
    };
  }

  // Date order. Each page's meeting date is a Pagefind filter ("dato", ISO dates) rather than a
  // Pagefind sort: a sort would sit in the page list every visitor downloads, a filter is one file
  // fetched when the reader picks this order. The counts per date come with the search; the pages
  // of one date are then found by a search limited to that date (relevance order within the date;
  // no download, the chunks are loaded), newest or oldest date first, undated pages last.
  function dateSource(pf, term, filters, res, order) {
    var counts = (res.filters || {})[DATE_FILTER] || {};
    var dates = Object.keys(counts).filter(function (d) { return counts[d] > 0; }).sort();
    if (order === "desc") dates.reverse();
    var dated = dates.reduce(function (n, d) { return n + counts[d]; }, 0);
    var queue = dates.slice();
    var undated = res.results.length > dated;
    var buffer = [];

    function fill(n) {
      if (buffer.length >= n || (!queue.length && !undated)) return Promise.resolve();
      var f = Object.assign({}, filters);
      if (queue.length) {
        f[DATE_FILTER] = { any: [queue.shift()] };
      } else {
        f[DATE_FILTER] = { none: Object.keys(counts) };
        undated = false;
      }
      return search(pf, term || null, { filters: f }).then(function (r) {
        buffer = buffer.concat(r.results);
        return fill(n);
      });
    }

    return {
      total: res.results.length,
      next: function (n) {
        return fill(n).then(function () { return buffer.splice(0, n); });
      },
      done: function () { return !buffer.length && !queue.length && !undated; }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // searching

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  function run() {
    clearTimeout(timer);
    var id = ++seq;
    var term = currentTerm();
    var selected = anySelected();
    var wanted = facets.some(function (f) { return f.wanted; });
    remember();
    if (!term && !selected) {
      clearResults();
      setStatus(input.value.trim() ? "Skriv mindst " + MIN_TERM + " tegn." : "");
      if (!wanted) return Promise.resolve();
    } else {
      setStatus("Søger …");
    }
    var order = (term || selected) ? dateOrder() : "";
    return pagefind.then(function (pf) {
      var filters = filterOption(null);
      var options = { filters: Object.assign({}, filters) };
      if (order) options.filters[DATE_FILTER] = [];
      // No term: with ticked values, every page that has them; otherwise only the facet counts.
      return search(pf, term ? pagefindTerm(term) : null, options).then(function (res) {
        if (id !== seq) return null;
        return facetCounts(pf, term, res).then(function (counts) {
          if (id !== seq) return null;
          renderFacets(counts);
          if (!term && !selected) return null;
          source = order ? dateSource(pf, term ? pagefindTerm(term) : null, filters, res, order) : relevanceSource(res);
          list.textContent = "";
          setStatus(res.results.length ? "Søger …" : summary(0, term));
          return showMore(id, false, term);
        });
      });
    }).catch(function (e) {
      if (id === seq) setStatus("Søgningen mislykkedes.");
      if (window.console) console.error(e);
    });
  }

  // Counts per facet value. A facet with ticked values is counted without its own ticks (its other
  // values are alternatives the reader may add), the rest from the search itself. These extra
  // searches need no download: the chunks are loaded already.
  function facetCounts(pf, term, res) {
    var counts = {};
    var jobs = [];
    facets.forEach(function (f) {
      if (!f.wanted && !f.selected.length) return;
      if (!f.selected.length) {
        counts[f.name] = (res.filters || {})[f.name] || {};
        return;
      }
      jobs.push(search(pf, term ? pagefindTerm(term) : null, { filters: filterOption(f) }).then(function (r) {
        counts[f.name] = (r.filters || {})[f.name] || {};
      }));
    });
    return Promise.all(jobs).then(function () { return counts; });
  }

  function summary(n, term) {
    var what = n === 1 ? "1 resultat" : n.toLocaleString("da-DK") + " resultater";
    if (n === 0) what = "Ingen resultater";
    return term ? what + " for »" + term + "«" : what;
  }

  function clearResults() {
    source = null;
    list.textContent = "";
    more.hidden = true;
  }

  // `check`: the query of a fresh result list, whose first results are checked (see allFound)
  // before any is shown.
  function showMore(id, focusFirst, check) {
    if (!source) return Promise.resolve();
    var src = source;
    more.disabled = true;
    return src.next(PAGE_SIZE).then(function (batch) {
      if (id !== seq) return null;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
        if (id !== seq) return;
        if (check) {
          if (datas.length && !allFound(check, datas)) {
            source = null;
            more.hidden = true;
            setStatus(summary(0, check));
            return;
          }
          setStatus(summary(src.total, check));
        }
        more.disabled = false;
        more.hidden = src.done();
        datas.forEach(function (data, i) {
          var li = el("li", "ra-search__result");
          list.appendChild(li);
          fillResult(li, data);
          if (focusFirst && i === 0) {
            var a = li.querySelector("a");
            if (a) a.focus();
          }
        });
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // one result: title (link), type, meeting date, udvalg, kommune, an excerpt with the hits marked

  function safeHref(url) {
    try {
      var u = new URL(url, location.href);
      if (u.origin !== location.origin || u.pathname.indexOf(siteRoot.pathname) !== 0) return null;
      return u.pathname + u.search + u.hash;
    } catch (e) {
      return null;
    }
  }

  function first(list) {
    return list && list.length ? String(list[0]) : "";
  }

  function fillResult(li, data) {
    li.classList.remove("ra-search__result--loading");
    li.textContent = "";
    var meta = data.meta || {};
    var filters = data.filters || {};
    var title = el("h2", "ra-search__result-title");
    var href = safeHref(data.url);
    var name = meta.title || data.url || "";
    if (href) {
      var a = el("a", "ra-search__result-link", name);
      a.setAttribute("href", href);
      title.appendChild(a);
    } else {
      title.textContent = name;
    }
    li.appendChild(title);

    var facts = el("p", "ra-search__result-meta");
    var type = first(filters.Type);
    if (type) facts.appendChild(el("span", "ra-search__result-type", TYPE_LABEL[type] || type));
    [["Dato", meta.dato], ["Udvalg", meta.udvalg], ["Kommune", first(filters.Kommune)]].forEach(function (kv) {
      if (!kv[1]) return;
      var span = el("span", "ra-search__result-fact");
      span.appendChild(el("span", "ra-search__hidden", kv[0] + ": "));
      span.appendChild(document.createTextNode(kv[1]));
      facts.appendChild(span);
    });
    li.appendChild(facts);

    // The page's journalnumre from every part on (overrides/main.html) follow "⁂": not text to show.
    var content = data.content || "";
    var cut = content.indexOf("⁂");
    var excerpt = buildExcerpt(cut >= 0 ? content.slice(0, cut) : content, data.locations || []);
    if (excerpt) li.appendChild(excerpt);
  }

  // The excerpt: EXCERPT_WORDS words of the page text around where the most hits are, the hits
  // wrapped in <mark>. Word positions are Pagefind's (the text split at whitespace).
  function buildExcerpt(content, locations) {
    var words = content.split(/\s+/); // a leading space gives an empty first word, as in Pagefind
    if (!content.trim()) return null;
    var hits = {};
    var sorted = locations.filter(function (l) { return l >= 0 && l < words.length; }).sort(function (a, b) { return a - b; });
    sorted.forEach(function (l) { hits[l] = true; });
    var start = 0;
    if (sorted.length) {
      var best = 0, bestAt = sorted[0];
      for (var i = 0, j = 0; i < sorted.length; i++) {
        while (sorted[j] < sorted[i] - EXCERPT_WORDS + 1) j++;
        if (i - j + 1 > best) { best = i - j + 1; bestAt = sorted[j]; }
      }
      start = Math.max(0, Math.min(bestAt - 5, words.length - EXCERPT_WORDS));
    }
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var p = el("p", "ra-search__result-excerpt");
    var text = start > 0 ? "…" : ""; // plain text not yet added
    for (var k = start; k < end; k++) {
      if (!words[k]) continue;
      if (text || p.childNodes.length) text += " ";
      if (hits[k]) {
        if (text) p.appendChild(document.createTextNode(text));
        p.appendChild(el("mark", null, words[k]));
        text = "";
      } else {
        text += words[k];
      }
    }
    if (end < words.length) text += " …";
    if (text) p.appendChild(document.createTextNode(text));
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // facets

  function valueOrder(f, values) {
    if (f.name === "Type") {
      return values.sort(function (a, b) {
        var i = TYPE_ORDER.indexOf(a), j = TYPE_ORDER.indexOf(b);
        return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.localeCompare(b, "da");
      });
    }
    if (f.name === "År") return values.sort(function (a, b) { return b.localeCompare(a); });
    return values.sort(function (a, b) { return a.localeCompare(b, "da"); });
  }

  function renderFacets(counts) {
    facets.forEach(function (f) {
      var c = counts[f.name];
      if (!c) return;
      var values = Object.keys(c);
      f.selected.forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
      var ul = f.fieldset.querySelector("ul");
      if (!ul) {
        f.fieldset.querySelectorAll(".ra-search__values-note").forEach(function (n) { n.remove(); });
        ul = el("ul", "ra-search__value-list");
        f.fieldset.appendChild(ul);
      }
      valueOrder(f, values).forEach(function (v) {
        var row = f.boxes[v];
        if (!row) {
          row = { li: el("li", "ra-search__value"), input: el("input"), count: el("span", "ra-search__count") };
          var label = el("label");
          row.input.type = "checkbox";
          row.input.name = f.param;
          row.input.value = v;
          row.input.checked = f.selected.indexOf(v) >= 0;
          row.input.addEventListener("change", function () { toggle(f, v, row.input.checked); });
          label.appendChild(row.input);
          label.appendChild(el("span", "ra-search__value-name", f.name === "Type" ? (TYPE_LABEL[v] || v) : v));
          label.appendChild(row.count);
          row.li.appendChild(label);
          f.boxes[v] = row;
        }
        var n = c[v] || 0;
        row.count.textContent = " (" + n.toLocaleString("da-DK") + ")";
        row.li.classList.toggle("ra-search__value--empty", n === 0 && !row.input.checked);
        ul.appendChild(row.li); // (re)ordered
      });
      if (!values.length && !f.fieldset.querySelector(".ra-search__values-note")) {
        f.fieldset.appendChild(el("p", "ra-search__values-note", "Ingen værdier."));
      }
    });
  }

  function toggle(f, value, on) {
    var i = f.selected.indexOf(value);
    if (on && i < 0) f.selected.push(value);
    if (!on && i >= 0) f.selected.splice(i, 1);
    f.wanted = true;
    run();
  }

  facets.forEach(function (f) {
    f.details.addEventListener("toggle", function () {
      if (f.details.open && !f.wanted) {
        f.wanted = true;
        run();
      }
    });
  });

  // ---------------------------------------------------------------------------------------------
  // the address (?q=…&sort=…&kommune=…)

  function remember() {
    var p = new URLSearchParams();
    var q = input.value.trim();
    if (q) p.set("q", q);
    if (sortSelect.value) p.set("sort", sortSelect.value);
    facets.forEach(function (f) {
      f.selected.forEach(function (v) { p.append(f.param, v); });
    });
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  function restore() {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    var sort = p.get("sort") || "";
    sortSelect.value = Array.prototype.some.call(sortSelect.options, function (o) { return o.value === sort; }) ? sort : "";
    facets.forEach(function (f) {
      f.selected = p.getAll(f.param).filter(function (v, i, all) { return v && all.indexOf(v) === i; });
      if (f.selected.length) {
        f.wanted = true;
        f.details.open = true;
      }
    });
  }

  // ---------------------------------------------------------------------------------------------

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run();
  });
  input.addEventListener("input", schedule);
  sortSelect.addEventListener("change", run);
  more.addEventListener("click", function () {
    showMore(seq, true);
  });

  restore();
  if (input.value.trim() || anySelected()) run();
  else input.focus(); // the reader came here to search: the query box has the focus at once
})();
