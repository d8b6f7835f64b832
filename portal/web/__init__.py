"""Citizen-facing pages and downloads."""
