"""What the WordNet scripts of this folder share: reading the database's licence and
version, and the Debian package it came from, for the headers of the tables they write."""

import re
import subprocess


def licence_and_version(path):
    """The licence text heading every data file, and the WordNet version in it."""
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("  "):
                break
            lines.append(re.sub(r"^\s*\d+ ?", "", line).rstrip())
    m = re.search(r"WordNet (\d+(?:\.\d+)*) Copyright", "\n".join(lines))
    return lines, (m.group(1) if m else "unknown")


def package_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "wordnet-base"], capture_output=True, text=True)
        return out.stdout.strip().replace("\t", " ") or "wordnet-base (version unknown)"
    except OSError:
        return "wordnet-base (dpkg-query not available)"


def read_synsets(path):
    """Yield (offset, lemmas as written, pointers) per synset line; skip the licence header.
    A pointer is its four fields: symbol, offset, part of speech, source/target."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ", 1)[0].split()
            w_cnt = int(fields[3], 16)
            # Adjective lemmas may carry a marker like "(a)", "(p)", "(ip)".
            lemmas = [re.sub(r"\(.*\)$", "", w) for w in fields[4 : 4 + 2 * w_cnt : 2]]
            at = 4 + 2 * w_cnt
            p_cnt = int(fields[at])
            ptrs = [fields[at + 1 + 4 * i : at + 5 + 4 * i] for i in range(p_cnt)]
            yield fields[0], lemmas, ptrs
