"""Tests of referatarkiv.search."""
