"""The programs people start: the ``rumbo`` command and the code-free app."""
