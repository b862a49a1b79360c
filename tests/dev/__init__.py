"""Tests of referatarkiv.dev."""
