#!/usr/bin/env python3
"""Build src/lexicon/hypernyms.tsv: for each noun, the broader nouns of its common senses,
from WordNet.

Why: a user names a thing by a word the text does not use, but the text often uses the
next broader word.  A user asks for an immigration chief's "staff" where the cable says
"personnel"; "budget" where it says "funds"; "journalist" where it says "writer".  WordNet
links each noun synset to its hypernyms (pointer `@`): the synsets one step more general.

Precision: only the senses WordNet ranks by frequency are used (those its sense-tagged
corpus, SemCor, holds: the first tagsense_cnt of index.noun), most frequent first; a sense
no tagged text ever used is left out.  A query word is often not in its commonest sense:
WordNet's first "agent" is a cause, the second a representative (as in "US agents").
Only direct hypernyms are taken, one step up: two steps reach words too broad to tell
passages apart ("staff" -> "personnel" -> "social group").
Verbs are left out: their hypernyms are mostly light verbs ("staff" -> "provide", "supply").
A verb's irregular forms (verb.exc: "held", "stuck") are not keys: they are forms of the
verb, not of the noun "hold" or "stick".

Kept: nouns (index lemmas) that are single words of lower-case letters only, at least 3
letters; their hypernyms' lemmas likewise, not the word itself, not one of its synonyms
(synonyms.tsv has those), not a mere inflection or spelling variant of it, in WordNet's
order (sense by sense), at most 8.  Irregular plurals from noun.exc are added as keys
and beside each hypernym.  Nouns with none left are omitted.

Usage:
    apt-get install wordnet-base && python3 scripts/lexicon/hypernyms.py [DICT_DIR]

DICT_DIR defaults to /usr/share/wordnet.  Python 3.11, standard library only.
"""

import re
import sys
from pathlib import Path

from wordnet import inflections, notice, ranked_senses, read_synsets, variant, write_table

DEFAULT_DICT = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[2] / "src" / "lexicon" / "hypernyms.tsv"
WORD = re.compile(r"[a-z]{3,}")
MAX_HYPERNYMS = 8


def main():
    dict_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DICT
    missing = [n for n in ("data.noun", "index.noun") if not (dict_dir / n).is_file()]
    if missing:
        sys.exit(
            f"hypernyms.py: WordNet database not found in {dict_dir} (missing {', '.join(missing)}).\n"
            "Install it with `apt-get install wordnet-base`, or pass the dict directory as argument."
        )
    synsets, broader = {}, {}
    for offset, lemmas, ptrs in read_synsets(dict_dir / "data.noun"):
        synsets[offset] = lemmas
        broader[offset] = [p[1] for p in ptrs if p[0] == "@" and p[2] == "n"]
    inflected = inflections(dict_dir, ("noun.exc",))
    hypernyms = {}
    for word, offsets in ranked_senses(dict_dir / "index.noun"):
        if not WORD.fullmatch(word):
            continue
        found = []
        for offset in offsets:
            own = set(synsets[offset])
            for h in broader[offset]:
                for s in synsets[h]:
                    if WORD.fullmatch(s) and s not in own and s not in found and not variant(word, s):
                        found.append(s)
        found = found[:MAX_HYPERNYMS]
        found += [i for s in list(found) for i in inflected.get(s, []) if i not in found]
        if found:
            hypernyms[word] = found
    for word in list(hypernyms):
        for form in inflected.get(word, []):
            hypernyms.setdefault(form, hypernyms[word])

    header = [
        "WordNet hypernyms: for each noun, the lemmas of the synsets one step broader than",
        "its frequency-ranked senses (the first tagsense_cnt of index.noun), most frequent first.",
        *notice(dict_dir / "data.noun"),
        "Regenerate: apt-get install wordnet-base && python3 scripts/lexicon/hypernyms.py",
        "Format: <noun>\\t<hypernym>|<hypernym>|... per line; lower case, letters only, >= 3 letters;",
        f"direct hypernyms only, the noun's own synonyms and variants left out, at most {MAX_HYPERNYMS};",
        "sorted by noun.",
    ]
    write_table(OUT, header, (f"{w}\t{'|'.join(s)}" for w, s in sorted(hypernyms.items())))
    print(f"wrote {len(hypernyms)} nouns to {OUT}")


if __name__ == "__main__":
    main()
