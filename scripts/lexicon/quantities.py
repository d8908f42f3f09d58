#!/usr/bin/env python3
"""Build src/lexicon/quantities.tsv: which words name a currency, which ask for a sum of
money and which ask for a rate, from WordNet.

Why: a question of what something cost, paid or earned is answered by a passage that
writes a sum of money ("400,000 dinars", "332 USD a month"); a question of a rate or a
share by one that writes a percentage.  The search needs to know which words of a
question ask for which, and which words of a passage name a currency.  WordNet's
hierarchy answers both, so no list is written by hand:

- currency: the lemmas of every synset below "monetary unit" (dollar, dinar, rupee),
  single words of letters only, at least three letters (shorter ones, "at" or "pa",
  are ordinary words far more often than money);
- money: the nouns whose most frequent sense is, or lies below, the most frequent sense
  of payment, price, cost, money, income or expenditure (salary, fee, ransom, budget,
  bribe),
  and the verbs whose most frequent sense is, or lies below, that of pay or lend (spend
  and expend lie below pay; "spend" itself is left out, its most frequent sense being
  to spend time, which brings holiday, summer and weekend with it);
- rate: the nouns whose most frequent sense is, or lies below, that of rate, ratio, proportion
  or percentage, or whose most frequent sense has "percentage" among its lemmas (share).

The verbs' irregular inflections (paid, lent) come from WordNet's exception list; the
search stems the rest.

Usage: apt-get install wordnet-base && python3 scripts/lexicon/quantities.py
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wordnet import first_senses, inflections, notice, read_synsets, write_table  # noqa: E402

WORDNET = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[2] / "src" / "lexicon" / "quantities.tsv"
WORD = re.compile(r"[a-z]{3,}")
MONEY_NOUNS = ["payment", "price", "cost", "money", "income", "expenditure"]
MONEY_VERBS = ["pay", "lend"]
RATE_NOUNS = ["rate", "ratio", "proportion", "percentage"]


def synsets(pos):
    return {o: (lemmas, ptrs) for o, lemmas, ptrs in read_synsets(WORDNET / f"data.{pos}")}


def below(syn, roots):
    """Offsets of the synsets that are one of `roots` or lie under one (hypernym links)."""
    narrower = {}
    for o, (_, ptrs) in syn.items():
        for p in ptrs:
            if p[0] in ("@", "@i"):
                narrower.setdefault(p[1], []).append(o)
    found, todo = set(roots), list(roots)
    while todo:
        for child in narrower.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def first(pos):
    return {w: o for w, o, _ in first_senses(WORDNET / f"index.{pos}")}


def asking(pos, roots, also=lambda o: False):
    """Single words whose most frequent sense lies under the roots' most frequent senses."""
    syn, senses = synsets(pos), first(pos)
    under = below(syn, [senses[r] for r in roots])
    return {w for w, o in senses.items() if WORD.fullmatch(w) and (o in under or also(o))}


def main():
    nouns = synsets("noun")
    unit = next(o for o, (lemmas, _) in nouns.items() if lemmas[0] == "monetary_unit")
    currency = {w.lower() for o in below(nouns, [unit]) - {unit} for w in nouns[o][0]}
    currency = {w for w in currency if WORD.fullmatch(w)}
    verbs = asking("verb", MONEY_VERBS)
    irregular = inflections(WORDNET)  # noun.exc's too, but only verbs are looked up
    money = asking("noun", MONEY_NOUNS) | verbs | {i for v in verbs for i in irregular.get(v, [])}
    rate = asking("noun", RATE_NOUNS, also=lambda o: "percentage" in nouns[o][0])
    header = [
        "Words of quantity, from WordNet: currency names, and the words that ask for a sum",
        "of money or a rate (see scripts/lexicon/quantities.py for the rules).",
        *notice(WORDNET / "data.noun"),
        "Regenerate: apt-get install wordnet-base && python3 scripts/lexicon/quantities.py",
        "Format: <currency|money|rate>\\t<word> per line, lower case, letters only, sorted.",
    ]
    rows = sorted({(k, w) for k, ws in (("currency", currency), ("money", money), ("rate", rate)) for w in ws})
    write_table(OUT, header, (f"{k}\t{w}" for k, w in rows))
    print(f"wrote {len(currency)} currencies, {len(money)} money words, {len(rate)} rate words to {OUT}")


if __name__ == "__main__":
    main()
