#!/usr/bin/env python3
"""Build src/lexicon/synonyms.tsv: synonyms of each word's commonest sense, from WordNet.

Why: paraphrase.  A user searches for "kids" while the cable says "children",
"jailed" where it says "imprisoned", "lawmakers" where it says "legislators".
WordNet groups words of one meaning into synsets; this script reads them
straight from the WordNet database files (format: wndb(5)) and writes, per
word, the other words of its synsets.

Precision: a word's rarer senses would bring in noise ("state" the nation,
the condition, the verb "say"...), so only its MOST FREQUENT sense per part of
speech is used: index.<pos> lists a lemma's synsets in order of frequency,
sense 1 first, and only that first synset is taken.

Kept: words (index lemmas) that are single words of lower-case letters only,
at least 3 letters; their synonyms likewise (lower-cased, letters only, at
least 3 letters), not the word itself, and not a mere inflection or spelling
variant of it (sharing the first 5 letters, each word having at most 3
letters after the shared start: the stemmer already joins most of those).
The synonyms of all parts of speech (noun, verb, adjective, adverb, in that
order) are merged, each once, in WordNet's order within the synset, at most
8.  Words with no synonyms left are omitted.  Lemmas WordNet writes with
capitals (names, acronyms: "ADD", "Same") are not synonyms of lower-case
words.  A part of speech none of whose senses is frequency-ranked (tag count
0) is skipped when another part of speech of the word is ranked: "come" the
noun is no help to "come" the verb.  Irregular inflections from WordNet's
noun.exc and verb.exc are added, as keys ("children" as "child") and beside
each synonym ("child", "children"), since the stemmer does not join them.

Usage:
    apt-get install wordnet-base && python3 scripts/lexicon/synonyms.py [DICT_DIR]

DICT_DIR defaults to /usr/share/wordnet.  Python 3.11, standard library only.
"""

import re
import sys
from pathlib import Path

from wordnet import (
    VARIANT_ROOT,
    VARIANT_TAIL,
    first_senses,
    inflections,
    notice,
    read_synsets,
    variant,
    write_table,
)

DEFAULT_DICT = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[2] / "src" / "lexicon" / "synonyms.tsv"
POS = ["n", "v", "a", "r"]  # merge order
DATA = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
INDEX = {"n": "index.noun", "v": "index.verb", "a": "index.adj", "r": "index.adv"}
WORD = re.compile(r"[a-z]{3,}")
MAX_SYNONYMS = 8


def main():
    dict_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DICT
    names = [*DATA.values(), *INDEX.values()]
    missing = [n for n in names if not (dict_dir / n).is_file()]
    if missing:
        sys.exit(
            f"synonyms.py: WordNet database not found in {dict_dir} (missing {', '.join(missing)}).\n"
            "Install it with `apt-get install wordnet-base`, or pass the dict directory as argument."
        )

    senses = {}  # word -> [(pos, offset, ranked)]
    for pos in POS:
        for word, offset, tagged in first_senses(dict_dir / INDEX[pos]):
            if WORD.fullmatch(word):
                senses.setdefault(word, []).append((pos, offset, tagged > 0))
    synsets = {pos: {o: lemmas for o, lemmas, _ in read_synsets(dict_dir / DATA[pos])} for pos in POS}
    inflected = inflections(dict_dir)
    synonyms = {}  # word -> synonyms, in merge order
    for word, entries in senses.items():
        ranked = any(r for _, _, r in entries)
        found = synonyms.setdefault(word, [])
        for pos, offset, r in entries:
            if ranked and not r:
                continue
            for s in synsets[pos][offset]:
                if WORD.fullmatch(s) and s != word and s not in found and not variant(word, s):
                    found.append(s)
    for word, found in list(synonyms.items()):
        found[:] = found[:MAX_SYNONYMS]
        found += [i for s in list(found) for i in inflected.get(s, []) if i not in found]
    for word in list(synonyms):
        for form in inflected.get(word, []):
            if form not in synonyms and synonyms[word]:
                synonyms[form] = synonyms[word]

    header = [
        "WordNet synonyms: for each word, the other words of its most frequent sense",
        "(sense 1 in index.<pos>), per part of speech, merged.",
        *notice(dict_dir / DATA["n"]),
        "Regenerate: apt-get install wordnet-base && python3 scripts/lexicon/synonyms.py",
        "Format: <word>\\t<synonym>|<synonym>|... per line; lower case, letters only, >= 3 letters;",
        f"synonyms of noun, verb, adjective, adverb sense 1 in that order, each once, at most {MAX_SYNONYMS};",
        f"variants (same first {VARIANT_ROOT} letters, <= {VARIANT_TAIL} letters after) left out;",
        "words without synonyms omitted; sorted by word.",
    ]
    rows = [(w, s) for w, s in sorted(synonyms.items()) if s]
    write_table(OUT, header, (f"{w}\t{'|'.join(s)}" for w, s in rows))
    print(f"wrote {len(rows)} words to {OUT}")


if __name__ == "__main__":
    main()
