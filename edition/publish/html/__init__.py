"""The HTML reading edition and its local preview."""
