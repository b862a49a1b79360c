"""Archive: parsed meetings → one linked :class:`~referatarkiv.archive.link.Archive`. Third stage.

Takes the ``Meeting``\\ s the parser gives (plus committee renames, kommune names and the attachment
files found beside each referat) and gives the ``Archive``: kommuner, udvalg across valgperioder,
meetings, punkter, sager by journalnummer, bilag, and references like "pkt. 11, 10. februar 2020"
resolved to punkter. Every page's place in the site (``path``) is decided here. Pure data work:
no files are read, nothing is rendered.

- :mod:`.link` — meetings → ``Archive`` (``build_archive``, ``parse_renames``);
- :mod:`.timeline` — a sag's steps, merged from the archive, Historik, references and the planned
  route; an udvalg's outcome counts.
"""
