"""tools/notebooks.py: stored outputs are the same bytes whatever ids the kernel drew."""

from __future__ import annotations

import importlib.util
import json
import uuid
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebooks_tool", ROOT / "tools" / "notebooks.py")
notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notebooks)


def _notebook(ids: dict[str, str]) -> nbformat.NotebookNode:
    """A panel shown by a cell (with its layout), and two panels no output shows any more,
    each with its own layout: what a widget replaced by a later one leaves in the state."""
    def model(name, value, layout):
        return {"model_name": name, "state": {"value": value, "layout": f"IPY_MODEL_{ids[layout]}"}}

    def layout():
        return {"model_name": "LayoutModel", "state": {}}

    state = {ids["shown"]: model("HTMLModel", "hoy", "shown_layout"), ids["shown_layout"]: layout(),
             ids["old_a"]: model("HTMLModel", "antes", "old_a_layout"), ids["old_a_layout"]: layout(),
             ids["old_b"]: model("HTMLModel", "después", "old_b_layout"), ids["old_b_layout"]: layout()}
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("panel", id="panel")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": ids["shown"]}})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    return nb


def _draw(first: str) -> dict[str, str]:
    """Random ids as a kernel draws them, the unshown panels' in the order asked."""
    names = ["shown", "shown_layout", "old_a", "old_a_layout", "old_b", "old_b_layout"]
    ids = {n: uuid.uuid4().hex for n in names}
    low, high = sorted([ids["old_a"], ids["old_b"]])
    ids["old_a"], ids["old_b"] = (low, high) if first == "old_a" else (high, low)
    return ids


def _stored(nb) -> str:
    return json.dumps(notebooks.normalise(nb, "course/x.ipynb"), sort_keys=True)


def test_widget_ids_no_output_reaches_are_numbered_by_content_not_by_their_random_ids():
    assert _stored(_notebook(_draw("old_a"))) == _stored(_notebook(_draw("old_b")))


def test_every_widget_id_is_replaced_and_references_follow():
    ids = _draw("old_a")
    stored = _stored(_notebook(ids))
    assert not any(i in stored for i in ids.values())
    state = json.loads(stored)["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert len(state) == 6
    for model in state.values():
        layout = model["state"].get("layout")
        if layout:
            assert layout.removeprefix("IPY_MODEL_") in state
