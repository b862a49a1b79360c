"""Build: content folder → docs dir (Markdown) → engine (MkDocs or Zensical) → site. Runs the
stages before it.

Takes a content folder and gives the docs dir the engine builds from (``build/``), then the site:
it calls the readers and the parser on each referat (with a cache), links the
archive, renders the pages (:mod:`referatarkiv.site`), writes only what changed, and after MkDocs
has rendered the HTML hands it to :mod:`referatarkiv.search`.

- :mod:`.generate` — the whole pipeline, without MkDocs (``generate(content, out)``);
- :mod:`.sitebuild` — ``referatarkiv build``: the site with either engine (generate, the engine,
  ``finish``: Pagefind after the build);
- :mod:`.outputs` — writing only changed bytes, removing stale files (the manifest);
- :mod:`.cache` — parsed referater by content hash;
- :mod:`.incremental` — dirty builds that equal a full build: fingerprints of what every page
  shares and of each page group, Material's search index merged;
- :mod:`.mkdocs_plugin` — the thin ``on_*`` hooks: generate, nav, watch, search after the build;
- :mod:`.fragments` — theme fragments (nav, header) rendered once per place in the URL tree.
"""
