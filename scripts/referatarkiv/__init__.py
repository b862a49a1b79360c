"""referatarkiv: turn Danish municipal committee minutes (referater) into a cross-linked website.

Stages, each a module with a small public surface:
read (bytes → text) → normalize (text → clean lines) → parse (lines → Meeting) → link (meetings →
Archive) → render (Archive → Markdown pages) → MkDocs (thin plugin in ``mkdocs_plugin``).
"""

__version__ = "0.1.0"
