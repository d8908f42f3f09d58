//! Batch indexing as users run it: every input wrapping, incremental re-runs, removal and
//! pruning, the writer lock, crashes, statistics, and bad input that must not stop a batch.

mod common;

use std::io::Write;
use std::path::Path;

use common::{corpus, run, test_data, tipsearch};

/// `tipsearch index --index <idx> PATH...`
fn index(home: &Path, idx: &Path, paths: &[&Path]) -> (i32, String, String) {
    let mut c = tipsearch(home);
    c.arg("index").arg("--index").arg(idx).args(paths);
    run(&mut c)
}

/// Search results as JSON values.
fn search(home: &Path, idx: &Path, query: &str) -> Vec<serde_json::Value> {
    let (_, out, _) = run(tipsearch(home)
        .arg("--index")
        .arg(idx)
        .args(["--json", "-n", "50", query]));
    out.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn stats(home: &Path, idx: &Path) -> serde_json::Value {
    let (code, out, err) = run(tipsearch(home)
        .arg("stats")
        .arg("--index")
        .arg(idx)
        .arg("--json"));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("stats JSON")
}

/// A `.tar.gz` of the files under `dir`, as release archives are made.
fn tar_gz(dir: &Path, out: &Path) {
    let file = std::fs::File::create(out).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    tar.append_dir_all("release", dir).unwrap();
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn every_wrapping_goes_in_and_one_cable_is_stored_once() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let input = home.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    // The bundled cables twice: as a .tar.gz archive and gzipped one by one.
    tar_gz(&corpus().join("cables"), &input.join("cables.tar.gz"));
    let text = std::fs::read(corpus().join("cables/09BAKU911.txt")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(input.join("09BAKU911.txt.gz")).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(&text).unwrap();
    gz.finish().unwrap();
    // A WikiLeaks page, the cables.csv layout, and JSON Lines with its own metadata.
    std::fs::copy(
        test_data("html/09BAKU179.html"),
        input.join("09BAKU179.html"),
    )
    .unwrap();
    std::fs::copy(test_data("cables-sample.csv"), input.join("cables.csv")).unwrap();
    let report = std::fs::read_to_string(corpus().join("reports/2023-azerbaijan.txt")).unwrap();
    let line = serde_json::json!({"text": report, "doc_id": "NGO-NOTE-7", "tags": ["KTIP", "NGO"]});
    std::fs::write(input.join("pipeline.jsonl"), format!("{line}\n")).unwrap();

    let (code, _, err) = index(home.path(), &idx, &[&input]);
    assert_eq!(code, 0, "{err}");
    // 2 bundled cables + 1 page + 2 CSV rows + 1 JSON record; the gzipped copy is a duplicate.
    assert!(
        err.contains("indexed 6 documents") && err.contains("1 duplicates"),
        "{err}"
    );
    let s = stats(home.path(), &idx);
    assert_eq!(s["documents"], 6, "{s}");
    assert_eq!(s["kinds"]["cable"], 5, "{s}");

    let page = search(home.path(), &idx, "INSULTEC id:09BAKU179");
    assert!(!page.is_empty(), "the page's text is searchable");
    assert_eq!(page[0]["classification"], "SECRET//NOFORN");
    assert!(page[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("09BAKU179.html"));
    let csv = search(home.path(), &idx, "\"preferential jurisdiction\"");
    assert_eq!(
        csv[0]["doc_id"], "66BUENOSAIRES2481",
        "MySQL escapes undone"
    );
    assert!(csv[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("cables.csv:line 1"));
    let ngo = search(home.path(), &idx, "tag:NGO");
    assert!(!ngo.is_empty() && ngo.iter().all(|h| h["doc_id"] == "NGO-NOTE-7"));
    let member = search(home.path(), &idx, "id:09BAKU141");
    assert!(member[0]["source"]
        .as_str()
        .unwrap()
        .contains("cables.tar.gz:release/09BAKU141.txt"));
}

#[test]
fn re_runs_skip_unchanged_input_and_follow_changes() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let input = home.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["09BAKU141.txt", "09BAKU911.txt"] {
        std::fs::copy(corpus().join("cables").join(name), input.join(name)).unwrap();
    }
    let (code, _, err) = index(home.path(), &idx, &[&input]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("indexed 2 documents (2 new"), "{err}");

    let (code, _, err) = index(home.path(), &idx, &[&input]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("indexed 0 documents") && err.contains("2 unchanged"),
        "{err}"
    );
    assert!(err.contains("2 files (0.0 MB, 2 unchanged)"), "{err}");

    // A changed file replaces its document's passages.
    let path = input.join("09BAKU911.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = text.replace("playroom", "reading room");
    assert_ne!(text, changed);
    std::fs::write(&path, changed).unwrap();
    let (code, _, err) = index(home.path(), &idx, &[&input]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("(0 new, 1 updated") && err.contains("1 unchanged"),
        "{err}"
    );
    assert!(search(home.path(), &idx, "playroom").is_empty());
    assert!(!search(home.path(), &idx, "\"reading room\"").is_empty());

    // `remove` drops a document; `--prune` drops those whose file is gone.
    let (code, _, err) = run(tipsearch(home.path())
        .arg("remove")
        .arg("--index")
        .arg(&idx)
        .args(["09baku911", "09NOWHERE1"]));
    assert_eq!(code, 2, "an unknown id is an error");
    assert!(
        err.contains("no document with id 09NOWHERE1") && err.contains("removed 1 documents"),
        "{err}"
    );
    assert_eq!(stats(home.path(), &idx)["documents"], 1);
    // A removed document comes back when its file is indexed again; a file gone is pruned.
    std::fs::remove_file(input.join("09BAKU141.txt")).unwrap();
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg("--prune")
        .arg("--index")
        .arg(&idx)
        .arg(&input));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("(1 new") && err.contains("1 removed"), "{err}");
    let s = stats(home.path(), &idx);
    assert_eq!(s["documents"], 1);
    assert!(!search(home.path(), &idx, "id:09BAKU911").is_empty());
}

#[test]
fn a_second_writer_is_told_the_index_is_in_use() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let (code, _, _) = index(home.path(), &idx, &[&corpus().join("reports")]);
    assert_eq!(code, 0);
    // Another process's writer, as a running `tipsearch index` holds it.
    let other = tantivy::Index::open_in_dir(&idx).unwrap();
    let writer: tantivy::IndexWriter = other.writer(20_000_000).unwrap();
    let (code, _, err) = index(home.path(), &idx, &[&corpus().join("cables")]);
    assert_eq!(code, 2);
    assert!(err.contains("in use by another process"), "{err}");
    drop(writer);
    assert_eq!(stats(home.path(), &idx)["documents"], 3, "nothing lost");
    let (code, _, err) = index(home.path(), &idx, &[&corpus().join("cables")]);
    assert_eq!(code, 0, "{err}");
}

/// `n` documents, the bundled corpus under distinct ids, as one JSON Lines file.
fn many_copies(dir: &Path, n: usize) -> std::path::PathBuf {
    let texts: Vec<String> = ["cables/09BAKU141.txt", "reports/2009-azerbaijan.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(corpus().join(f)).unwrap())
        .collect();
    let jsonl = dir.join("many.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
    for i in 0..n {
        let line = serde_json::json!({"text": texts[i % 2], "doc_id": format!("COPY-{i}")});
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
    jsonl
}

#[test]
fn a_run_leaves_its_documents_in_one_segment() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let jsonl = many_copies(home.path(), 400);
    // A commit after every batch: many segments, until the run merges them.
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .args(["--commit-every", "0", "--quiet", "--index"])
        .arg(&idx)
        .arg(&jsonl));
    assert_eq!(code, 0, "{err}");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(idx.join("meta.json")).unwrap()).unwrap();
    let segments = meta["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 1, "{segments:?}");
    assert_eq!(stats(home.path(), &idx)["documents"], 400);
    let hits = search(home.path(), &idx, "id:COPY-399 Nakhchivan");
    assert_eq!(hits[0]["doc_id"], "COPY-399");
}

#[test]
fn a_killed_run_leaves_an_index_that_opens_and_a_re_run_completes() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let jsonl = many_copies(home.path(), 1000);
    let mut child = tipsearch(home.path())
        .arg("index")
        .args(["--commit-every", "0", "--quiet", "--index"])
        .arg(&idx)
        .arg(&jsonl)
        .spawn()
        .unwrap();
    // Kill it once a commit has landed and more work is under way.
    let documents = |home: &Path| {
        let (_, out, _) = run(tipsearch(home)
            .arg("stats")
            .arg("--index")
            .arg(&idx)
            .arg("--json"));
        serde_json::from_str::<serde_json::Value>(&out)
            .ok()
            .and_then(|s| s["documents"].as_u64())
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    let mut committed = 0;
    while committed == 0 && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        committed = documents(home.path());
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    let status = child.wait().unwrap();
    assert!(committed > 0, "no commit seen before the kill");
    let after = documents(home.path());
    eprintln!("killed ({status}) with {committed} documents seen committed, {after} after");
    assert!(
        after >= committed,
        "every committed document survives the kill"
    );
    let (code, _, err) = index(home.path(), &idx, &[&jsonl]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stats(home.path(), &idx)["documents"], 1000);
}

#[test]
fn bad_input_is_named_and_the_rest_of_the_batch_goes_in() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let (code, _, _) = index(home.path(), &idx, &[&corpus().join("reports")]);
    assert_eq!(code, 0);
    let bad = home.path().join("bad input");
    std::fs::create_dir_all(&bad).unwrap();
    let page = std::fs::read_to_string(test_data("html/09BAKU179.html")).unwrap();
    let cut = page.find("INSULTEC").unwrap();
    std::fs::write(bad.join("cut off.html"), &page[..cut]).unwrap();
    let csv = std::fs::read_to_string(test_data("cables-sample.csv")).unwrap();
    let broken = csv.replacen("\\\"PREFERENTIAL", "\"PREFERENTIAL", 1);
    assert_ne!(csv, broken);
    std::fs::write(bad.join("dump.csv"), broken).unwrap();
    let mut line = vec![b'x'; 100 << 20];
    line.push(b'\n');
    std::fs::write(bad.join("one line.txt"), line).unwrap();
    std::os::unix::fs::symlink(home.path().join("nowhere"), bad.join("unreadable.txt")).unwrap();
    std::fs::write(bad.join("empty.txt"), "").unwrap();
    let mut latin1 = std::fs::read(corpus().join("cables/09BAKU911.txt")).unwrap();
    latin1.extend_from_slice(b"\nThe caf\xe9 owner was questioned.\n");
    std::fs::write(bad.join("Bak\u{fc} caf\u{e9}.txt"), latin1).unwrap();

    let (code, _, err) = index(home.path(), &idx, &[&bad]);
    assert_eq!(code, 2, "{err}");
    for expected in [
        "cut off.html: the HTML page is cut off",
        "dump.csv:line 1:",
        "one line.txt: larger than 32 MB",
        "unreadable.txt: No such file or directory",
        "empty.txt: the file is empty",
        "Bakü café.txt: not valid UTF-8 (byte 0xE9",
    ] {
        assert!(err.contains(expected), "{expected:?} missing in {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    // The good CSV row and the Windows-1252 cable went in; what was there stays.
    assert!(err.contains("indexed 2 documents"), "{err}");
    let cafe = search(home.path(), &idx, "café owner");
    assert!(cafe
        .iter()
        .any(|h| h["text"].as_str().unwrap().contains("The café owner")));
    assert!(!search(home.path(), &idx, "id:72TEHRAN1164").is_empty());
    assert_eq!(stats(home.path(), &idx)["kinds"]["tip_report"], 2);
}

#[test]
fn stats_count_documents_by_kind_year_origin_tag_and_classification() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let (code, _, _) = index(home.path(), &idx, &[&corpus()]);
    assert_eq!(code, 0);
    let s = stats(home.path(), &idx);
    assert_eq!(s["documents"], 5);
    assert!(s["passages"].as_u64().unwrap() > 50, "{s}");
    assert_eq!(s["kinds"]["cable"], 2);
    assert_eq!(s["kinds"]["tip_report"], 2);
    assert_eq!(s["kinds"]["tip_interim"], 1);
    assert_eq!(s["years"]["2009"], 4);
    assert_eq!(s["origins"]["Embassy Baku"], 2);
    assert_eq!(s["tags"]["KTIP"], 2);
    assert_eq!(
        s["classifications"]["UNCLASSIFIED//FOR OFFICIAL USE ONLY"],
        2
    );
    let (code, out, _) = run(tipsearch(home.path()).arg("stats").arg("--index").arg(&idx));
    assert_eq!(code, 0);
    assert!(out.starts_with("5 documents"), "{out}");
}
