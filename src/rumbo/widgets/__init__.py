"""The only importers of ipywidgets: each ``build_*`` returns a Panel (see common)."""
