"""Tests of referatarkiv.build."""
