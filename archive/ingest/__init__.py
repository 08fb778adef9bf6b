"""Ingest: files to parsed articles (readers, parse) and into the store (pipeline)."""
