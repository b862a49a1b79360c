"""Search: the built site → a search index. Runs after MkDocs has rendered the pages.

Takes the pages MkDocs renders (the HTML, and the ``facts:`` the page modules of
:mod:`referatarkiv.site` put into front matter) and gives the search the site uses: Material's
own (lunr in the browser, small archives) or a Pagefind bundle in ``site/pagefind/`` with our
search page ``/soeg/`` (from 300 punkter). The MkDocs plugin (:mod:`referatarkiv.build`) calls it.

- :mod:`.engines` — which engine, the search page, title and decision weights, the staged copy of
  each page Pagefind reads, and the Pagefind run;
- :mod:`.delta` — Pagefind in dirty builds: a second bundle of the pages changed since the full
  index, and the manifest of what it replaces;
- :mod:`.pagefind_bundle` — Pagefind's filter files rewritten in a fixed order, so the same site
  gives the same bundle bytes.
"""
