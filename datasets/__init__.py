"""The bundled datasets, shipped inside the rumbo package as rumbo.datasets (package data).

The CSVs and their data card (README.md) are what matter here; this file only lets
Python find the folder from the repository and from an installed wheel alike.
"""
