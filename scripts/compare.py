#!/usr/bin/env python3
"""Time and size tipsearch against SQLite FTS5, in one run on the same corpus.

For the bundled corpus/ plus the cables of ../shared/data/cablegate-dev.tar.gz,
measures for both systems and prints the ratios:

  build       wall time to build the index: one `tipsearch index` process
              (read + parse + index) vs the SQL insert + commit of the same
              documents' blank-line paragraphs into an on-disk FTS5 table;
  re-run      `tipsearch index` again on unchanged input (incremental);
  size        du of the index folder vs the SQLite file;
  peak RSS    of each build process (os.wait4 rusage);
  latency     p50/p95 per query, in process (examples/latency.rs vs Python's
              sqlite3 module) and as one CLI process per query (tipsearch vs
              the sqlite3 shell);

then the issue's targets as PASS/MISS lines.  --scale N also builds both
systems over N copies of the corpus with distinct document ids and shows
how time per MB, size, peak RSS and latency grow.

The FTS5 side is the baseline of relevance.py (same paragraphs, tokenizer and
OR-ed bm25 query), whose helpers it imports.  Standard library only.

Usage: scripts/compare.py [--scale N] [--runs N] [--json] [--shared DIR]
       [--queries FILE] [--tipsearch PATH] [--work DIR [--keep]]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
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
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # importing relevance must not leave scripts/__pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import (  # noqa: E402
    add_common_args, ensure_tool, print_notes, run,
    DEFAULT_BINARY, REPO, TOP_K, Failure, Fts5Baseline, inputs,
    find_or_build_binary, load_queries, paragraphs, read_text,
)

LATENCY_BINARY = REPO / "target" / "release" / "examples" / "latency"
FTS5_SCHEMA = ("CREATE VIRTUAL TABLE p USING fts5("
               "doc_id UNINDEXED, text, tokenize='porter unicode61')")
FTS5_QUERY = "SELECT doc_id, text FROM p WHERE p MATCH {} ORDER BY bm25(p) LIMIT {}"
QUERY_TIMEOUT_S = 120
MB = 1_000_000  # sizes and "time per MB" use decimal megabytes

# The targets.
BUILD_SPEEDUP = 3.0      # parse+index vs FTS5 build
RERUN_SPEEDUP = 5.0      # first run vs unchanged re-run
SEARCH_SPEEDUP = 10.0    # in-process p50
CLI_P50_MS = 30.0        # one CLI search, wall
SCALE_PER_MB = 1.2       # time per MB at N x over 1 x
SCALE_RSS_MB = 500.0     # peak RSS of the N x build


def log(msg: str) -> None:
    # Progress goes to stderr so that --json output stays parseable.
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------- corpus

def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file under corpus/, as tipsearch walks it (hidden ones skipped)."""
    return sorted(p for p in corpus_dir.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(corpus_dir).parts))


def iter_sources(corpus_dir: Path, tarball: Path):
    """Yield (relative name, raw bytes) for each bundled file, then each dev cable.

    The document id is the name's stem: the cable id for cables (08MANAMA14).
    """
    for path in corpus_files(corpus_dir):
        yield str(path.relative_to(corpus_dir)), path.read_bytes()
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if member.isfile():
                yield "cablegate-dev/" + member.name.lstrip("./"), tar.extractfile(member).read()


def stem(name: str) -> str:
    return Path(name).stem


def split_corpus(corpus_dir: Path, tarball: Path) -> tuple[list, dict]:
    """[(doc_id, [paragraph, ...]), ...] for every document, and counts about them."""
    docs, info = [], {"bundled_files": 0, "dev_cables": 0, "text_bytes": 0, "paragraphs": 0,
                      "split_s": 0.0}
    for name, data in iter_sources(corpus_dir, tarball):
        start = time.perf_counter()
        paras = paragraphs(read_text(data))
        info["split_s"] += time.perf_counter() - start
        docs.append((stem(name), paras))
        info["text_bytes"] += len(data)
        info["paragraphs"] += len(paras)
        info["dev_cables" if name.startswith("cablegate-dev/") else "bundled_files"] += 1
    return docs, info


def extract(tarball: Path, dest: Path) -> Path:
    dest.mkdir()
    with tarfile.open(tarball, "r:gz") as tar:
        # The 'data' filter (Python 3.11.4+) refuses absolute paths, '..' and devices.
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(dest, **safe)
    return dest


def du(path: Path) -> int:
    """Bytes allocated on disk, like du."""
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())


# -------------------------------------------------------------- processes

@dataclass
class Run:
    wall_s: float
    cpu_s: float  # user + sys
    maxrss_kib: int
    code: int
    stdout: str
    stderr: str
    failed: int | None = None  # files tipsearch reported it could not parse


def run_measured(cmd: list[str]) -> Run:
    """Run cmd to completion; wall time and peak RSS (ru_maxrss, KiB) via os.wait4.

    Output goes to temp files, not pipes: nothing reads pipes while we wait,
    and Popen.communicate() would reap the child before wait4 could.

    preexec_fn makes Popen fork instead of vfork.  Linux keeps a process's
    ru_maxrss across exec, and a vforked child shares the parent's memory
    until then, so it would report at least the parent's own peak RSS.  A
    forked child starts from the parent's current RSS (a Python process of
    some 20 MiB that holds no corpus: the FTS5 child splits its own input),
    which is printed in the notes as the floor of every peak-RSS figure.
    """
    global RSS_FLOOR_KIB
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        RSS_FLOOR_KIB = max(RSS_FLOOR_KIB, vm_kib("VmRSS"))
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    preexec_fn=_fork_not_vfork)
        except OSError as e:
            raise Failure(f"cannot run {cmd[0]}: {e}") from e
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


RSS_FLOOR_KIB = 0  # largest parent RSS at a measured fork


def _fork_not_vfork() -> None:
    pass


def vm_kib(field: str) -> int:
    """A VmRSS/VmHWM-style figure of this process from /proc, in KiB (0 if unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_quiet(cmd: list[str], timeout: float = QUERY_TIMEOUT_S) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)
    except OSError as e:
        raise Failure(f"cannot run {cmd[0]}: {e}") from e
    except subprocess.TimeoutExpired as e:
        raise Failure(f"{Path(cmd[0]).name} took over {timeout}s: {' '.join(cmd)[:200]}") from e


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: p95 of 250 samples is the 238th smallest."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def latency(samples: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(samples), 3),
            "p95_ms": round(percentile(samples, 95), 3), "samples": len(samples)}


def last_line(text: str) -> str:
    """The last non-blank line: where tipsearch puts its summary or its error."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "(no output)"


# -------------------------------------------------------------- tipsearch

class Tipsearch:
    def __init__(self, binary: Path) -> None:
        self.binary = binary
        help_text = run_quiet([str(binary), "index", "--help"])
        if help_text.returncode != 0:
            raise Failure(f"`{binary} index --help` failed: {last_line(help_text.stderr)}")
        self.quiet = "--quiet" in help_text.stdout

    def index_cmd(self, index_dir: Path, paths: list[Path]) -> list[str]:
        return [str(self.binary), "index", "--index", str(index_dir),
                *(["--quiet"] if self.quiet else []), *map(str, paths)]

    def index(self, index_dir: Path, paths: list[Path]) -> Run:
        """One measured `tipsearch index`; exit 2 with an index is a partial success.

        tipsearch exits 2 both on a real error and when some files failed to
        parse while the rest were indexed; the second is fine for timing.
        """
        run = run_measured(self.index_cmd(index_dir, paths))
        if run.code == 0:
            return run
        # The summary says "N failed"; --quiet drops it but keeps one line per file.
        m = re.search(r"(\d+) failed", run.stderr)
        run.failed = (int(m.group(1)) if m else
                      len(re.findall(r"^tipsearch: skipped ", run.stderr, re.M)) or None)
        if run.code == 2 and run.failed and index_dir.is_dir() and any(index_dir.iterdir()):
            return run
        raise Failure(f"`tipsearch index` failed (exit {run.code}): {last_line(run.stderr)}")

    def has_document(self, index_dir: Path, doc_id: str) -> bool:
        proc = run_quiet([str(self.binary), "show", "--index", str(index_dir), "--json", doc_id])
        return proc.returncode == 0 and bool(proc.stdout.strip())

    def search_cmd(self, index_dir: Path, query: str) -> list[str]:
        cmd = [str(self.binary), "--index", str(index_dir), "--json", "--limit", str(TOP_K),
               "--color", "never"]
        return cmd + (["--", query] if query.startswith("-") else [query])


def build_latency_binary(default_tipsearch: bool) -> Path:
    """The in-process latency example; (re)built when missing or older than tipsearch.

    An example older than the CLI may have been built from an older schema,
    and would then refuse to open the index the CLI just wrote.
    """
    stale = (not LATENCY_BINARY.is_file()
             or (default_tipsearch and DEFAULT_BINARY.is_file()
                 and LATENCY_BINARY.stat().st_mtime < DEFAULT_BINARY.stat().st_mtime))
    if stale:
        if shutil.which("cargo") is None:
            raise Failure(f"{LATENCY_BINARY} missing and cargo is not on PATH to build it")
        log("note: running `cargo build --release --example latency`")
        build = subprocess.run(["cargo", "build", "--release", "--example", "latency"],
                               cwd=REPO, stdout=sys.stderr)
        if build.returncode != 0 or not LATENCY_BINARY.is_file():
            raise Failure(f"`cargo build --release --example latency` failed "
                          f"(exit {build.returncode})")
    return LATENCY_BINARY


def tipsearch_in_process(latency_bin: Path, index_dir: Path, queries_file: Path,
                         runs: int) -> dict:
    proc = run_quiet([str(latency_bin), "--index", str(index_dir), "--queries",
                      str(queries_file), "--runs", str(runs)], timeout=3600)
    if proc.returncode != 0:
        raise Failure(f"{latency_bin.name} failed (exit {proc.returncode}): "
                      f"{last_line(proc.stderr)}\n(if the index schema changed, rebuild it: "
                      f"cargo build --release --example latency)")
    try:
        return latency([float(x) for x in json.loads(proc.stdout)["latencies_ms"]])
    except (ValueError, KeyError, TypeError) as e:
        raise Failure(f"{latency_bin.name} printed no latencies_ms: {proc.stdout[:200]}") from e


def tipsearch_cli(ts: Tipsearch, index_dir: Path, queries: list[str], runs: int) -> dict:
    run_quiet(ts.search_cmd(index_dir, queries[0]))  # warm-up: binary and index pages
    samples = []
    for q in queries:
        for _ in range(runs):
            start = time.perf_counter()
            proc = run_quiet(ts.search_cmd(index_dir, q))
            samples.append((time.perf_counter() - start) * 1000)
            # Exit 1 with nothing on stdout is "no hits", like grep.
            if proc.returncode != 0 and not (proc.returncode == 1 and not proc.stdout.strip()):
                raise Failure(f"tipsearch search failed (exit {proc.returncode}) on {q!r}: "
                              f"{last_line(proc.stderr)}")
    return latency(samples)


# ------------------------------------------------------------------- FTS5

def fts5_child(db: str, corpus_dir: str, tarball: str, suffixes_json: str) -> int:
    """Child mode: build the FTS5 database, print its figures as one JSON object.

    The documents are read and split first, untimed; the timed part is
    exactly the inserts and the commit, in one transaction.  With several
    suffixes (scale mode) the same paragraphs are inserted once per suffix,
    under doc_id + suffix, from one copy in memory.
    """
    docs, info = split_corpus(Path(corpus_dir), Path(tarball))
    suffixes = json.loads(suffixes_json)
    rss_before = vm_kib("VmRSS")
    conn = sqlite3.connect(db)
    conn.execute(FTS5_SCHEMA)
    count = 0

    def rows():
        nonlocal count
        for suffix in suffixes:
            for doc_id, paras in docs:
                count += len(paras)
                key = doc_id + suffix
                for para in paras:
                    yield key, para

    cpu = os.times()
    start = time.perf_counter()
    with conn:  # one transaction, committed on exit
        conn.executemany("INSERT INTO p(doc_id, text) VALUES (?, ?)", rows())
    insert_s = time.perf_counter() - start
    cpu_s = sum(os.times()[:2]) - sum(cpu[:2])
    conn.close()
    print(json.dumps({"insert_s": insert_s, "insert_cpu_s": cpu_s, "rows": count,
                      "rss_before_kib": rss_before, "corpus": info}))
    return 0


def fts5_build(db: Path, corpus_dir: Path, tarball: Path, suffixes: list[str]) -> dict:
    run = run_measured([sys.executable, str(Path(__file__).resolve()), "--fts5-child",
                        str(db), str(corpus_dir), str(tarball), json.dumps(suffixes)])
    if run.code != 0:
        raise Failure(f"FTS5 build failed (exit {run.code}): {last_line(run.stderr)}")
    out = json.loads(run.stdout)
    return {"build_s": out["insert_s"], "build_cpu_s": out["insert_cpu_s"],
            "rows": out["rows"], "size_bytes": du(db),
            "peak_rss_kib": run.maxrss_kib, "rss_before_insert_kib": out["rss_before_kib"],
            "process_s": run.wall_s, "corpus": out["corpus"]}


def fts5_in_process(db: Path, queries: list[str], runs: int) -> dict:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    sql = FTS5_QUERY.format("?", "?")

    def search(q: str):
        expr = Fts5Baseline.match_expr(q)
        return conn.execute(sql, (expr, TOP_K)).fetchall() if expr else []

    for q in queries:
        search(q)  # warm-up
    samples = []
    for q in queries:
        for _ in range(runs):
            start = time.perf_counter()
            search(q)
            samples.append((time.perf_counter() - start) * 1000)
    conn.close()
    return latency(samples)


def fts5_cli(sqlite_cli: str, db: Path, queries: list[str], runs: int) -> dict:
    def cmd(q: str) -> list[str] | None:
        expr = Fts5Baseline.match_expr(q)
        # \w+ words hold no single quote, so the SQL literal needs no escaping.
        return None if expr is None else [
            sqlite_cli, "-readonly", str(db), FTS5_QUERY.format(f"'{expr}'", TOP_K) + ";"]

    cmds = [c for c in map(cmd, queries) if c]
    run_quiet(cmds[0])  # warm-up
    samples = []
    for c in cmds:
        for _ in range(runs):
            start = time.perf_counter()
            proc = run_quiet(c)
            samples.append((time.perf_counter() - start) * 1000)
            if proc.returncode != 0:
                raise Failure(f"sqlite3 failed (exit {proc.returncode}): {last_line(proc.stderr)}")
    return latency(samples)


def sqlite_cli_path() -> str:
    return ensure_tool("sqlite3", "for the per-process FTS5 figures")


# --------------------------------------------------------------- measures

def measure_1x(ts, latency_bin, sqlite_cli, work, corpus_dir, tarball, queries,
               queries_file, runs, notes) -> dict:
    # FTS5 first: its child reads every source once (untimed), so both builds
    # then find the tarball in the page cache.
    log("FTS5: reading, splitting, then building the on-disk table in a child process ...")
    db = work / "fts5-1x.db"
    fts = fts5_build(db, corpus_dir, tarball, [""])
    corpus = fts.pop("corpus")
    n_files = corpus["bundled_files"] + corpus["dev_cables"]
    notes.append(f"FTS5 peak RSS is that of a Python child holding all paragraphs in memory: "
                 f"{fts['rss_before_insert_kib'] / 1024:.0f} MiB before the first insert")

    log("tipsearch: first index build ...")
    index_dir = work / "tipsearch-1x"
    inputs = [corpus_dir, tarball]
    first = ts.index(index_dir, inputs)
    # A build that cannot read .tar.gz skips it (exit 2) and indexes the rest,
    # so ask the index whether it holds dev cables.  Several ids, since a
    # few cables fail to parse.
    dev_ids = [stem(name) for name in itertools.islice(_tar_names(tarball), 50)]
    if not any(ts.has_document(index_dir, i) for i in dev_ids):
        why = next((ln.strip() for ln in first.stderr.splitlines() if tarball.name in ln),
                   last_line(first.stderr))
        notes.append(f"this tipsearch cannot read {tarball.name} ({why!r}): "
                     "the tarball was extracted and the folder indexed instead "
                     "(extraction not timed)")
        log("tipsearch: tarball not read; extracting it and indexing the folder ...")
        shutil.rmtree(index_dir)
        inputs = [corpus_dir, extract(tarball, work / "cablegate-dev")]
        first = ts.index(index_dir, inputs)
    if first.failed:
        notes.append(f"tipsearch skipped {first.failed} of {n_files} files it could not "
                     f"parse (exit 2); FTS5 has all of them")
    if not ts.quiet:
        notes.append("this tipsearch has no `index --quiet`; ran without it")
    size = du(index_dir)
    log("tipsearch: re-run on unchanged input ...")
    rerun = ts.index(index_dir, inputs)
    size_rerun = du(index_dir)
    if size_rerun > 1.1 * size:
        notes.append(f"the re-run grew the index from {size / MB:.1f} to {size_rerun / MB:.1f} MB "
                     "(replaced passages kept until a merge); size above is after the first "
                     "build, latency is measured after the re-run")

    log(f"latency: in process, {len(queries)} queries x {runs} runs ...")
    t_in = tipsearch_in_process(latency_bin, index_dir, queries_file, runs)
    f_in = fts5_in_process(db, queries, runs)
    log("latency: one CLI process per query ...")
    t_cli = tipsearch_cli(ts, index_dir, queries, runs)
    f_cli = fts5_cli(sqlite_cli, db, queries, runs)

    text_mb = corpus["text_bytes"] / MB
    corpus["split_s"] = round(corpus["split_s"], 3)
    return {
        "corpus": corpus,
        "tipsearch": {"build_s": first.wall_s, "build_cpu_s": first.cpu_s,
                      "rerun_s": rerun.wall_s,
                      "size_bytes": size, "size_after_rerun_bytes": size_rerun,
                      "peak_rss_kib": first.maxrss_kib, "rerun_peak_rss_kib": rerun.maxrss_kib,
                      "s_per_mb": first.wall_s / text_mb, "in_process": t_in, "cli": t_cli},
        "fts5": {**fts, "s_per_mb": fts["build_s"] / text_mb,
                 "in_process": f_in, "cli": f_cli},
    }


def _tar_names(tarball: Path):
    with tarfile.open(tarball, "r:gz") as tar:
        for m in tar:
            if m.isfile():
                yield m.name


def probe_jsonl(ts: Tipsearch, work: Path, corpus_dir: Path) -> bool:
    """Does this tipsearch read .jsonl and take doc_id from it?"""
    probe = work / "jsonl-probe"
    probe.mkdir()
    sample = next((p for p in corpus_files(corpus_dir) if "cable" in str(p)),
                  corpus_files(corpus_dir)[0])
    line = json.dumps({"doc_id": stem(sample.name) + "-R1",
                       "text": read_text(sample.read_bytes())}, ensure_ascii=False)
    (probe / "replica-01.jsonl").write_text(line + "\n", encoding="utf-8")
    run_quiet(ts.index_cmd(probe / "index", [probe / "replica-01.jsonl"]))
    ok = ts.has_document(probe / "index", stem(sample.name) + "-R1")
    shutil.rmtree(probe)
    return ok


def write_replicas(dest: Path, n: int, corpus_dir: Path, tarball: Path, jsonl: bool) -> None:
    """N copies of the corpus: replica-07.jsonl with ids <id>-R7, or (fallback) .txt folders."""
    dest.mkdir()
    if jsonl:
        handles = [open(dest / f"replica-{k:02d}.jsonl", "w", encoding="utf-8")
                   for k in range(1, n + 1)]
        try:
            for name, data in iter_sources(corpus_dir, tarball):
                text = json.dumps(data.decode("utf-8", "replace"), ensure_ascii=False)
                for k, h in enumerate(handles, 1):
                    h.write(f'{{"doc_id": {json.dumps(stem(name) + f"-R{k}")}, "text": {text}}}\n')
        finally:
            for h in handles:
                h.close()
    else:
        for name, data in iter_sources(corpus_dir, tarball):
            for k in range(1, n + 1):
                path = dest / f"replica-{k:02d}" / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)


def measure_scale(n, ts, latency_bin, sqlite_cli, work, corpus_dir, tarball, queries,
                  queries_file, runs, one, notes, keep) -> dict:
    text_bytes = one["corpus"]["text_bytes"]
    jsonl = probe_jsonl(ts, work, corpus_dir)
    if not jsonl:
        notes.append(f"this tipsearch does not read .jsonl with a doc_id: replicas were "
                     f"written as .txt copies whose cable ids are unchanged, so they collapse "
                     f"into one document per id; the tipsearch {n}x figures (size, RSS, "
                     f"latency) are not meaningful, only the build time is N x the work")
    # Disk: replicas (~jsonl escaping overhead) + both N x indexes, with 10% margin.
    need = int(1.1 * n * (text_bytes * 1.1 + one["tipsearch"]["size_bytes"]
                          + one["fts5"]["size_bytes"]))
    free = shutil.disk_usage(work).free
    if free < need:
        raise Failure(f"--scale {n} needs about {need / 1e9:.1f} GB free in {work} "
                      f"(replicas + both indexes) but only {free / 1e9:.1f} GB is free; "
                      f"use --work DIR on a bigger disk or a smaller N")
    log(f"scale {n}x: writing replicas ({n * text_bytes / MB:.0f} MB of text; "
        f"{free / 1e9:.0f} GB free) ...")
    replicas = work / "replicas"
    write_replicas(replicas, n, corpus_dir, tarball, jsonl)
    log(f"scale {n}x: tipsearch index ...")
    index_dir = work / f"tipsearch-{n}x"
    build = ts.index(index_dir, [replicas])
    if not keep:
        shutil.rmtree(replicas)
    log(f"scale {n}x: FTS5 build ...")
    db = work / f"fts5-{n}x.db"
    fts = fts5_build(db, corpus_dir, tarball, [f"-R{k}" for k in range(1, n + 1)])
    fts.pop("corpus")
    log(f"scale {n}x: latency ...")
    t = {"build_s": build.wall_s, "build_cpu_s": build.cpu_s, "size_bytes": du(index_dir),
         "peak_rss_kib": build.maxrss_kib,
         "in_process": tipsearch_in_process(latency_bin, index_dir, queries_file, runs),
         "cli": tipsearch_cli(ts, index_dir, queries, runs)}
    f = {**fts, "in_process": fts5_in_process(db, queries, runs),
         "cli": fts5_cli(sqlite_cli, db, queries, runs)}
    for d in (t, f):
        d["s_per_mb"] = d["build_s"] / (n * text_bytes / MB)
    return {"n": n, "jsonl": jsonl, "text_bytes": n * text_bytes, "tipsearch": t, "fts5": f}


# ----------------------------------------------------------------- output

def fmt(v, unit: str) -> str:
    if v is None:
        return "-"
    if unit == "s":
        return f"{v:.2f} s"
    if unit == "ms":
        return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"
    if unit == "MB":
        return f"{v / MB:.1f} MB"
    if unit == "KiB":
        return f"{v / 1024:.0f} MiB"
    if unit == "s/MB":
        return f"{v * 1000:.1f} ms/MB"
    return str(v)


def ratio(a, b) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def rows_for(t: dict, f: dict) -> list[tuple[str, str, float | None, float | None, str]]:
    """(JSON key, label, tipsearch value, FTS5 value, unit) per table row."""
    ti, fi, tc, fc = t["in_process"], f["in_process"], t["cli"], f["cli"]
    return [
        ("build", "build (tipsearch: parse+index; FTS5: insert+commit)",
         t["build_s"], f["build_s"], "s"),
        ("build_cpu", "  CPU time of the build (user+sys)", t["build_cpu_s"],
         f["build_cpu_s"], "s"),
        ("size", "index size on disk", t["size_bytes"], f["size_bytes"], "MB"),
        ("peak_rss", "peak RSS of the build", t["peak_rss_kib"], f["peak_rss_kib"], "KiB"),
        ("in_process_p50", "search p50, in process", ti["p50_ms"], fi["p50_ms"], "ms"),
        ("in_process_p95", "search p95, in process", ti["p95_ms"], fi["p95_ms"], "ms"),
        ("cli_p50", "search p50, one CLI process", tc["p50_ms"], fc["p50_ms"], "ms"),
        ("cli_p95", "search p95, one CLI process", tc["p95_ms"], fc["p95_ms"], "ms"),
    ]


def check(name: str, value: float | None, op: str, limit: float, unit: str) -> dict:
    ok = value is not None and (value >= limit if op == ">=" else
                                value <= limit if op == "<=" else value < limit)
    return {"check": name, "value": value, "pass_if": f"{op} {limit:g}", "pass": ok,
            "unit": unit}


def targets_1x(r: dict) -> list[dict]:
    t, f = r["tipsearch"], r["fts5"]
    return [
        check(f"parse+index >= {BUILD_SPEEDUP:g}x faster than FTS5 build",
              ratio(f["build_s"], t["build_s"]), ">=", BUILD_SPEEDUP, "x"),
        check(f"re-run >= {RERUN_SPEEDUP:g}x faster than first run",
              ratio(t["build_s"], t["rerun_s"]), ">=", RERUN_SPEEDUP, "x"),
        check(f"in-process search p50 >= {SEARCH_SPEEDUP:g}x faster than FTS5",
              ratio(f["in_process"]["p50_ms"], t["in_process"]["p50_ms"]), ">=",
              SEARCH_SPEEDUP, "x"),
        check(f"one CLI search p50 < {CLI_P50_MS:g} ms wall", t["cli"]["p50_ms"], "<",
              CLI_P50_MS, "ms"),
    ]


def targets_scale(s: dict, one: dict) -> list[dict]:
    n, t = s["n"], s["tipsearch"]
    return [
        check(f"tipsearch time per MB at {n}x / at 1x <= {SCALE_PER_MB:g}",
              ratio(t["s_per_mb"], one["tipsearch"]["s_per_mb"]), "<=", SCALE_PER_MB, ""),
        check(f"tipsearch peak RSS at {n}x < {SCALE_RSS_MB:g} MiB",
              t["peak_rss_kib"] / 1024, "<", SCALE_RSS_MB, "MiB"),
    ]


def print_targets(targets: list[dict]) -> None:
    for c in targets:
        v = "-" if c["value"] is None else f"{c['value']:.{0 if c['unit'] == 'MiB' else 2}f}"
        print(f"{'PASS' if c['pass'] else 'MISS'}  {c['check']:<52} {v} {c['unit']}".rstrip())


def print_report(one: dict, scale: dict | None, n_queries: int, runs: int,
                 notes: list[str]) -> None:
    c, t, f = one["corpus"], one["tipsearch"], one["fts5"]
    print(f"corpus: {c['bundled_files']} bundled files + {c['dev_cables']} dev cables, "
          f"{c['text_bytes'] / MB:.1f} MB; FTS5: {f['rows']} paragraphs "
          f"(split beforehand in {c['split_s']:.1f} s, not timed)")
    print(f"queries: {n_queries} x {runs} runs after a warm-up\n")
    print(f"{'metric':<52} {'tipsearch':>11} {'FTS5':>11} {'ratio':>7}")
    for _, label, tv, fv, unit in rows_for(t, f):
        r = ratio(fv, tv)
        print(f"{label:<52} {fmt(tv, unit):>11} {fmt(fv, unit):>11} "
              f"{'-' if r is None else f'{r:.2f}':>7}")
    print(f"{'re-run, unchanged input (tipsearch only)':<52} {fmt(t['rerun_s'], 's'):>11} "
          f"{'-':>11} {'-':>7}")
    print("ratio = FTS5 / tipsearch: > 1 means tipsearch is faster / smaller / leaner\n")
    print("targets:")
    print_targets(targets_1x(one))
    if scale:
        n = scale["n"]
        print(f"\nscale: {n}x the corpus ({scale['text_bytes'] / MB:.0f} MB of text, "
              f"distinct ids{'' if scale['jsonl'] else ' for FTS5 only, see notes'})")
        print(f"{'metric':<32} {'tipsearch 1x':>12} {f'{n}x':>11} {'growth':>7}   "
              f"{'FTS5 1x':>11} {f'{n}x':>11} {'growth':>7}")
        st, sf = scale["tipsearch"], scale["fts5"]
        metrics = [("build", "build_s", "s"), ("  CPU time (user+sys)", "build_cpu_s", "s"),
                   ("time per MB", "s_per_mb", "s/MB"),
                   ("index size", "size_bytes", "MB"), ("peak RSS", "peak_rss_kib", "KiB")]
        for label, key, unit in metrics:
            print(f"{label:<32} {fmt(t[key], unit):>12} {fmt(st[key], unit):>11} "
                  f"{ratio(st[key], t[key]):>7.2f}   {fmt(f[key], unit):>11} "
                  f"{fmt(sf[key], unit):>11} {ratio(sf[key], f[key]):>7.2f}")
        for label, mode, key in [("search p50, in process", "in_process", "p50_ms"),
                                 ("search p95, in process", "in_process", "p95_ms"),
                                 ("search p50, one CLI process", "cli", "p50_ms")]:
            a, b, x, y = t[mode][key], st[mode][key], f[mode][key], sf[mode][key]
            print(f"{label:<32} {fmt(a, 'ms'):>12} {fmt(b, 'ms'):>11} {ratio(b, a):>7.2f}   "
                  f"{fmt(x, 'ms'):>11} {fmt(y, 'ms'):>11} {ratio(y, x):>7.2f}")
        print(f"growth = {n}x / 1x\n\nscale targets:")
        print_targets(targets_scale(scale, one))
    print_notes(notes)


# ------------------------------------------------------------------- main

def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Time and size tipsearch against SQLite FTS5 on the same corpus: "
                    "build, re-run, index size, peak RSS, query latency, and ratios.")
    add_common_args(ap)
    ap.add_argument("--work", type=Path,
                    help="where indexes, databases and replicas go (default: a temp dir); "
                         "must be empty or absent; removed at the end unless --keep")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("--scale", type=int, metavar="N",
                    help="also build both systems over N copies of the corpus")
    ap.add_argument("--runs", type=int, default=5, metavar="N",
                    help="timed runs per query and system, after a warm-up (default 5)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.scale is not None and args.scale < 2:
        ap.error("--scale must be at least 2")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    tarball, corpus_dir, query_files = inputs(args.shared, args.queries)
    queries_file = query_files[0]  # dev.tsv unless named: the figures of earlier runs
    queries = [q.text for q in load_queries(queries_file)]

    ts = Tipsearch(find_or_build_binary(args.tipsearch))
    latency_bin = build_latency_binary(args.tipsearch is None)
    sqlite_cli = sqlite_cli_path()

    if args.work:
        work = args.work.resolve()
        if work.exists() and (not work.is_dir() or any(work.iterdir())):
            raise Failure(f"--work {work} must be an empty folder or not exist")
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="tipsearch-compare-"))
    notes: list[str] = []
    load = os.getloadavg()[0]
    if load > 0.5:
        notes.append(f"load average was {load:.1f} on {os.cpu_count()} cores at the start: "
                     "another job was running, so timings are noisy")
    try:
        one = measure_1x(ts, latency_bin, sqlite_cli, work, corpus_dir, tarball, queries,
                         queries_file, args.runs, notes)
        scale = None
        if args.scale:
            scale = measure_scale(args.scale, ts, latency_bin, sqlite_cli, work, corpus_dir,
                                  tarball, queries, queries_file, args.runs, one, notes,
                                  args.keep)
        notes.append(f"peak RSS figures include this script's own RSS when it forked the "
                     f"process, at most {RSS_FLOOR_KIB / 1024:.0f} MiB")
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    if args.json:
        out = {"queries": len(queries), "runs": args.runs, "corpus": one["corpus"],
               "tipsearch": one["tipsearch"], "fts5": one["fts5"],
               "ratios_fts5_over_tipsearch": {key: ratio(fv, tv) for key, _, tv, fv, _
                                              in rows_for(one["tipsearch"], one["fts5"])},
               "targets": targets_1x(one), "notes": notes}
        if scale:
            out["scale"] = {**scale, "targets": targets_scale(scale, one)}
        print(json.dumps(out, indent=2, default=str))
    else:
        print_report(one, scale, len(queries), args.runs, notes)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--fts5-child":
        sys.exit(fts5_child(*sys.argv[2:]))
    run(main, "compare.py")
