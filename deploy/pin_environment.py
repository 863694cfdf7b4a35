"""environment.yml with every range replaced by the exact version of constraints.txt.

The single-user image (deploy/Dockerfile) installs this pinned copy, so a
learner's server on Kubernetes runs exactly the versions `make` installs.

    python deploy/pin_environment.py environment.yml constraints.txt > environment.lock.yml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ENTRY = re.compile(r"^(?P<indent>\s*-\s+)(?P<name>[A-Za-z0-9_.\-]+)(?P<spec>[<>=!~][^#\s]*)(?P<rest>.*)$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(constraints: str) -> dict[str, str]:
    found = {}
    for line in constraints.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            found[_norm(name)] = version.strip()
    return found


def pinned(environment: str, constraints: str) -> str:
    """The text of ``environment`` with ``name>=a,<b`` turned into ``name==<pin>``; python stays as it is."""
    versions = pins(constraints)
    out = []
    for line in environment.splitlines():
        match = ENTRY.match(line)
        if match and _norm(match["name"]) in versions:
            line = f"{match['indent']}{match['name']}=={versions[_norm(match['name'])]}{match['rest']}"
        elif match and match["name"] != "python":
            raise SystemExit(f"{match['name']} has no pin in constraints.txt")
        out.append(line)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(pinned(Path(sys.argv[1]).read_text(), Path(sys.argv[2]).read_text()))
