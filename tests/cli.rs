//! The `tipsearch` binary as a user runs it: output, exit codes and error messages.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{corpus, run, tipsearch};

/// `tipsearch index --index IDX PATH`: (exit code, stdout, stderr).
fn index_into(home: &Path, idx: &Path, path: impl AsRef<std::ffi::OsStr>) -> (i32, String, String) {
    run(tipsearch(home)
        .arg("index")
        .arg("--index")
        .arg(idx)
        .arg(path))
}

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
        // Highlights are whole words of the text: the query's, and the expansions that
        // matched ("protecting", from a shelter's broader noun "protection").
        let text = hit["text"].as_str().unwrap();
        let mut words = Vec::new();
        for span in hit["highlights"].as_array().unwrap() {
            let (s, e) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            let starts = !text[..s].ends_with(char::is_alphanumeric);
            let ends = !text[e..].starts_with(char::is_alphanumeric);
            assert!(starts && ends, "{:?} is not a whole word", &text[s..e]);
            words.push(text[s..e].to_lowercase());
        }
        let typed = |w: &String| w.starts_with("shelter") || w.starts_with("children");
        assert!(words.iter().any(typed), "{words:?}");
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
    let (code, _, err) = index_into(home.path(), &idx, corpus());
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
fn show_search_and_remove_by_an_alias() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    common::index_aliased(&idx);
    let alias = common::ALIAS.to_lowercase();
    let show = |args: &[&str]| {
        run(tipsearch(home.path())
            .arg("show")
            .arg("--index")
            .arg(&idx)
            .args(args))
    };
    let (code, out, err) = show(&[&alias]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("09BAKU141  "), "{out}");
    assert!(
        out.contains(&format!("also published as {}", common::ALIAS)),
        "{out}"
    );
    let (code, out, err) = show(&["--json", &alias]);
    assert_eq!(code, 0, "{err}");
    for line in out.lines() {
        let hit: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(hit["doc_id"], "09BAKU141");
        assert_eq!(hit["aliases"], serde_json::json!([common::ALIAS]));
    }
    let (code, out, err) = run(tipsearch(home.path())
        .arg("--index")
        .arg(&idx)
        .args(["--json", &format!("id:{alias}")]));
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.is_empty() && out.lines().all(|l| l.contains(r#""doc_id":"09BAKU141""#)),
        "{out}"
    );

    // Removing goes by the document's own id; an alias says which id that is.
    let remove = |id: &str| {
        run(tipsearch(home.path())
            .arg("remove")
            .arg("--index")
            .arg(&idx)
            .arg(id))
    };
    let (code, _, err) = remove(&alias);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another id of 09BAKU141"), "{err}");
    assert_eq!(show(&["09BAKU141"]).0, 0, "still there");
    let (code, _, err) = remove("09BAKU141");
    assert_eq!(code, 0, "{err}");
    assert_eq!(show(&[&alias]).0, 2, "its alias went with it");
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

/// Runs `c` with its stdout a pipe that no one reads any more: (exit code, stderr).
fn run_into_closed_pipe(c: &mut Command) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = c
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let (code, _, err) = index_into(home.path(), &idx, corpus());
    assert_eq!(code, 0, "{err}");
    let commands: [&[&str]; 9] = [
        &["stats"],
        &["stats", "--json"],
        &["show", "09BAKU911"],
        &["show", "--json", "09BAKU911"],
        &["show", "--refs", "09BAKU911"],
        &["--color", "never", "-n", "50", "victims"],
        &["--color", "always", "--facets", "victims"],
        &["--json", "--facets", "victims"],
        &["--json", "--explain", "victims"],
    ];
    for args in commands {
        let (code, err) =
            run_into_closed_pipe(tipsearch(home.path()).args(args).arg("--index").arg(&idx));
        assert_eq!((code, err.as_str()), (0, ""), "tipsearch {args:?}");
    }
    let (code, err) = run_into_closed_pipe(tipsearch(home.path()).arg("parse").arg(corpus()));
    assert_eq!((code, err.as_str()), (0, ""), "tipsearch parse");
}

#[test]
fn a_reader_that_stops_early_ends_parse_quietly() {
    let home = tempfile::tempdir().unwrap();
    // Far more than a pipe holds, so that the reader leaves mid-stream.
    let mut c = tipsearch(home.path());
    c.arg("parse");
    for _ in 0..40 {
        c.arg(corpus());
    }
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    assert!(first.starts_with(b"{\"doc_id\""), "{first:?}");
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!((out.status.code(), err.as_ref()), (Some(0), ""));
}

/// A file name with an escape sequence in it, as anyone can create.
const HOSTILE_NAME: &str = "notes \u{1b}[31mred\u{1b}]0;owned\u{7}.txt";

#[test]
fn control_characters_in_file_names_are_shown_escaped() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join(HOSTILE_NAME);
    std::fs::write(&file, "just some words, nothing like a cable\n").unwrap();
    let (code, _, err) = run(tipsearch(home.path()).arg("parse").arg(&file));
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains("notes \\u{1b}[31mred\\u{1b}]0;owned\\u{7}.txt: no cable header"),
        "{err}"
    );
    let (code, _, err) = run(tipsearch(home.path())
        .arg("index")
        .arg("--index")
        .arg(home.path().join("idx"))
        .arg(&file));
    assert_eq!(code, 2, "{err}");
    assert!(
        !err.contains('\u{1b}') && err.contains("skipped") && err.contains("\\u{1b}[31mred"),
        "{err:?}"
    );
}

#[test]
fn control_characters_in_documents_are_shown_escaped() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let cable = std::fs::read_to_string(corpus().join("cables/09BAKU911.txt")).unwrap();
    let hostile = cable.replacen(
        "post provides the following",
        "post \u{1b}]0;owned\u{7}provides the \u{1b}[8mfollowing\u{9b}0m",
        1,
    );
    assert_ne!(hostile, cable);
    std::fs::write(home.path().join("cable.txt"), hostile).unwrap();
    let (code, _, err) = index_into(home.path(), &idx, home.path().join("cable.txt"));
    assert_eq!(code, 0, "{err}");
    for args in [
        &["--color", "never", "reftel interim assessment"][..],
        &["--color", "always", "reftel interim assessment"],
        &["show", "09BAKU911"],
    ] {
        let (code, out, err) = run(tipsearch(home.path()).args(args).arg("--index").arg(&idx));
        assert_eq!(code, 0, "{args:?}: {err}");
        let shown = out.replace("\u{1b}[", "");
        assert!(
            !shown.contains('\u{1b}') || args.contains(&"always"),
            "{args:?}: {out:?}"
        );
        assert!(
            !out.contains("\u{1b}]") && !out.contains('\u{7}') && !out.contains('\u{9b}'),
            "{args:?}: {out:?}"
        );
        assert!(
            out.contains("\\u{1b}]0;owned\\u{7}provides"),
            "{args:?}: {out}"
        );
    }
    // JSON carries the text as it is, escaped by JSON itself.
    let (_, out, _) = run(tipsearch(home.path())
        .arg("--index")
        .arg(&idx)
        .args(["--json", "reftel interim assessment"]));
    assert!(out.contains("\\u001b]0;owned\\u0007provides"), "{out}");
}

/// Runs `c`, which must end by itself within a few seconds: (exit code, stderr).
fn run_briefly(c: &mut Command) -> (i32, String) {
    let mut child = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after 30 s: the server started");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_empty_or_multi_line_token_file_stops_the_server() {
    let home = tempfile::tempdir().unwrap();
    for (name, content, problem) in [
        ("empty-token", "", "is empty"),
        ("blank-token", " \n\n", "is empty"),
        (
            "two-tokens",
            "first-token-0123456789\nsecond-token-0123456789\n",
            "2 lines",
        ),
    ] {
        let file = home.path().join(name);
        std::fs::write(&file, content).unwrap();
        let (code, err) = run_briefly(
            tipsearch(home.path())
                .args(["serve", "--addr", "127.0.0.1:0", "--token-file"])
                .arg(&file),
        );
        assert_ne!(code, 0, "{name}: {err}");
        assert!(
            err.contains(&format!("token file {}", file.display())) && err.contains(problem),
            "{name}: {err}"
        );
        assert!(!err.contains("serving on"), "{err}");
    }
}

/// A server killed when dropped, so that a failing test leaves none behind.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What `serve` prints up to and including the line announcing its address; the server is
/// stopped then. Ends early if the server does.
fn serve_preamble(c: &mut Command) -> String {
    let mut child = Killed(
        c.stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = child.0.stderr.take().unwrap();
    let mut seen = String::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        seen.push_str(&line);
        seen.push('\n');
        if line.contains("serving on") {
            break;
        }
    }
    drop(child);
    assert!(
        seen.contains("serving on"),
        "the server did not start: {seen}"
    );
    seen
}

fn token_file(dir: &Path, name: &str, mode: u32) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let file = dir.join(name);
    std::fs::write(&file, "a-long-enough-token-0123456789\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
    file
}

#[test]
fn serve_warns_about_open_addresses_short_tokens_and_shared_token_files() {
    let home = tempfile::tempdir().unwrap();
    let serve = |addr: &str| {
        let mut c = tipsearch(home.path());
        c.env_remove("TIPSEARCH_TOKEN")
            .args(["serve", "--addr", addr]);
        c
    };
    let err = serve_preamble(serve("127.0.0.1:0").env("TIPSEARCH_TOKEN", "short"));
    assert!(err.contains("the token is 5 bytes"), "{err}");
    assert!(!err.contains("reachable from the network"), "{err}");

    let err = serve_preamble(&mut serve("127.0.0.1:0"));
    assert!(
        !err.contains("warning"),
        "loopback without a token is fine: {err}"
    );

    let err = serve_preamble(&mut serve("0.0.0.0:0"));
    assert!(
        err.contains("warning") && err.contains("reachable from the network, with no token"),
        "{err}"
    );

    let shared = token_file(home.path(), "shared", 0o644);
    let err = serve_preamble(serve("127.0.0.1:0").arg("--token-file").arg(&shared));
    assert!(
        err.contains(&format!(
            "token file {} can be read by other users",
            shared.display()
        )) && err.contains("0644")
            && err.contains("writes on"),
        "{err}"
    );
    let private = token_file(home.path(), "private", 0o600);
    let err = serve_preamble(serve("127.0.0.1:0").arg("--token-file").arg(&private));
    assert!(
        !err.contains("warning") && err.contains("writes on"),
        "{err}"
    );
}

#[test]
fn the_readme_and_the_help_name_every_field_and_parameter() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    for field in tipsearch::FIELDS {
        assert!(
            readme.contains(&format!("`{}`", field.example)),
            "the README's query table shows {}",
            field.example
        );
    }
    let home = tempfile::tempdir().unwrap();
    let (code, help, _) = common::run(common::tipsearch(home.path()).arg("--help"));
    assert_eq!(code, 0);
    for p in tipsearch::PARAMETERS {
        let flag = if p.flag.is_empty() {
            "the words".to_string()
        } else {
            format!("`{}`", p.flag)
        };
        let row = format!("| `{}` | {flag} | {} |", p.name, p.help);
        assert!(
            readme.contains(&row),
            "the README's parameter table has {row}"
        );
        assert!(help.contains(p.flag), "--help lists {}", p.flag);
    }
}

/// Every row of a CSV as a spreadsheet would read it, by a reader that is not tipsearch's.
fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("a CSV row")).collect()
}

#[test]
fn csv_reads_back_as_the_json_says() {
    let home = tempfile::tempdir().unwrap();
    let (code, out, _) =
        run(tipsearch(home.path()).args(["forced labor", "-n", "5", "--format", "csv"]));
    assert_eq!(code, 0);
    let rows = csv_rows(&out);
    assert_eq!(&rows[0][2], "doc_id");
    let (_, json, _) = run(tipsearch(home.path()).args(["forced labor", "-n", "5", "--json"]));
    let hits: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), hits.len() + 1, "a header, then a row per hit");
    for (row, hit) in rows[1..].iter().zip(&hits) {
        assert_eq!(&row[2], hit["doc_id"].as_str().unwrap());
        assert_eq!(
            &row[13],
            hit["text"].as_str().unwrap(),
            "the text whole, quotes and commas kept"
        );
        let tags: Vec<&str> = hit["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(&row[9], tags.join(";"));
    }
    assert!(out.contains("\r\n"), "rows end as RFC 4180 says");
    let (_, stats, _) = run(tipsearch(home.path()).args(["stats", "--format", "csv"]));
    let rows = csv_rows(&stats);
    let years: u64 = rows
        .iter()
        .filter(|r| &r[0] == "year")
        .map(|r| r[2].parse::<u64>().unwrap())
        .sum();
    assert_eq!(years, 5, "every bundled document under its year");
}

#[test]
fn the_chart_is_the_series_of_the_counts() {
    let home = tempfile::tempdir().unwrap();
    let (code, json, _) = run(tipsearch(home.path()).args(["stats", "--by", "year", "--json"]));
    assert_eq!(code, 0);
    let series: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (_, stats, _) = run(tipsearch(home.path()).args(["stats", "--json"]));
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    let buckets = series["series"].as_array().unwrap();
    for b in buckets {
        let (period, n) = (
            b["period"].as_str().unwrap(),
            b["documents"].as_u64().unwrap(),
        );
        assert_eq!(stats["years"][period].as_u64().unwrap_or(0), n, "{period}");
    }
    assert_eq!(buckets.first().unwrap()["period"], "2009");
    assert_eq!(buckets.len(), 15, "2009 to 2023, the empty years too");
    let (_, chart, _) = run(tipsearch(home.path()).args(["stats", "--by", "year"]));
    let lines: Vec<&str> = chart.lines().collect();
    assert!(
        lines[0].starts_with("2009 █") && lines[0].ends_with(" 4"),
        "{chart}"
    );
    assert_eq!(lines[1], "2010  0");
    assert!(!chart.contains('\u{1b}'), "no colour when piped");
    let (_, months, _) =
        run(tipsearch(home.path()).args(["stats", "--by", "month", "victims", "--json"]));
    let months: serde_json::Value = serde_json::from_str(&months).unwrap();
    assert_eq!(months["series"][0]["period"], "2009-01");
}

#[test]
fn tiers_follow_a_country_through_the_reports() {
    let home = tempfile::tempdir().unwrap();
    let (code, json, _) = run(tipsearch(home.path()).args(["tiers", "AZERBAIJAN", "--json"]));
    assert_eq!(code, 0);
    let h: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(h["country"], "Azerbaijan");
    let years = h["years"].as_array().unwrap();
    let y2009 = &years[0];
    assert_eq!(
        (y2009["year"].as_i64(), y2009["tier"].as_str()),
        (Some(2009), Some("Tier 2 Watch List"))
    );
    assert_eq!(
        y2009["documents"],
        serde_json::json!(["TIP-2009-AZERBAIJAN", "TIP-INTERIM-2009-AZERBAIJAN"])
    );
    assert_eq!(y2009["ktip_cables"], 2, "09BAKU141 and 09BAKU911");
    assert_eq!(years[1]["tier"], "Tier 2");
    let (_, text, _) = run(tipsearch(home.path()).args(["tiers", "chile"]));
    assert!(
        text.contains("no TIP report or interim assessment of Chile"),
        "{text}"
    );
    let (_, table, _) = run(tipsearch(home.path()).args(["tiers", "--format", "csv"]));
    let rows = csv_rows(&table);
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        ["country", "year", "tier", "documents", "ktip_cables"]
    );
    assert_eq!(rows.len(), 3, "a header and Azerbaijan's two years");
}

#[test]
fn export_writes_every_matching_document_or_passage() {
    let home = tempfile::tempdir().unwrap();
    let (code, table, _) = run(tipsearch(home.path()).args(["export", "--format", "csv"]));
    assert_eq!(code, 0);
    let rows = csv_rows(&table);
    assert_eq!(rows.len(), 6, "a header and the 5 bundled documents");
    let text = rows[0].iter().position(|c| c == "text").unwrap();
    let baku = rows
        .iter()
        .find(|r| &r[0] == "09BAKU911")
        .expect("09BAKU911");
    assert!(
        baku[text].contains("National Referral Mechanism"),
        "the whole text"
    );
    let (_, lines, _) = run(tipsearch(home.path()).args(["export", "--passages", "victims"]));
    let (_, count, _) = run(tipsearch(home.path()).args(["--count", "--json", "victims"]));
    let count: serde_json::Value = serde_json::from_str(&count).unwrap();
    assert_eq!(
        lines.lines().count() as u64,
        count["passages"].as_u64().unwrap()
    );
    // The matching passages, each once: those a search counts (its words' forms too).
    let mut places: Vec<(String, u64)> = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|h| {
            (
                h["doc_id"].as_str().unwrap().to_string(),
                h["ordinal"].as_u64().unwrap(),
            )
        })
        .collect();
    let n = places.len();
    places.dedup();
    assert_eq!(places.len(), n);
}

#[test]
fn completions_and_the_man_page_come_from_the_flags() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, err) = run(tipsearch(home.path()).args(["completions", shell]));
        assert_eq!(code, 0, "{err}");
        for word in ["by-document", "tiers", "export", "format"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    let (code, page, _) = run(tipsearch(home.path()).arg("man"));
    assert_eq!(code, 0);
    assert!(
        page.starts_with(".ie") && page.contains(".TH tipsearch 1"),
        "{}",
        &page[..80]
    );
    assert!(
        page.contains("by\\-document"),
        "the man page lists the flags"
    );
}

#[test]
fn piped_output_is_never_paged() {
    let home = tempfile::tempdir().unwrap();
    let mut c = tipsearch(home.path());
    c.env("PAGER", "sed s/^/PAGED:/")
        .args(["show", "09BAKU911"]);
    let (code, out, _) = run(&mut c);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("09BAKU911") && !out.contains("PAGED:"),
        "{out}"
    );
}

#[test]
#[ignore = "needs a pseudo-terminal (util-linux's script); .ci/run runs it"]
fn a_terminal_gets_a_pager_unless_told_not_to() {
    let home = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_tipsearch");
    // script runs the command on a pseudo-terminal and copies what it shows.
    let on_terminal = |extra: &str| {
        let mut c = std::process::Command::new("script");
        c.env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env_remove("TIPSEARCH_INDEX")
            .env("PAGER", "sed s/^/PAGED:/")
            .args([
                "-qec",
                &format!("{bin} show 09BAKU911 {extra}"),
                "/dev/null",
            ]);
        run(&mut c).1
    };
    assert!(
        on_terminal("").contains("PAGED:09BAKU911"),
        "paged on a terminal"
    );
    assert!(!on_terminal("--no-pager").contains("PAGED:"), "--no-pager");
}
