"""The print edition (PDF)."""
