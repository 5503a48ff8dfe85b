"""Renderers: one output format each (site pages, unit pages, Excel, calendar, charts)."""
