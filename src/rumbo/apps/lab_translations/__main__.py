"""``python -m rumbo.apps.lab_translations``: rewrite every ``.json`` catalog from its ``.po``."""

from rumbo.apps.lab_translations import write_all

for path in write_all():
    print(path)
