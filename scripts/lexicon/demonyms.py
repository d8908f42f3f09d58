#!/usr/bin/env python3
"""Build src/lexicon/demonyms.tsv: country names and their English demonyms.

Why: query expansion.  A user searches for "Egyptian victims" while the cable
or TIP report says "victims from Egypt" (or the other way round), so the
search side needs to know which demonyms go with which country names.
Rather than hand-write that list, this script derives it from a maintained
data set, the npm package `world-countries` (github.com/mledoze/countries,
ODbL 1.0), so it can be regenerated and audited.

Steps: `npm pack world-countries@5` into a temp dir, read its countries.json
and write one line per country, sorted by common name:

    <common name> TAB <name forms, |-separated> TAB <demonyms, |-separated>

Name forms are the common name, the official name and those altSpellings that
are Latin-script name variants: the country's own ISO 3166-1 codes (EG, EGY),
forms with commas or brackets (e.g. "Iran, Islamic Republic of"), forms that
do not fold to ASCII and forms longer than 6 words are dropped.  Demonyms are
demonyms.eng.m and .f, split on "," and " or " ("Antiguan, Barbudan").  All text is
kept as in the data set except that accents are folded to ASCII (NFKD).
Nothing is added by hand.  The output depends only on the package version,
so re-running is deterministic and idempotent.

Usage: python3 scripts/lexicon/demonyms.py    (needs npm; standard library only)
"""

from __future__ import annotations

import json
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from pathlib import Path

PACKAGE = "world-countries@5"
OUT = Path(__file__).resolve().parents[2] / "src" / "lexicon" / "demonyms.tsv"
MAX_WORDS = 6
NAME_VARIANT = re.compile(r"[A-Za-z][A-Za-z .'-]*")  # letters, spaces, . ' -


def fold(text: str) -> str | None:
    """Text with accents stripped (Côte -> Cote), or None if not ASCII-foldable."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = " ".join(ascii_text.split())
    return ascii_text if ascii_text.isascii() else None


def must_fold(text: str) -> str:
    folded = fold(text)
    if folded is None or "\t" in folded or "|" in folded:
        raise SystemExit(f"cannot fold {text!r} to plain ASCII")
    return folded


def distinct(items: list[str]) -> list[str]:
    """Items in first-seen order, dropping case-insensitive repeats and blanks."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def fetch(tmp: Path) -> Path:
    """npm pack the package into tmp, unpack it, return the package folder."""
    done = subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=tmp,
                          check=True, capture_output=True, text=True)
    tarball = tmp / done.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp, filter="data")
    return tmp / "package"


def row(country: dict) -> tuple[str, str, str]:
    name = country["name"]
    codes = {country.get("cca2"), country.get("cca3")}
    alts = []
    for alt in country.get("altSpellings", []):
        folded = fold(alt)
        if (alt not in codes and folded and NAME_VARIANT.fullmatch(folded)
                and len(folded.split()) <= MAX_WORDS):
            alts.append(folded)
    forms = distinct([must_fold(name["common"]), must_fold(name["official"]), *alts])
    eng = country.get("demonyms", {}).get("eng", {})
    demonyms = distinct([must_fold(part.strip()) for key in ("m", "f")
                         for part in re.split(r",| or ", eng.get(key, ""))])
    return forms[0], "|".join(forms), "|".join(demonyms)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pkg = fetch(Path(tmp))
        meta = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
        countries = json.loads((pkg / "countries.json").read_text(encoding="utf-8"))
        licence_text = (pkg / "LICENSE").read_text(encoding="utf-8")
    licences = [lic["type"] for lic in meta.get("licenses", [])] or [meta.get("license")]
    if "Open Database License (ODbL)" not in licence_text or "ODbL-1.0" not in licences:
        raise SystemExit(f"licence changed ({licences}); review before regenerating")

    rows = sorted((row(c) for c in countries), key=lambda r: (r[0].casefold(), r[0]))
    header = f"""\
# Country names and English demonyms, for query expansion (Egyptian <-> Egypt).
# Columns (tab-separated): common name, name forms (|), demonyms (|).
# Name forms: common name, official name, Latin-script altSpellings (ISO codes,
# comma/bracket forms, non-ASCII-foldable and >{MAX_WORDS}-word forms dropped).
# Accents folded to ASCII (NFKD); otherwise text as in the source. A row has an
# empty demonym column when the source has none.
#
# Source: npm package {meta["name"]} {meta["version"]} ({meta["homepage"]},
# {meta["repository"]["url"]}), file countries.json, by {meta["author"]["name"]}.
# Licence: Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/1.0/
# Contains information from world-countries, which is made available here under
# the Open Database License (ODbL). This file is a derivative database under the
# same licence; scripts/lexicon/demonyms.py is the method that produces it.
#
# Generated file, do not edit. Regenerate with: python3 scripts/lexicon/demonyms.py
"""
    body = "".join("\t".join(r) + "\n" for r in rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + body, encoding="utf-8", newline="\n")
    print(f"wrote {OUT} ({len(rows)} rows, {meta['name']} {meta['version']})")


if __name__ == "__main__":
    main()
