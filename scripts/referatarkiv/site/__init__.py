"""Site: the linked Archive → the site's pages and files (written out by :mod:`referatarkiv.build`)."""
