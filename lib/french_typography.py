"""French typography in the translation catalogues: a non-breaking space before ``: ; ! ?`` (and the ``»`` of
guillemets), never a plain space or none.

``python -m lib.french_typography`` lists the French messages that break the rule; ``--fix`` rewrites them in place
(only the msgstr text changes). Pass catalogue paths to limit it; by default every ``locale/fr/…/django.po``.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles"}
NBSP = "\u00a0"
# A plain space before the mark, or a word (letter, closing bracket or quote, format placeholder) glued to it. Not in
# URLs ("https://"), clock times ("9:30"), query strings ("?next=") or template tags.
_SPACED = re.compile(r" ([:;!?])(?=[\s\"'<)»]|$)")
_GLUED = re.compile(r"(?<=[A-Za-zÀ-ÿ’)»])([;!?]|:(?=\s|$))(?=[\s\"<)»]|$)")
_GUILLEMETS = re.compile(r"« | »")


def fixed(text: str) -> str:
    text = _SPACED.sub(NBSP + r"\1", text)
    text = _GLUED.sub(NBSP + r"\1", text)
    return _GUILLEMETS.sub(lambda m: "«" + NBSP if m.group(0).startswith("«") else NBSP + "»", text)


def _unquote(line: str) -> str:
    import json

    return json.loads(line[line.index('"') :])


def _messages(path: Path):
    """(first line index, last line index, msgstr text) of each msgstr of a catalogue, header excluded."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if re.match(r"^msgstr(\[\d\])? \"", lines[i]):
            start = i
            text = _unquote(lines[i])
            while i + 1 < len(lines) and lines[i + 1].startswith('"'):
                i += 1
                text += _unquote(lines[i])
            if not (start > 0 and lines[start - 1] == 'msgid ""'):
                yield start, i, text
        i += 1


def problems(path: Path) -> list[str]:
    return [text for _start, _end, text in _messages(path) if fixed(text) != text]


def fix(path: Path) -> int:
    import json

    lines = path.read_text(encoding="utf-8").split("\n")
    changes = [(start, end, text) for start, end, text in _messages(path) if fixed(text) != text]
    for start, end, text in reversed(changes):
        keyword = lines[start].split(" ", 1)[0]
        lines[start : end + 1] = [f"{keyword} {json.dumps(fixed(text), ensure_ascii=False)}"]
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(changes)


def catalogues(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    found = ROOT.rglob("locale/fr/LC_MESSAGES/django.po")
    return sorted(p for p in found if not SKIP & set(p.relative_to(ROOT).parts))


if __name__ == "__main__":
    args = sys.argv[1:]
    fixing = "--fix" in args
    paths = catalogues([a for a in args if a != "--fix"])
    total = 0
    for po in paths:
        if fixing:
            total += fix(po)
        else:
            for text in problems(po):
                total += 1
                print(f"{po.relative_to(ROOT) if po.is_absolute() else po}: {text[:100]}")
    print(f"{total} message(s) {'fixed' if fixing else 'to fix'}", file=sys.stderr)
    sys.exit(0 if fixing or not total else 1)
