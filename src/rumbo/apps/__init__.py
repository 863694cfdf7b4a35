"""The programs people start: the ``rumbo`` command, the code-free app and the workshop hub (``hub``)."""
