"""Tests of referatarkiv.site."""
