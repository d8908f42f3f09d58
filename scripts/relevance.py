#!/usr/bin/env python3
"""Measure tipsearch's ranking quality against a SQLite FTS5 baseline.

Runs the hand-built relevance queries (../shared/queries/dev.tsv) against
two systems over the same documents -- the bundled corpus/ plus the cables
of ../shared/data/cablegate-dev.tar.gz -- and prints MRR@10, success@1,
success@10 and the median latency per query for each:

  sqlite-fts5  an in-memory FTS5 table of blank-line paragraphs, BM25-ranked,
               words OR-ed together: a deliberately plain baseline that any
               real engine should beat.
  tipsearch    the release binary, one CLI process per query, reading its
               JSON Lines output.

A hit is "right" when its passage text, normalised, contains one of the
query's accepted phrases, normalised the same way (see dev-notes.md).
Judging by phrase rather than by document id means each system is credited
only when the passage it shows actually answers the query, whatever way it
cuts documents into passages.

Standard library only, so it runs anywhere Python 3.11 does.

Usage: scripts/relevance.py [--only fts5|tipsearch] [--verbose] [--json]
       [--shared DIR] [--tipsearch PATH] [--index DIR [--reuse]]
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOP_K = 10
DEV_TARBALL = "data/cablegate-dev.tar.gz"
QUERIES = ("queries/dev.tsv", "queries/dev2.tsv")
# Per-query ceiling for one tipsearch CLI call: generous, since a cold page
# cache can make the first call slow, but finite so a hung binary can't
# stall the whole run.
QUERY_TIMEOUT_S = 120


class Failure(Exception):
    """An error the user must fix (bad input, missing binary, ...): exit 2."""


# ---------------------------------------------------------------- judging

# Curly quotes mapped to straight ones so that phrases typed with ASCII
# quotes match cables whose text went through a word processor.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case, straighten curly quotes, collapse whitespace runs.

    Collapsing whitespace matters because cables wrap lines at ~70 columns
    and TIP reports carry PDF line breaks, so a phrase often spans a newline.
    """
    return _WS.sub(" ", text.lower().translate(_QUOTES)).strip()


@dataclass
class Query:
    qid: str
    text: str
    phrases: list[str]  # already normalised

    def is_right(self, passage: str) -> bool:
        norm = normalise(passage)
        return any(p in norm for p in self.phrases)


def load_queries(path: Path) -> list[Query]:
    """Parse id<TAB>query<TAB>phrase|phrase|... lines; '#' starts a comment."""
    if not path.is_file():
        raise Failure(f"queries file not found: {path}")
    queries = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise Failure(f"{path}:{lineno}: expected 3 tab-separated fields, got {len(fields)}")
        qid, text, accepted = (f.strip() for f in fields)
        phrases = [normalise(p) for p in accepted.split("|") if p.strip()]
        if not qid or not text or not phrases:
            raise Failure(f"{path}:{lineno}: empty id, query or accepted phrases")
        queries.append(Query(qid, text, phrases))
    if not queries:
        raise Failure(f"no queries in {path}")
    return queries


# ----------------------------------------------------------------- corpus

def read_text(data: bytes) -> str:
    # errors='replace' so that a stray non-UTF-8 byte (real Cablegate copies
    # have some; today's dev files happen not to) cannot drop a whole cable.
    # Newlines are unified so the blank-line split also works on CRLF files.
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def bundled_files(corpus_dir: Path) -> list[Path]:
    # Sorted so that row order (and so any bm25 tie order) is reproducible.
    return sorted(p for p in corpus_dir.rglob("*.txt") if p.is_file())


def iter_documents(corpus_dir: Path, tarball: Path):
    """Yield (doc_id, text) for every bundled file, then every dev cable.

    The tarball is read in place rather than extracted: it saves 60 MB of
    disk writes and the baseline never needs real files.  doc_id is the file
    name without .txt, which for cables is the cable id (08MANAMA14), the
    same id tipsearch is expected to report.
    """
    for path in bundled_files(corpus_dir):
        yield path.stem, read_text(path.read_bytes())
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".txt"):
                data = tar.extractfile(member).read()
                yield Path(member.name).stem, read_text(data)


def dev_cable_ids(tarball: Path) -> set[str]:
    with tarfile.open(tarball, "r:gz") as tar:
        return {Path(m.name).stem for m in tar if m.isfile() and m.name.endswith(".txt")}


# A blank line is an empty or whitespace-only line; one or more of them in a
# row separate paragraphs.  (\s also matches the newlines in between.)
_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    parts = (p.strip() for p in _BLANK_LINES.split(text))
    return [p for p in parts if p]


# ---------------------------------------------------------------- systems

@dataclass
class Hit:
    doc_id: str
    text: str


@dataclass
class Result:
    """One system's answers to the whole query set."""
    name: str
    note: str = ""   # printed after the latency figure
    setup: str = ""  # how the index was made, printed below the table
    hits: dict[str, list[Hit]] = field(default_factory=dict)  # qid -> top 10
    millis: list[float] = field(default_factory=list)


class Fts5Baseline:
    """Blank-line paragraphs in an in-memory FTS5 table, ranked by bm25()."""

    name = "sqlite-fts5"

    def __init__(self, documents) -> None:
        self.db = sqlite3.connect(":memory:")
        # doc is UNINDEXED: file names such as "2009-azerbaijan" would
        # otherwise match query words and skew bm25 towards whole files.
        self.db.execute(
            "CREATE VIRTUAL TABLE p USING fts5("
            "doc UNINDEXED, text, tokenize='porter unicode61')"
        )
        self.docs = self.rows = 0
        start = time.perf_counter()
        with self.db:  # one transaction: far faster than autocommit per row
            for doc_id, text in documents:
                rows = [(doc_id, para) for para in paragraphs(text)]
                self.db.executemany("INSERT INTO p(doc, text) VALUES (?, ?)", rows)
                self.docs += 1
                self.rows += len(rows)
        self.load_s = time.perf_counter() - start

    def all_paragraphs(self) -> list[str]:
        return [text for (text,) in self.db.execute("SELECT text FROM p ORDER BY rowid")]

    @staticmethod
    def match_expr(query: str) -> str | None:
        # Each word quoted as an FTS5 string so that words like AND, OR,
        # NOT or NEAR, and punctuation, are never read as query syntax.
        # \w+ runs contain no double quote, so no escaping is needed.
        words = re.findall(r"\w+", query)
        return " OR ".join(f'"{w}"' for w in words) if words else None

    def search(self, query: str) -> list[Hit]:
        expr = self.match_expr(query)
        if expr is None:
            return []
        rows = self.db.execute(
            "SELECT doc, text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?",
            (expr, TOP_K),
        ).fetchall()
        return [Hit(doc, text) for doc, text in rows]

    def run(self, queries: list[Query]) -> Result:
        result = Result(self.name, setup=f"{self.rows} paragraphs of {self.docs} files, "
                                          f"table built in {self.load_s:.1f}s")
        for q in queries:
            start = time.perf_counter()
            result.hits[q.qid] = self.search(q.text)
            result.millis.append((time.perf_counter() - start) * 1000)
        return result


class Tipsearch:
    """The real engine, driven through its command line like a user would."""

    name = "tipsearch"

    def __init__(self, binary: Path) -> None:
        self.binary = binary

    def _run(self, args: list[str], **kw) -> subprocess.CompletedProcess:
        try:
            return subprocess.run([str(self.binary), *args], capture_output=True,
                                  text=True, encoding="utf-8", errors="replace", **kw)
        except OSError as e:
            raise Failure(f"cannot run {self.binary}: {e}") from e

    def build_index(self, index_dir: Path, corpus_dir: Path, tarball: Path,
                    scratch: Path) -> None:
        """Index corpus/ and the dev cables into index_dir.

        Tries handing tipsearch the .tar.gz itself first (the cheaper path,
        and the one users will take); if this build of tipsearch can't read
        tarballs yet, extracts it under scratch and indexes the folder.
        """
        existed = index_dir.exists()
        first = self._run(["index", "--index", str(index_dir), str(corpus_dir), str(tarball)])
        # Exit 2 is "some files were skipped" (a few dev cables do not parse): fine, as long
        # as the dev cables went in at all.
        if first.returncode == 0 or (first.returncode == 2 and self._documents(index_dir) >
                                     len(bundled_files(corpus_dir))):
            return
        print(f"note: tipsearch could not index {tarball.name} directly "
              f"(exit {first.returncode}); extracting it and retrying", file=sys.stderr)
        # A failed attempt may leave a half-written index behind.  Remove it
        # only if this run created the directory: never delete user data.
        if not existed and index_dir.exists():
            shutil.rmtree(index_dir)
        extracted = scratch / "cablegate-dev"
        extracted.mkdir()
        with tarfile.open(tarball, "r:gz") as tar:
            # The 'data' filter refuses absolute paths, '..' and device
            # files; it exists from Python 3.11.4 on.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(extracted, **safe)
        second = self._run(["index", "--index", str(index_dir), str(corpus_dir), str(extracted)])
        if second.returncode not in (0, 2) or self._documents(index_dir) == 0:
            raise Failure(f"`tipsearch index` failed (exit {second.returncode}):\n"
                          f"{second.stderr.strip() or second.stdout.strip()}")

    def _documents(self, index_dir: Path) -> int:
        """How many documents the index holds (0 when it cannot be read)."""
        proc = self._run(["stats", "--index", str(index_dir), "--json"])
        try:
            return int(json.loads(proc.stdout)["documents"]) if proc.returncode == 0 else 0
        except (ValueError, KeyError, TypeError):
            return 0

    def search(self, index_dir: Path, query: str) -> list[Hit]:
        args = ["--index", str(index_dir), "--json", "--limit", str(TOP_K),
                "--color", "never"]
        # A query beginning with '-' would be read as an option; '--' ends them.
        args += ["--", query] if query.startswith("-") else [query]
        try:
            proc = self._run(args, timeout=QUERY_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            raise Failure(f"tipsearch took over {QUERY_TIMEOUT_S}s on query {query!r}") from e
        out = proc.stdout.strip()
        # Exit 1 with nothing on stdout is tipsearch's "no hits", like grep.
        if proc.returncode == 1 and not out:
            return []
        if proc.returncode != 0:
            raise Failure(f"tipsearch failed (exit {proc.returncode}) on query {query!r}:\n"
                          f"{proc.stderr.strip()}")
        hits = []
        for n, line in enumerate(out.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                rank = float(obj.get("rank", n))
                hits.append((rank, Hit(str(obj["doc_id"]), str(obj["text"]))))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
                raise Failure(f"tipsearch --json line {n} for query {query!r} is not an "
                              f"object with rank, doc_id and text ({e!r}): {line[:200]}") from e
        # Order by the engine's own rank field rather than trusting line order.
        hits.sort(key=lambda rh: rh[0])
        return [h for _, h in hits[:TOP_K]]

    def run(self, index_dir: Path, queries: list[Query], setup: str) -> Result:
        result = Result(self.name, note="(CLI process per query)", setup=setup)
        for q in queries:
            start = time.perf_counter()
            result.hits[q.qid] = self.search(index_dir, q.text)
            result.millis.append((time.perf_counter() - start) * 1000)
        return result


DEFAULT_BINARY = REPO / "target" / "release" / "tipsearch"


def ensure_tool(command: str, why: str) -> str:
    """The path of `command`, installed from Debian's package of the same name (with
    apt-get, when running as root) if it is missing; `why` says what it is needed for."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise Failure(f"{command} is needed {why}; install it "
                      f"(e.g. `sudo apt-get install {command}`) and re-run")
    print(f"note: {command} missing; running `apt-get install -y {command}`", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", command]
    if subprocess.run(install, stdout=sys.stderr, env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], stdout=sys.stderr, env=env)
        subprocess.run(install, stdout=sys.stderr, env=env)
    found = shutil.which(command)
    if not found:
        raise Failure(f"could not install {command} with apt-get; install it and re-run")
    return found


def find_or_build_binary(path: Path | None) -> Path:
    """Return an executable tipsearch, building the release binary if needed.

    Only the default path is built: cargo cannot produce a binary at some
    other path the user named, so a missing one there is an error.
    """
    binary = (path or DEFAULT_BINARY).resolve()
    if binary.is_file() and os.access(binary, os.X_OK):
        return binary
    if path is not None:
        raise Failure(f"tipsearch binary not found: {binary}")
    if shutil.which("cargo") is None:
        raise Failure(f"{binary} not found and cargo is not on PATH to build it")
    print(f"note: {binary} not found; running `cargo build --release`", file=sys.stderr)
    # cargo's stdout goes to our stderr so that --json output stays parseable.
    build = subprocess.run(["cargo", "build", "--release"], cwd=REPO, stdout=sys.stderr)
    if build.returncode != 0:
        raise Failure(f"`cargo build --release` failed (exit {build.returncode})")
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        raise Failure(f"{binary} still missing after `cargo build --release`")
    return binary


# --------------------------------------------------------------- measures

def first_right_rank(query: Query, hits: list[Hit]) -> int:
    """1-based rank of the first right hit in the top 10, 0 if none."""
    for rank, hit in enumerate(hits[:TOP_K], 1):
        if query.is_right(hit.text):
            return rank
    return 0


def score(result: Result, queries: list[Query]) -> dict:
    ranks = [first_right_rank(q, result.hits.get(q.qid, [])) for q in queries]
    n = len(queries)
    p50 = statistics.median(result.millis) if result.millis else None
    # Rounded: more digits would suggest a precision 50 queries don't have.
    return {
        "mrr10": round(sum(1 / r for r in ranks if r) / n, 4),
        "success1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "success10": round(sum(1 for r in ranks if r) / n, 4),
        "p50_ms": None if p50 is None else round(p50, 2),
        "ranks": dict(zip((q.qid for q in queries), ranks)),
    }


def answerable_paragraphs(queries: list[Query], paras: list[str]) -> dict[str, int]:
    """How many baseline paragraphs contain an accepted phrase, per query.

    A diagnostic, not a measure: 0 means no paragraph-sized passage holds a
    phrase whole (it is split by a blank line or page break, or absent), so
    the baseline cannot get that query right and a passage-based engine
    needs to cut passages differently.  Searching one joined string is much
    faster than testing every phrase against every paragraph.
    """
    sep = "\x00"  # never occurs in a normalised phrase
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p) + 1
    blob = sep.join(paras)
    counts = {}
    for q in queries:
        found = set()
        for phrase in q.phrases:
            i = blob.find(phrase)
            while i != -1:
                found.add(bisect.bisect_right(starts, i) - 1)
                i = blob.find(phrase, i + 1)
        counts[q.qid] = len(found)
    return counts


# ----------------------------------------------------------------- output

def print_verbose(queries, results, scores, answerable) -> None:
    names = [r.name for r in results]
    head = f"{'id':<4} {'query':<46}"
    for name in names:
        head += f" {name[:11]:>11} {'first hit':<16}"
    if answerable is not None:
        head += " right paras"
    print(head)
    for q in queries:
        line = f"{q.qid:<4} {q.text[:46]:<46}"
        for r in results:
            rank = scores[r.name]["ranks"][q.qid]
            hits = r.hits.get(q.qid, [])
            first = hits[0].doc_id if hits else "(no hits)"
            line += f" {rank or '-':>11} {first[:16]:<16}"
        if answerable is not None:
            line += f" {answerable[q.qid]:>11}"
        print(line)
    print()


def print_table(queries, results, scores, n_bundled, n_dev) -> None:
    print(f"queries: {len(queries)}   corpus: {n_bundled} bundled + {n_dev} dev files")
    print(f"{'system':<13} {'MRR@10':<7} {'success@1':<10} {'success@10':<11} p50 ms/query")
    for r in results:
        s = scores[r.name]
        p50 = "-" if s["p50_ms"] is None else (f"{s['p50_ms']:.1f}" if s["p50_ms"] < 100
                                                else f"{s['p50_ms']:.0f}")
        print(f"{r.name:<13} {s['mrr10']:<7.3f} {s['success1']:<10.3f} "
              f"{s['success10']:<11.2f} {p50} {r.note}".rstrip())
    print()
    for r in results:
        if r.setup:
            print(f"{r.name}: {r.setup}")


# ------------------------------------------------------------------- main

def print_notes(notes: list[str]) -> None:
    """The caveats of a run, after its figures."""
    if notes:
        print("\nnotes:")
        for note in notes:
            print(f"- {note}")


def run(main, name: str) -> None:
    """Exit with main()'s status; a Failure is one line on stderr and status 2."""
    try:
        sys.exit(main())
    except Failure as e:
        print(f"{name}: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


def add_common_args(ap: argparse.ArgumentParser) -> None:
    """The options every script of this folder takes: data, queries, binary."""
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="shared data dir holding queries/dev.tsv and "
                         "data/cablegate-dev.tar.gz (default: <repo>/../shared)")
    ap.add_argument("--queries", type=Path, action="append",
                    help="queries file, id<TAB>query<TAB>phrases; repeatable, each "
                         "reported apart (default: <shared>/queries/dev.tsv and dev2.tsv)")
    ap.add_argument("--tipsearch", type=Path,
                    help="tipsearch binary (default: <repo>/target/release/tipsearch, "
                         "built with cargo if missing)")


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Measure tipsearch's ranking (MRR@10, success@1/@10) "
                    "beside a SQLite FTS5 baseline on the dev relevance queries.")
    add_common_args(ap)
    ap.add_argument("--index", type=Path,
                    help="index dir to build (default: a temp dir, removed afterwards)")
    ap.add_argument("--reuse", action="store_true",
                    help="with --index: if the dir exists, search it without rebuilding")
    ap.add_argument("--only", choices=["fts5", "tipsearch"],
                    help="run only one system")
    ap.add_argument("--json", action="store_true",
                    help="print the figures as one JSON object")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="also show each query's rank and first hit per system")
    ap.add_argument("--no-crossval", action="store_true",
                    help="skip the cross-validation of the ranking's weights "
                         "(examples/relevance --crossval: about 45 minutes on 2 cores: a fit per half and one on all)")
    args = ap.parse_args(argv)
    if args.reuse and args.index is None:
        ap.error("--reuse needs --index DIR")
    return args


def inputs(shared: Path, queries: list[Path] | None) -> tuple[Path, Path, list[Path]]:
    """The dev tarball, the bundled corpus folder and the queries files, each checked."""
    shared = shared.resolve()
    if not shared.is_dir():
        raise Failure(f"shared dir not found: {shared} (use --shared DIR)")
    tarball = shared / DEV_TARBALL
    if not tarball.is_file():
        raise Failure(f"dev cables not found: {tarball}")
    corpus_dir = REPO / "corpus"
    if not corpus_dir.is_dir():
        raise Failure(f"bundled corpus not found: {corpus_dir}")
    return tarball, corpus_dir, [q.resolve() for q in (queries or [shared / q for q in QUERIES])]


def crossval(index_dir: Path, query_files: list[Path]) -> str:
    """The ranking's weights fitted on one half of the queries and reported on the other,
    and the reverse, with each signal's ablation: examples/relevance --crossval."""
    example = REPO / "target" / "release" / "examples" / "relevance"
    build = subprocess.run(["cargo", "build", "--release", "--example", "relevance"],
                           cwd=REPO, stdout=sys.stderr)
    if build.returncode != 0:
        raise Failure(f"`cargo build --release --example relevance` failed (exit {build.returncode})")
    args = [str(example), "--index", str(index_dir), "--crossval"]
    for f in query_files:
        args += ["--queries", str(f)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise Failure(f"examples/relevance failed (exit {done.returncode}): {done.stderr.strip()}")
    return done.stdout


def report(args, queries, results, n_bundled, n_dev, answerable) -> dict:
    """Prints (or returns, with --json) one query set's figures."""
    scores = {r.name: score(r, queries) for r in results}
    if args.json:
        out = {
            "queries": len(queries),
            "corpus": {"bundled": n_bundled, "dev": n_dev},
            "systems": {r.name: {**{k: v for k, v in scores[r.name].items()
                                    if k != "ranks" or args.verbose},
                                 "setup": r.setup}
                        for r in results},
        }
        if args.verbose:
            out["first_hits"] = {r.name: {q.qid: (r.hits[q.qid][0].doc_id
                                                  if r.hits.get(q.qid) else None)
                                          for q in queries} for r in results}
            if answerable is not None:
                out["right_paragraphs"] = answerable
        return out
    if args.verbose:
        print_verbose(queries, results, scores, answerable)
    print_table(queries, results, scores, n_bundled, n_dev)
    return {}


def main(argv=None) -> int:
    args = parse_args(argv)
    tarball, corpus_dir, query_files = inputs(args.shared, args.queries)
    sets = [(f, load_queries(f)) for f in query_files]
    n_bundled = len(bundled_files(corpus_dir))
    baseline = None
    if args.only != "tipsearch":
        baseline = Fts5Baseline(iter_documents(corpus_dir, tarball))
    out = {}
    with tempfile.TemporaryDirectory(prefix="tipsearch-relevance-") as tmp:
        tmp = Path(tmp)
        index_dir = args.index.resolve() if args.index else tmp / "index"
        engine = None
        if args.only != "fts5":
            engine = Tipsearch(find_or_build_binary(args.tipsearch))
            if args.reuse and index_dir.exists():
                setup = f"reused index {index_dir}"
            else:
                start = time.perf_counter()
                engine.build_index(index_dir, corpus_dir, tarball, tmp)
                setup = f"index built in {time.perf_counter() - start:.1f}s"
        for path, queries in sets:
            results: list[Result] = []
            n_dev = None
            answerable = None
            if baseline is not None:
                n_dev = baseline.docs - n_bundled
                results.append(baseline.run(queries))
                if args.verbose:
                    answerable = answerable_paragraphs(
                        queries, [normalise(t) for t in baseline.all_paragraphs()])
            if engine is not None:
                result = engine.run(index_dir, queries, setup)
                results.append(result)
                dev_ids = dev_cable_ids(tarball)
                n_dev = len(dev_ids)
                # If no hit ever names a dev cable, the tarball was most likely not
                # indexed (e.g. silently skipped): the figures would be meaningless.
                if not any(h.doc_id in dev_ids for hits in result.hits.values() for h in hits):
                    print("warning: no tipsearch hit is a dev cable id; was the tarball indexed?",
                          file=sys.stderr)
            if not args.json:
                print(f"== {path.name}")
            out[path.name] = report(args, queries, results, n_bundled, n_dev, answerable)
        if engine is not None and not args.no_crossval:
            folds = crossval(index_dir, query_files)
            if args.json:
                out["crossval"] = folds.splitlines()
            else:
                print("== cross-validation (in process; fitted on one half, reported on the other)")
                print(folds)
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    run(main, "relevance.py")
