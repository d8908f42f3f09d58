#!/usr/bin/env python3
"""Build src/lexicon/families.tsv: English word families from WordNet.

Why: the Snowball English stemmer keeps apart words of one family that a
search should join, e.g. "imprisoned" / "imprisonment" / "prison",
"detained" / "detention", "deported" / "deportation", "recruiter" /
"recruitment".  WordNet records such links as "derivationally related form"
pointers (symbol `+`) between two specific lemmas.  This script reads them
straight from the WordNet database files (format: wndb(5)) and writes one
line per link, `<lemma>\t<lemma>`, for the search engine to bundle.

Kept: lower-cased single words of letters only, both at least 4 letters,
each unordered pair once (smaller word first), sorted.  Derivational links
only; the morphological exception lists (*.exc) are not used.

Usage:
    apt-get install wordnet-base && python3 scripts/lexicon/families.py [DICT_DIR]

DICT_DIR defaults to /usr/share/wordnet.  Python 3.11, standard library only.
"""

import re
import sys
from pathlib import Path

from wordnet import notice, read_synsets, write_table

DEFAULT_DICT = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[2] / "src" / "lexicon" / "families.tsv"
FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
WORD = re.compile(r"[a-z]{4,}")


def main():
    dict_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DICT
    missing = [n for n in FILES.values() if not (dict_dir / n).is_file()]
    if missing:
        sys.exit(
            f"families.py: WordNet database not found in {dict_dir} (missing {', '.join(missing)}).\n"
            "Install it with `apt-get install wordnet-base`, or pass the dict directory as argument."
        )

    synsets = {}  # (pos, offset) -> lemmas
    links = []  # (source synset's lemmas, `+` pointer fields)
    for pos, name in FILES.items():
        for offset, lemmas, ptrs in read_synsets(dict_dir / name):
            lemmas = [lemma.lower() for lemma in lemmas]
            synsets[pos, offset] = lemmas
            links += [(lemmas, p) for p in ptrs if p[0] == "+"]

    pairs = set()
    for lemmas, (_, t_offset, t_pos, st) in links:
        src, tgt = int(st[:2], 16), int(st[2:], 16)
        if not src or not tgt:  # semantic (synset-to-synset), not lemma-to-lemma
            continue
        a = lemmas[src - 1]
        b = synsets[("a" if t_pos == "s" else t_pos), t_offset][tgt - 1]
        if a != b and WORD.fullmatch(a) and WORD.fullmatch(b):
            pairs.add((min(a, b), max(a, b)))

    header = [
        "WordNet word families: derivationally related forms (pointer `+`), lemma to lemma.",
        *notice(dict_dir / FILES["n"]),
        "Regenerate: apt-get install wordnet-base && python3 scripts/lexicon/families.py",
        "Format: <lemma>\\t<lemma> per line; lower case, letters only, >= 4 letters,",
        "each unordered pair once (smaller first), sorted.",
    ]
    write_table(OUT, header, (f"{a}\t{b}" for a, b in sorted(pairs)))
    print(f"wrote {len(pairs)} links to {OUT}")


if __name__ == "__main__":
    main()
