"""referatarkiv: turn Danish municipal committee minutes (referater) into a cross-linked website.

One subpackage ("room") per stage, in pipeline order; a module imports only from its own room, the
base modules and earlier rooms (checked by tests/test_layers.py):

- base: ``model`` (the dataclasses passed between stages), ``dates``, ``slugs``, ``statefiles``;
- ``readers`` — a source file → text and metadata;
- ``parse`` — text → ``Meeting``;
- ``archive`` — meetings → the linked ``Archive`` (every page's place is decided here);
- ``site`` — ``Archive`` → Markdown pages, feeds, open data;
- ``search`` — the built site → a search index (Material or Pagefind);
- ``build`` — content folder → docs dir → MkDocs (``generate``, the plugin, incremental builds);
- ``dev`` — benchmarks, synthetic archives, the accessibility check;
- ``cli`` — ``referatarkiv parse|build|bench``.
"""

__version__ = "0.1.0"
