"""The ground floor: errors, translation and formats. Imports nothing else of Rumbo."""
