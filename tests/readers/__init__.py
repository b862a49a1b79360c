"""Tests of referatarkiv.readers."""
