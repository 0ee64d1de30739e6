"""Validation: the project's schemas from its ODD, TEI checked against them, and ``edition check`` on transcripts."""
