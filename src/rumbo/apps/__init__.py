"""Programs built on the package: ``hub`` (a JupyterHub for a workshop room)."""
