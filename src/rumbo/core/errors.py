"""Errors a learner can cause. Each message is already translated and says what to do."""


class RumboError(Exception):
    """Base of every error whose message is meant for the learner (no traceback shown)."""


class InvalidInputError(RumboError, ValueError):
    """A number or text typed by the learner is out of range or empty."""


class DataError(RumboError):
    """A data file is missing, unreadable, or lacks columns."""


class PlanError(RumboError):
    """The plan file cannot be read or written."""
