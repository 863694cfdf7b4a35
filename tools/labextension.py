"""Build the rumbo-lab JupyterLab extension, or check that its committed build is current.

    python tools/labextension.py build   # npm ci + tsc + jupyter-builder (needs node and npm)
    python tools/labextension.py build --reuse   # the same with the node_modules already there
    python tools/labextension.py check   # exit 1 if the source changed since the last build

The TypeScript source lives in jupyter/labextension/; the build goes to
jupyter/labextensions/rumbo-lab/ and is committed, so that `make setup` needs neither
node nor 450 MB of npm packages (see docs/ARCHITECTURE.md). The build records a hash of
its source in source.sha256; `check` (run by the tests) compares it with the source now.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "jupyter" / "labextension"
BUILD = ROOT / "jupyter" / "labextensions" / "rumbo-lab"
STAMP = BUILD / "source.sha256"


def source_files() -> list[Path]:
    """What the build is made from (node_modules and the compiled lib/ are not source)."""
    files = [SOURCE / name for name in ("package.json", "package-lock.json", "tsconfig.json")]
    return files + sorted((SOURCE / "src").glob("*.ts")) + sorted((SOURCE / "style").glob("*.css"))


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(path.relative_to(SOURCE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def build(reuse: bool = False) -> None:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is missing: install Node.js 20 (https://nodejs.org) to rebuild the extension")
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    shutil.rmtree(BUILD, ignore_errors=True)
    if not (reuse and (SOURCE / "node_modules").is_dir()):
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=SOURCE, env=env, check=True)
    subprocess.run([npm, "run", "build"], cwd=SOURCE, env=env, check=True)
    STAMP.write_text(source_hash() + "\n", encoding="utf-8")
    print(f"built {BUILD.relative_to(ROOT)}")


def check() -> bool:
    recorded = STAMP.read_text(encoding="utf-8").strip() if STAMP.exists() else ""
    return recorded == source_hash()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "build":
        build(reuse="--reuse" in sys.argv)
    elif command == "check":
        if not check():
            sys.exit("jupyter/labextension changed since its last build: run `make labextension`")
    else:
        sys.exit(__doc__)
