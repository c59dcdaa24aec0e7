"""Markdown extensions of the course site: math and, later, the self-check blocks."""
