"""Execute course and solution notebooks from a fresh kernel and store clean, stable outputs.

    python tools/notebooks.py execute course/00_bienvenida.ipynb solutions/00_bienvenida/00_bienvenida.ipynb

Each notebook runs top to bottom in a new ``python3`` kernel, in its own folder,
with HOME and the plan file pointed at a throwaway folder (so no maintainer's
plan or path leaks into outputs). Afterwards the notebook is normalised so a
re-run gives the same bytes: execution counts 1..N, no timing metadata, widget
model ids renumbered deterministically, only stable notebook metadata kept.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "python3"
KEEP_NB_METADATA = {"kernelspec", "language_info", "widgets"}
_HEX_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")  # also inside "IPY_MODEL_<id>"


def normalise(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """Make stored outputs byte-stable across runs and machines."""
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NB_METADATA}
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type != "code":
            continue
        if cell.source.strip():
            count += 1
            cell.execution_count = count
        for out in cell.get("outputs", []):
            if "execution_count" in out:
                out["execution_count"] = cell.execution_count
            out.get("metadata", {}).pop("papermill", None)
    # Widget model ids are random UUIDs: map each to a stable one, in an order that does not
    # depend on them.
    text = json.dumps(nb, sort_keys=True, ensure_ascii=False)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    models = state.get("state", {})
    mapping: dict[str, str] = {}

    def refs(model: str) -> list[str]:
        return [r for r in _HEX_ID.findall(json.dumps(models[model].get("state", {}), sort_keys=True))
                if r in models]

    def walk(roots: list[str]) -> None:
        """Number the models reached from ``roots``, breadth first, references in sorted-key order."""
        queue = list(roots)
        while queue:
            found = queue.pop(0)
            if found in mapping:
                continue
            mapping[found] = uuid.uuid5(uuid.NAMESPACE_URL, f"rumbo/{name}/{len(mapping)}").hex
            queue.extend(r for r in refs(found) if r not in mapping)

    shapes: dict[str, str] = {}

    def shape(model: str, seen: frozenset = frozenset()) -> str:
        """A model and everything it refers to, ids left out: equal shapes number alike."""
        if model in seen:
            return "@"
        if model not in shapes:
            own = _HEX_ID.sub("#", json.dumps(models[model], sort_keys=True))
            shapes[model] = own + "".join(shape(r, seen | {model}) for r in refs(model))
        return shapes[model]

    walk([f for f in _HEX_ID.findall(json.dumps(nb.cells, sort_keys=True)) if f in models])
    # Models no output reaches (a panel replaced by a later one, say): their trees, ordered by
    # what they hold rather than by their random ids.
    left = set(models) - set(mapping)
    referenced = {r for m in left for r in refs(m)}
    walk(sorted(left - referenced, key=shape))
    walk(sorted(set(models) - set(mapping), key=shape))  # cycles with no root, if any
    if mapping:
        text = _HEX_ID.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
    return nbformat.from_dict(json.loads(text))


def execute(path: Path, timeout: int = 300) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="rumbo-outputs-") as home:
        env_backup = dict(os.environ)
        os.environ.update({"HOME": home, "RUMBO_PLAN": str(Path(home) / "rumbo" / "mi_plan.json"),
                           "RUMBO_LANG": "es", "PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                           "TZ": "Europe/Madrid"})
        try:
            client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, store_widget_state=True,
                                    resources={"metadata": {"path": str(path.parent)}})
            client.execute()
        finally:
            os.environ.clear()
            os.environ.update(env_backup)
    nbformat.write(normalise(nb, path.as_posix()), path)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "execute":
        print(__doc__)
        return 2
    for name in argv[1:]:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
