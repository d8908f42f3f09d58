#!/usr/bin/env python3
"""Writes src/parse/tags.txt: the subject tags the dev cables' own TAGS lines use.

The parser splits a glued run of tags (`PGOVPREL`) only where the pieces are known tags,
and there is no published TAGS handbook to read them from. So the list is a statistic of
the text: every 3- to 5-letter word that stands alone on the first line of a TAGS line in
at least three of the 6,022 dev cables. WikiLeaks' metadata is not read. The two-letter
country tags come from the table in src/parse/tables.rs and are not listed here.

    python3 scripts/parse/tags.py [../shared/data/cablegate-dev.tar.gz]
"""
import collections
import pathlib
import re
import sys
import tarfile

TAGS_LINE = re.compile(r"(?m)^[ \t]*TAGS?[ \t]*:[ \t]*(.*)$")
MIN_CABLES = 3


def first_tags_line(text):
    m = TAGS_LINE.search(text)
    return m.group(1) if m else ""


def words(line):
    for w in re.split(r"[\s,;]+", line):
        w = w.strip(".()")
        if 3 <= len(w) <= 5 and w.isalpha() and w.isupper():
            yield w


def main():
    tarball = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/cablegate-dev.tar.gz"
    seen = collections.Counter()
    with tarfile.open(tarball) as tar:
        for member in tar:
            if not member.isfile():
                continue
            text = tar.extractfile(member).read().decode("utf-8", "replace")
            seen.update(set(words(first_tags_line(text))))
    tags = sorted(w for w, n in seen.items() if n >= MIN_CABLES)
    out = pathlib.Path(__file__).resolve().parents[2] / "src/parse/tags.txt"
    out.write_text("".join(t + "\n" for t in tags))
    print(f"{len(tags)} tags written to {out}")


if __name__ == "__main__":
    main()
