"""Content stage: files on disk → validated articles (front matter, schema, Markdown)."""
