#!/usr/bin/env python3
"""docs/architecture.md's "The paper, equation by equation" table against the code.

Every file a row names must exist, and every function, class or member it
names (backticked; `A::b` as both A and b) must be defined or declared in
one of the row's files or their headers. Exits 1 naming each broken row, so
that a renamed function fails a test, not a reader.

    scripts/check_architecture.py [ROOT]
"""
import re
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
doc = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
table = doc.split("## The paper, equation by equation", 1)[1]
rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]
if not rows:
    sys.exit("check_architecture: no rows in the equation table of docs/architecture.md")

ident = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)?(\(\))?$")
errors = []
for row in rows:
    cells = [c.strip().replace("\0", "|") for c in row.replace("\\|", "\0").strip("|").split("|")]
    if len(cells) < 4:
        continue
    where, names = cells[2], "|".join(cells[3:])
    files, folder = [], None
    for tick in re.findall(r"`([^`]+)`", where):
        if not re.search(r"\.(cpp|h)$", tick):
            continue
        path = Path(tick) if "/" in tick else (folder / tick if folder else Path(tick))
        folder = path.parent
        if not (root / path).is_file():
            errors.append(f"{cells[0]}: no file {path}")
            continue
        files.append(root / path)
        header = root / "include" / "ranksent" / path.relative_to("src").with_suffix(".h")
        for extra in (header, (root / path).with_suffix(".h")):
            if extra.is_file() and extra not in files:
                files.append(extra)
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    for tick in re.findall(r"`([^`]+)`", where + " " + names):
        if re.search(r"\.(cpp|h)$", tick) or not ident.match(tick):
            continue
        for part in tick.rstrip("()").split("::"):
            if not re.search(rf"\b{re.escape(part)}\b", text):
                errors.append(f"{cells[0]}: `{part}` is in none of {', '.join(str(f.relative_to(root)) for f in files)}")
for e in errors:
    print(f"docs/architecture.md: {e}", file=sys.stderr)
print(f"check_architecture: {len(rows)} rows, {len(errors)} problems")
sys.exit(1 if errors else 0)
