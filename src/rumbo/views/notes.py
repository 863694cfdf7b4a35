


class Note(str):
    """A sentence for the learner: a notebook shows it as text, without quotes."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        return str(self)
