"""Site: the linked Archive → the site's pages and files. Fourth stage of the pipeline.

Takes the :class:`~referatarkiv.archive.link.Archive` and gives ``{path in the docs dir: text}``:
the Markdown pages MkDocs builds (with front matter for the theme and the search), the Atom feeds
and calendars, the open data (JSON, CSV, schemas) and the "data as of" stamps. Every string from
a referat is escaped for the format it goes into. :mod:`referatarkiv.build` writes the result.

- :mod:`.pages` — ``render_pages(archive)``: every page, one call per page kind; ``site_files``,
  ``nav``;
- one module per page kind: :mod:`.home`, :mod:`.kommune`, :mod:`.udvalg` (with its outcome
  pages), :mod:`.moede`, :mod:`.punkt`, :mod:`.sag` (with the sager lists), :mod:`.bilag`,
  :mod:`.partier` (each kommune's parties and the decisions each disagreed with);
- :mod:`.timelines` — the data of a sag's, punkt's or udvalg's timeline and of the udvalg's outcome
  chart; :mod:`.timeline_html` writes them as HTML into the page;
- :mod:`.feeds` (Atom, iCalendar), :mod:`.opendata` (archive.json, per-meeting JSON, CSV; the
  schemas in ``schema/``), :mod:`.publish` (adds both, and the "data as of" stamps);
- shared by all of the above, below them: :mod:`.urls` (page files, relative links, the paths of
  archive.json, feeds and calendars), :mod:`.names` (meeting titles, item headings, labels),
  :mod:`.frontmatter` (front matter and page facts), :mod:`.blocks` (escaped text, breadcrumbs,
  badges, the decision line), :mod:`.mdtext` (referat text → safe Markdown).
"""
