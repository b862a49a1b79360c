"""Tests of referatarkiv.archive."""
