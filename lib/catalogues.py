"""Fail when a translation catalogue is incomplete: every .po must be fully translated, nothing fuzzy.

Run as ``python -m lib.catalogues``; ``./dev test`` does.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles"}


def problems() -> list[str]:
    found = []
    for po in sorted(ROOT.rglob("*.po")):
        if SKIP & set(po.relative_to(ROOT).parts):
            continue
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        stats = result.stderr.strip()
        if result.returncode != 0 or "untranslated" in stats or "fuzzy" in stats:
            found.append(f"{po.relative_to(ROOT)}: {stats}")
    return found


if __name__ == "__main__":
    bad = problems()
    for line in bad:
        print(line, file=sys.stderr)
    sys.exit(1 if bad else 0)
