//! The `tipsearch` binary as a user runs it: output, exit codes and error messages.

mod common;

use common::{corpus, run, tipsearch};

#[test]
fn searches_the_bundled_corpus_with_no_setup() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) =
        run(tipsearch(home.path()).args(["--color", "never", "forced labor Nakhchivan"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("bundled corpus"), "{err}");
    // Rank, id, date, origin, section; then the passage with matches marked.
    assert!(out.starts_with(" 1. "), "{out}");
    assert!(out.contains("[Nakhchivan]"), "{out}");
    assert!(out.contains("2009-"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when told so");

    let (code, out, _) = run(tipsearch(home.path()).args(["--color", "always", "Nakhchivan"]));
    assert_eq!(code, 0);
    assert!(out.contains("\u{1b}["), "colour when told so");
    let (_, out, _) = run(tipsearch(home.path())
        .env("NO_COLOR", "1")
        .args(["Nakhchivan"]));
    assert!(!out.contains('\u{1b}'), "NO_COLOR honoured");
}

#[test]
fn json_lines_carry_every_field() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) =
        run(tipsearch(home.path()).args(["--json", "-n", "3", "shelter children"]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    for (i, hit) in lines.iter().enumerate() {
        for field in [
            "rank",
            "score",
            "doc_id",
            "kind",
            "title",
            "date",
            "origin",
            "classification",
            "tags",
            "section",
            "paragraph",
            "text",
            "highlights",
            "source",
        ] {
            assert!(hit.get(field).is_some(), "{field} missing in {hit}");
        }
        assert_eq!(hit["rank"], i + 1);
        let text = hit["text"].as_str().unwrap();
        for span in hit["highlights"].as_array().unwrap() {
            let (s, e) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            let word = text[s..e].to_lowercase();
            assert!(
                word.starts_with("shelter") || word.starts_with("children"),
                "{word}"
            );
        }
    }
}

#[test]
fn filters_as_flags() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, _) = run(tipsearch(home.path()).args([
        "--json",
        "--kind",
        "cable",
        "--tag",
        "KTIP",
        "--origin",
        "baku",
        "--from",
        "2009-11-01",
        "--to",
        "2009-12-31",
        "victims",
    ]));
    assert_eq!(code, 0);
    assert!(
        out.lines().all(|l| l.contains("\"doc_id\":\"09BAKU911\"")),
        "{out}"
    );
    let (code, out, _) =
        run(tipsearch(home.path()).args(["--json", "--sort=-date", "-n", "1", "victims"]));
    assert_eq!(code, 0);
    assert!(out.contains("TIP-2023-AZERBAIJAN"), "{out}");
}

#[test]
fn no_hits_exit_1_and_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, err) = run(tipsearch(home.path()).args(["zzqxv"]));
    assert_eq!(code, 1);
    assert!(
        out.is_empty() && err.contains("no passage matches"),
        "{err}"
    );
    let (code, _, err) = run(tipsearch(home.path()).args(["forced \"labor"]));
    assert_eq!(code, 2);
    assert!(err.contains("never closed") && err.contains('^'), "{err}");
    let (code, _, err) =
        run(tipsearch(home.path()).args(["--index", "/nonexistent/tipsearch-index", "labor"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("no tipsearch index at /nonexistent/tipsearch-index"),
        "{err}"
    );
}

#[test]
fn index_show_and_parse_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg("--index")
        .arg(&idx)
        .arg(corpus()));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("indexed 5 documents"), "{err}");
    let (code, out, err) = run(tipsearch(home.path())
        .arg("--index")
        .arg(&idx)
        .args(["--json", "playroom"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("09BAKU911") && !err.contains("bundled"),
        "{out}{err}"
    );
    // The default index is used when none is named.
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg(corpus().join("cables")));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(tipsearch(home.path()).args(["playroom"]));
    assert_eq!(code, 0);
    assert!(!err.contains("bundled"), "{err}");

    let (code, out, _) = run(tipsearch(home.path())
        .arg("show")
        .arg("--index")
        .arg(&idx)
        .arg("09BAKU911"));
    assert_eq!(code, 0);
    let p2 = out.find("¶2").unwrap();
    let p5 = out.find("¶5").unwrap();
    assert!(out.starts_with("09BAKU911") && p2 < p5, "{out}");
    let (code, _, err) = run(tipsearch(home.path())
        .arg("show")
        .arg("--index")
        .arg(&idx)
        .arg("09NOWHERE1"));
    assert_eq!(code, 2);
    assert!(err.contains("no document with id 09NOWHERE1"), "{err}");

    let (code, out, _) = run(tipsearch(home.path())
        .arg("parse")
        .arg(corpus().join("cables/09BAKU141.txt")));
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(doc["doc_id"], "09BAKU141");
    assert_eq!(doc["date"], "2009-02-23T08:30:00Z");
    assert!(doc["passages"][0]["marking"] == "U" && doc["passages"][0]["number"] == "1");
}

#[test]
fn bad_input_is_named_and_the_batch_goes_on() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let bad = home.path().join("in");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("empty.txt"), "").unwrap();
    std::fs::write(
        bad.join("image.bin"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2, 3],
    )
    .unwrap();
    // A real cable saved by a Windows editor: read as Windows-1252, with a warning.
    let mut latin1 = std::fs::read(corpus().join("cables/09BAKU141.txt")).unwrap();
    latin1.extend_from_slice(b"\nCaf\xe9 owners were questioned.\n");
    std::fs::write(bad.join("latin1.txt"), latin1).unwrap();
    std::fs::write(
        bad.join("notes.txt"),
        "just some words, nothing like a cable\n",
    )
    .unwrap();
    std::fs::copy(
        corpus().join("cables/09BAKU911.txt"),
        bad.join("good cable ü.txt"),
    )
    .unwrap();
    // Something already indexed must survive a bad batch.
    let (code, _, _) = run(tipsearch(home.path())
        .arg("index")
        .arg("--index")
        .arg(&idx)
        .arg(corpus().join("reports")));
    assert_eq!(code, 0);

    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg("--index")
        .arg(&idx)
        .arg(&bad)
        .arg(home.path().join("missing.txt")));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("empty.txt: the file is empty"), "{err}");
    assert!(err.contains("image.bin: the file is binary"), "{err}");
    assert!(
        err.contains("latin1.txt: not valid UTF-8 (byte 0xE9") && err.contains("Windows-1252"),
        "{err}"
    );
    assert!(
        err.contains("notes.txt: no cable header or TIP report heading was found"),
        "{err}"
    );
    assert!(
        err.contains("missing.txt: No such file or directory"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("indexed 2 documents"), "{err}");

    let (code, out, _) = run(tipsearch(home.path())
        .arg("--index")
        .arg(&idx)
        .args(["--json", "playroom"]));
    assert_eq!(code, 0);
    assert!(out.contains("good cable"), "the good file went in: {out}");
    let (code, out, _) = run(tipsearch(home.path())
        .arg("--index")
        .arg(&idx)
        .args(["--json", "Nakhchivan"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("TIP-2009-AZERBAIJAN"),
        "earlier documents are kept: {out}"
    );
}

#[test]
fn an_index_of_another_version_says_how_to_rebuild() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let (code, _, _) = run(tipsearch(home.path())
        .arg("index")
        .arg("--index")
        .arg(&idx)
        .arg(corpus().join("cables")));
    assert_eq!(code, 0);
    std::fs::write(idx.join("tipsearch-version"), "0").unwrap();
    let (code, _, err) = run(tipsearch(home.path()).arg("--index").arg(&idx).arg("labor"));
    assert_eq!(code, 2);
    assert!(
        err.contains("schema version 0") && err.contains("--rebuild"),
        "{err}"
    );
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg("--rebuild")
        .arg("--index")
        .arg(&idx)
        .arg(corpus().join("cables")));
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(tipsearch(home.path()).arg("--index").arg(&idx).arg("labor"));
    assert_eq!(code, 0);
}

#[test]
fn facets_stats_of_a_query_and_references() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, _) =
        run(tipsearch(home.path()).args(["--json", "--facets", "-n", "2", "Nakhchivan"]));
    assert_eq!(code, 0);
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["facets"]["documents"], 2, "{last}");
    assert_eq!(out.lines().count(), 3, "two hits, then the facets");
    let (code, out, _) =
        run(tipsearch(home.path()).args(["stats", "--json", "shelter", "tag:KTIP"]));
    assert_eq!(code, 0);
    let s: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["documents"], 2, "{s}");
    assert_eq!(s["tags"]["KTIP"], 2, "{s}");
    let (code, out, _) = run(tipsearch(home.path()).args(["show", "--refs", "09BAKU911"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("cites (2):")
            && out.contains("09STATE109948")
            && out.contains("(not in the index)"),
        "{out}"
    );
}
