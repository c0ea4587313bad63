"""Shipped data files: report templates, icons and translations."""
