"""Renderers: one output format each, behind `render(views, out_dir) -> written paths`."""
