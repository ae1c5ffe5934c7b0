#!/usr/bin/env python3
"""One line on what the last ctest run did: passed, failed and skipped, and why each skipped.

  ctest_summary.py BUILD_DIR

Reads BUILD_DIR/Testing/Temporary/LastTest.log. A test skips by saying
"skipped: needs ..." (GoogleTest's GTEST_SKIP or a script's exit 77); the
reasons are grouped, with their counts, so that a skipped test is never read
as a passed one (a clone without ../shared beside it skips every data test).
"""
import collections
import pathlib
import re
import sys

log = pathlib.Path(sys.argv[1]) / "Testing" / "Temporary" / "LastTest.log"
if not log.is_file():
    sys.exit(f"ctest_summary.py: {log}: no ctest log (did ctest run?)")
text = log.read_text(errors="replace")
# Each test's record runs from its "N/M Test: NAME" line to the next one.
starts = [m for m in re.finditer(r"^\d+/\d+ Test: (.+)$", text, re.M)]
passed = failed = 0
skipped = collections.Counter()
failures = []
for i, m in enumerate(starts):
    body = text[m.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
    reason = re.search(r"skipped: (needs [^\n]*)", body)
    # pytest's summary ("3 passed, 1 skipped in 9.1s"): a file that ran tests passed, its skips aside.
    if "Test Passed." in body and (not reason or re.search(r"\b\d+ passed\b", body)):
        passed += 1
    elif reason and "Test Failed." not in body:
        # What is missing, without the advice that follows it.
        what = re.split(r" \(|: ", re.sub(r"\s+", " ", reason.group(1)).strip())[0]
        skipped[what] += 1
    else:
        failed += 1
        failures.append(m.group(1))
total = passed + failed + sum(skipped.values())
why = "; ".join(f"{n} {r}" for r, n in skipped.most_common())
line = f"{total} tests: {passed} passed, {failed} failed, {sum(skipped.values())} skipped"
print(line + (f" ({why})" if why else "") + (f"; failed: {', '.join(failures[:10])}" if failures else ""))
