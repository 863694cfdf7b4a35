"""How results are shown: palette, HTML tables, charts, notes and the plan document."""
