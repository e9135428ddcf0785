"""Readers of report sources: PDF pages, tables, text."""
