"""Permissions for ranking, stage closing, publication and the public results pages."""
