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


def notice(path):
    """A table header's lines naming the WordNet version and Debian package it was built
    from and quoting WordNet's licence, as the licence asks of every copy."""
    licence, version = licence_and_version(path)
    return [
        f"Source: WordNet {version} (Princeton University), Debian package {package_version()}.",
        "Licence: the WordNet licence, a permissive one (use, copy, modify and distribute",
        "for any purpose, without fee, keeping the notice below). Its text, as in the database:",
        "",
        *licence,
        "",
    ]


def write_table(out, header, rows):
    """Writes `header` as `# ` comment lines, then each row (a line without its newline)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(f"# {h}".rstrip() + "\n" for h in header)
        f.writelines(f"{row}\n" for row in rows)


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


def read_glosses(path):
    """Each synset's gloss (its definition and examples), by offset; skip the licence header."""
    with open(path, encoding="utf-8") as f:
        return {
            line.split(" ", 1)[0]: line.split(" | ", 1)[1].strip()
            for line in f
            if not line.startswith("  ") and " | " in line
        }


# Variants: same first VARIANT_ROOT letters, at most VARIANT_TAIL letters after them.
VARIANT_ROOT = 5
VARIANT_TAIL = 3


def senses(path):
    """Yield (lemma, offsets of its synsets, how many of them SemCor tagged) per index
    line; skip the licence header. index.<pos> lists the tagged senses first, most
    frequent first (tagsense_cnt of them)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            # lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
            fields = line.split()
            p_cnt = int(fields[3])
            yield fields[0], fields[4 + p_cnt + 2 :], int(fields[4 + p_cnt + 1])


def first_senses(path):
    """Yield (lemma, offset of its sense-1 synset, tagsense_cnt) per index line."""
    for lemma, offsets, tagged in senses(path):
        yield lemma, offsets[0], tagged


def ranked_senses(path):
    """Yield (lemma, offsets of its frequency-ranked synsets, the ones SemCor tagged)."""
    for lemma, offsets, tagged in senses(path):
        yield lemma, offsets[:tagged]


def inflections(dict_dir, names=("noun.exc", "verb.exc")):
    """Base form -> its irregular inflections (children, came), from the .exc files."""
    out = {}
    word = re.compile(r"[a-z]{3,}")
    for name in names:
        path = dict_dir / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and word.fullmatch(parts[0]):
                for base in parts[1:]:
                    out.setdefault(base, [])
                    if parts[0] not in out[base]:
                        out[base].append(parts[0])
    return out


def variant(a, b):
    """Whether b is only an inflection or spelling of a (jail / jails, whisky / whiskey)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= VARIANT_ROOT and len(a) - n <= VARIANT_TAIL and len(b) - n <= VARIANT_TAIL
