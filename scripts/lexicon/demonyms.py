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

WordNet (Debian `wordnet-base`) adds what the data set lacks: it has one demonym a
country ("Uzbekistani", "Spanish", "Turkish") where users also write "Uzbek",
"Spaniard", "Turk", and it names Turkey only "Turkiye".  A WordNet synset is a
country's when it is an instance of "country, state, land" (one or more steps
broader) and exactly one row has one of its lemmas as a name form.  It adds
- its lemmas as English names, a fourth column ("Turkey", "Burma", "Uzbek"), unless another
  country's synset shares them, they hold no lower-case letter (acronyms such as
  "US" or "TT" belong to the acronym tables) or an article leads them ("The
  Netherlands", "the States");
- as demonyms, the people it has as members whose gloss calls them "a native or
  inhabitant (resident) of" somewhere ("Spaniard", "Dane", "Afghan"), and the
  adjectives that pertain to it ("Afghani", "Salvadoran").
Nothing is added by hand.  The output depends only on the package and WordNet
versions, so re-running is deterministic and idempotent.

Usage: python3 scripts/lexicon/demonyms.py    (needs npm and wordnet-base; standard
library only)
"""

from __future__ import annotations

import json
import re
import subprocess
import tarfile
import tempfile
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wordnet import licence_and_version, package_version, read_glosses, read_synsets  # noqa: E402

PACKAGE = "world-countries@5"
OUT = Path(__file__).resolve().parents[2] / "src" / "lexicon" / "demonyms.tsv"
MAX_WORDS = 6
WORDNET = Path("/usr/share/wordnet")
PEOPLE_GLOSS = re.compile(r"an? native or (inhabitant|resident) of ")
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


def wordnet_countries(nouns: dict) -> list[str]:
    """Offsets of the noun synsets that are instances of a country, however far down."""
    country = next(o for o, (lemmas, _) in nouns.items() if lemmas[:3] == ["country", "state", "land"])
    memo: dict[str, bool] = {country: True}

    def under(o: str) -> bool:
        if o not in memo:
            memo[o] = False  # WordNet's hypernyms have no cycles; this guards the recursion anyway
            memo[o] = any(under(p[1]) for p in nouns[o][1] if p[0] in ("@", "@i") and p[2] == "n")
        return memo[o]

    return [o for o, (_, ptrs) in nouns.items() if any(p[0] == "@i" for p in ptrs) and under(o)]


def pertaining(adjectives: dict) -> dict[str, list[str]]:
    """Noun synset offset -> the adjectives that pertain to it (its lemma named by the pointer)."""
    out: dict[str, list[str]] = {}
    for lemmas, ptrs in adjectives.values():
        for p in ptrs:
            if p[0] == "\\" and p[2] == "n":
                source = int(p[3][:2], 16)
                out.setdefault(p[1], []).append(lemmas[source - 1] if source else lemmas[0])
    return out


def wordnet_additions(rows: list[tuple[str, str, str]]) -> dict[str, tuple[list[str], list[str]]]:
    """Common name -> (name forms, demonyms) that WordNet adds to its row."""
    nouns = {o: (lemmas, ptrs) for o, lemmas, ptrs in read_synsets(WORDNET / "data.noun")}
    adjectives = {o: (lemmas, ptrs) for o, lemmas, ptrs in read_synsets(WORDNET / "data.adj")}
    glosses = read_glosses(WORDNET / "data.noun")
    row_of = {form: r[0] for r in rows for form in r[1].split("|")}
    spaced = lambda lemma: lemma.replace("_", " ")  # noqa: E731
    matched = {}
    for o in wordnet_countries(nouns):
        hits = {row_of[spaced(x)] for x in nouns[o][0] if spaced(x) in row_of}
        if len(hits) == 1:
            matched[o] = hits.pop()
    seen: dict[str, set[str]] = {}
    for o, name in matched.items():
        for lemma in nouns[o][0]:
            seen.setdefault(spaced(lemma), set()).add(name)
    adj = pertaining(adjectives)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for o, name in matched.items():
        names, demonyms = out.setdefault(name, ([], []))
        names += [x for x in map(spaced, nouns[o][0]) if english_name(x, seen[x] == {name})]
        for p in nouns[o][1]:
            if p[0] == "%m" and PEOPLE_GLOSS.match(glosses.get(p[1], "")):
                demonyms += [spaced(x) for x in nouns[p[1]][0] if x[:1].isupper()]
        demonyms += [spaced(x) for x in adj.get(o, []) if x[:1].isupper()]
    return out


def english_name(lemma: str, unique: bool) -> bool:
    """Whether a country synset's lemma is kept as a name: one country's alone, not an
    acronym, and not led by an article ("The Netherlands" is "Netherlands"; "the States"
    is no name without it)."""
    return unique and lemma != lemma.upper() and not lemma.lower().startswith("the ")


def enriched(rows: list[tuple[str, str, str]], added: dict) -> list[tuple[str, str, str, str]]:
    """Rows with WordNet's demonyms added (those no other row claims) and its English names
    as a fourth column."""
    plain = lambda xs: [fold(x) for x in xs if fold(x) and NAME_VARIANT.fullmatch(fold(x))]  # noqa: E731
    claims: dict[str, set[str]] = {}
    for r in rows:
        names, demonyms = added.get(r[0], ([], []))
        for x in r[1].split("|") + r[2].split("|") + plain(names + demonyms):
            claims.setdefault(x.casefold(), set()).add(r[0])
    out = []
    for r in rows:
        names, demonyms = added.get(r[0], ([], []))
        mine = [x for x in plain(demonyms) if claims[x.casefold()] == {r[0]}]
        people = distinct([d for d in r[2].split("|") if d] + mine)
        out.append((r[0], r[1], "|".join(people), "|".join(distinct(plain(names)))))
    return out


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
    added = wordnet_additions(rows)
    rows = enriched(rows, added)
    wn_licence, wn_version = licence_and_version(WORDNET / "data.noun")
    wn_notice = "\n".join(f"# {line}".rstrip() for line in wn_licence)
    header = f"""\
# Country names and English demonyms, for query expansion (Egyptian <-> Egypt).
# Columns (tab-separated): common name, name forms (|), demonyms (|), English names (|).
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
# Added from WordNet {wn_version} (Princeton University), Debian package {package_version()}:
# a country synset's lemmas as its English names (the fourth column; the search reads
# these and the common name, not the native and official forms, which hold common words
# such as Iceland's "Island"), its members "native or inhabitant of" it and the
# adjectives pertaining to it as demonyms (see the script). WordNet's licence,
# as in the database:
{wn_notice}
#
# Generated file, do not edit. Regenerate with: python3 scripts/lexicon/demonyms.py
"""
    body = "".join("\t".join(r) + "\n" for r in rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + body, encoding="utf-8", newline="\n")
    print(f"wrote {OUT} ({len(rows)} rows, {meta['name']} {meta['version']})")


if __name__ == "__main__":
    main()
