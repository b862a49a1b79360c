"""Tests of referatarkiv.parse."""
