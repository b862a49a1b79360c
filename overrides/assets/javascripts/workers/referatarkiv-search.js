/* Referatarkiv: Material's search worker, with the words of a query stemmed.
 *
 * Material appends a type-ahead wildcard to every query word ("buskortene*"), and lunr skips the
 * stemmer for wildcard words, so an inflected form never met the stemmed index ("buskort"): with
 * Danish stemming on, "buskortene" found nothing. This worker loads Material's own worker (its URL
 * comes as ?material=…, set by overrides/main.html) and hands it each query with its plain words
 * already stemmed by the site language's lunr stemmer ("buskortene" → "buskort", which Material
 * then searches as "buskort*"). Everything else is Material's.
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

  function stemQuery(query) {
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

  function rewrite(data) {
    if (data && data.type === 0 && data.data && data.data.config) {
      var c = data.data.config;
      lang = (c.lang || []).length === 1 ? c.lang[0] : null;
      stemming = (c.pipeline || []).indexOf("stemmer") !== -1 && (c.lang || []).length === 1;
    } else if (data && data.type === 2 && typeof data.data === "string") {
      return { type: 2, data: stemQuery(data.data) };
    }
    return data;
  }

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
