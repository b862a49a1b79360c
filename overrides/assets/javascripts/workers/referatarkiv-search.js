/* Referatarkiv: Material's search worker, with the words of a query stemmed.
 *
 * Material appends a type-ahead wildcard to every query word ("buskortene*"), and lunr skips the
 * stemmer for wildcard words, so an inflected form never met the stemmed index ("buskort"): with
 * Danish stemming on, "buskortene" found nothing. This worker loads Material's own worker (its URL
 * comes as ?material=…, set by overrides/main.html) and hands it each query with its plain words
 * already stemmed by the site language's lunr stemmer ("buskortene" → "buskort", which Material
 * then searches as "buskort*").
 *
 * Two more things (issue 18), both here so Material's own code stays untouched:
 * - A query word made of letters and digits joined by punctuation — a journalnummer "20/13750",
 *   "EMN-2025-003383", "00.01.00-P05-2-20", a date "2.3.2020" — becomes its parts, each required
 *   ("+20 +13750"): the index splits such words at every punctuation mark (mkdocs.yml `separator`),
 *   so the parts are what it holds, and a page must hold them all. A number alone ("13750",
 *   "2024", the 23 of "punkt 23") is searched whole, without Material's type-ahead wildcard.
 * - Each result gets its page's type, kommune, udvalg and date (`facts`, which the referatarkiv
 *   plugin adds to the index: referatarkiv/search/material.py), shown by Material as tags, escaped.
 * - A query word that is a journalnummer, whole or its end ("EMN-2025-003383", "2025-003383"),
 *   puts the sag pages it names first: a sag's address is its journalnummer as a slug
 *   (…/sager/emn-2025-003383/), and a sag's page title is its subject, so lunr alone would rank a
 *   sag of one punkt below that punkt.
 * Everything else is Material's.
 */
(function () {
  "use strict";
  var material = new URL(self.location.href).searchParams.get("material");
  if (!material) return;
  var lang = null;
  var stemming = false;
  var word = /^([+-]?)([\p{L}\p{N}]+)$/u;

  function stemmer() {
    var lunr = self.lunr;
    if (!lunr || !stemming) return null;
    if (!lang || lang === "en") return lunr.stemmer || null;
    return (lunr[lang] && lunr[lang].stemmer) || null;
  }

  // "20/13750" → "+20 +13750": letters and digits joined by punctuation, at least one digit.
  var joined = /^[\p{L}\p{N}]+(?:[^\s\p{L}\p{N}]+[\p{L}\p{N}]+)+$/u;

  // Punctuation around a word ("Arbejdsmarkeds-", "(sag)") is not part of it; Material would pass
  // it on to lunr's query parser, which reads a trailing "-" as "without".
  function tidy(part) {
    var m = /^([+-]?)([\s\S]*)$/.exec(part);
    var core = m[2].replace(/^[^\p{L}\p{N}"]+/u, "").replace(/[^\p{L}\p{N}"*~^]+$/u, "");
    return core ? m[1] + core : "";
  }

  function splitIdentifiers(query) {
    return query.split(/(\s+)/).map(function (part) {
      if (!/^\s*$/.test(part)) part = tidy(part);
      // A number alone is searched as it is ("23^1": a boost marks it, so Material adds no
      // wildcard): "punkt 23" should not find "23970" or "2300".
      if (/^\p{N}+$/u.test(part)) return part + "^1";
      var bare = part.replace(/^[+-]/, "");
      if (!joined.test(bare) || !/\p{N}/u.test(bare)) return part;
      if (part.charAt(0) === "-") return part; // "-20/13750": leave exclusions as Material reads them
      return bare.split(/[^\p{L}\p{N}]+/u).map(function (p) { return "+" + p; }).join(" ");
    }).join("");
  }

  function stemQuery(query) {
    query = splitIdentifiers(query);
    var stem = stemmer();
    if (!stem) return query;
    return query.split(/(\s+)/).map(function (part) {
      var m = word.exec(part);
      if (!m) return part;
      var token = stem(new self.lunr.Token(m[2].toLowerCase(), {}));
      var s = token ? token.toString() : "";
      return m[1] + (s || m[2]);
    }).join("");
  }

  // The journalnumre of the last query, as the ends of sag slugs ("2025-003383").
  var caseSlugs = [];

  function journalnumre(query) {
    return query.split(/\s+/).map(function (part) {
      var bare = tidy(part).replace(/^[+-]/, "");
      if (!joined.test(bare) || !/\p{N}/u.test(bare)) return "";
      return bare.toLowerCase().split(/[^\p{L}\p{N}]+/u).join("-");
    }).filter(Boolean);
  }

  function isCaseOf(location, slug) {
    var m = /(?:^|\/)sager\/([^\/#]+)\/$/.exec(location || "");
    return !!m && (m[1] === slug || m[1].slice(-(slug.length + 1)) === "-" + slug);
  }

  // Material's groups (one per page, best first), with the sag pages a journalnummer of the query
  // names moved to the front in their order.
  function casesFirst(groups) {
    if (!caseSlugs.length) return groups;
    var named = function (group) {
      var doc = group[0];
      return !!doc && caseSlugs.some(function (slug) { return isCaseOf(doc.location, slug); });
    };
    return groups.filter(named).concat(groups.filter(function (g) { return !named(g); }));
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // A result message (type 3): each page's first entry shows its facts, as Material's tags (which
  // Material puts into the page as HTML, hence escaped).
  function withFacts(data) {
    if (!data || data.type !== 3 || !data.data || !Array.isArray(data.data.items)) return data;
    data.data.items = casesFirst(data.data.items);
    data.data.items.forEach(function (group) {
      group.forEach(function (doc) {
        var facts = doc && !doc.parent && Array.isArray(doc.facts) ? doc.facts : null;
        if (facts && facts.length) doc.tags = facts.map(escapeHtml);
        if (doc) delete doc.facts;
      });
    });
    return data;
  }

  function rewrite(data) {
    if (data && data.type === 0 && data.data && data.data.config) {
      var c = data.data.config;
      lang = (c.lang || []).length === 1 ? c.lang[0] : null;
      stemming = (c.pipeline || []).indexOf("stemmer") !== -1 && (c.lang || []).length === 1;
    } else if (data && data.type === 2 && typeof data.data === "string") {
      caseSlugs = journalnumre(data.data);
      return { type: 2, data: stemQuery(data.data) };
    }
    return data;
  }

  var post = self.postMessage;
  self.postMessage = function (data, transfer) {
    return transfer === undefined ? post.call(self, withFacts(data)) : post.call(self, withFacts(data), transfer);
  };

  var add = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return add.call(self, type, listener, options);
    return add.call(self, "message", function (event) {
      listener.call(self, { data: rewrite(event.data), target: event.target, type: event.type });
    }, options);
  };
  try {
    importScripts(material);
  } finally {
    self.addEventListener = add;
  }
})();
