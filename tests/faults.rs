//! What tipsearch does when the disk under its index fills up: nothing acknowledged is lost,
//! writes are refused with the operating system's reason while they cannot be made durable,
//! and `/health` says so.

mod common;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::disk::FillingDisk;
use common::http;
use tipsearch::Index;

const TOKEN: &str = "a-token-of-twenty-bytes";

/// A fresh index in `dir`, reopened over a disk that fills up on demand.
fn filling_index(dir: &Path) -> (Index, FillingDisk) {
    drop(Index::open_or_create(dir).expect("a new index"));
    let disk = FillingDisk::open(dir);
    let index = Index::open_in_directory(dir, Box::new(disk.clone())).expect("reopened");
    (index, disk)
}

/// A real cable, under the id `id`.
fn cable() -> String {
    std::fs::read_to_string(common::corpus().join("cables/09BAKU141.txt")).expect("corpus")
}

fn line(id: &str) -> String {
    serde_json::json!({"doc_id": id, "text": cable()}).to_string()
}

/// Which of `ids` the index in `dir` lacks once a writer has opened it (and replayed its
/// journal), as after a restart.
fn missing_after_restart(dir: &Path, ids: &[String]) -> Vec<String> {
    let index = Index::open(dir).expect("the index opens");
    drop(
        index
            .open_writer(32 << 20)
            .expect("a writer replays the journal"),
    );
    ids.iter()
        .filter(|id| index.document(id).is_err())
        .cloned()
        .collect()
}

#[test]
fn a_failed_commit_keeps_the_journal_and_names_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (index, disk) = filling_index(dir.path());
    let mut writer = index.open_writer(32 << 20).expect("writer");
    for id in ["FAULT-1", "FAULT-2"] {
        let body = line(id);
        let added = writer.write_journaled(&index, "a.jsonl", body.as_bytes());
        assert_eq!(added.expect("durable").documents, [id]);
    }
    disk.full.store(true, Ordering::SeqCst);
    let failed = writer.commit(&index).expect_err("the disk is full");
    let message = failed.to_string();
    assert!(message.contains("No space left on device"), "{message}");
    assert!(!message.contains("killed"), "{message}");
    // The writer refuses from now on, rather than commit nothing and empty the journal.
    let again = writer
        .commit(&index)
        .expect_err("a stopped writer stays stopped");
    assert!(again.to_string().contains("No space left"), "{again}");
    drop(writer);
    drop(index);
    let written = ["FAULT-1".to_string(), "FAULT-2".to_string()];
    assert_eq!(
        missing_after_restart(dir.path(), &written),
        Vec::<String>::new()
    );
}

#[test]
fn a_batch_run_on_a_full_disk_fails_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (index, disk) = filling_index(dir.path());
    disk.full.store(true, Ordering::SeqCst);
    let corpus = common::corpus();
    let run = index.index_paths(&[corpus], &Default::default(), &tipsearch::Silent);
    let message = run.expect_err("nothing can be written").to_string();
    assert!(message.contains("No space left on device"), "{message}");
    assert!(!message.contains("killed"), "{message}");
}

/// A server over `index` on a free port, in a runtime of its own that the test drops.
fn serve(index: Index) -> (tokio::runtime::Runtime, u16) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let router = tipsearch::server::router(Arc::new(index), Some(TOKEN.into())).unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    runtime.spawn(tipsearch::server::serve(router, listener));
    (runtime, port)
}

fn health(port: u16) -> serde_json::Value {
    let (_, body) = http::request(port, "GET", "/health", &[], b"");
    serde_json::from_str(&body).unwrap_or_default()
}

#[test]
fn acknowledged_writes_survive_a_full_disk_and_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (index, disk) = filling_index(dir.path());
    let (runtime, port) = serve(index);
    let mut acknowledged = Vec::new();
    for i in 1..=5 {
        let id = format!("FAULT-{i}");
        let (status, body) = http::post_line(port, TOKEN, "", &id, &cable());
        assert_eq!(status, 200, "{body}");
        acknowledged.push(id);
    }
    disk.full.store(true, Ordering::SeqCst);
    let (status, body) = http::post_line(port, TOKEN, "?wait=true", "FAULT-6", &cable());
    assert_eq!(
        status, 503,
        "a commit that failed is not acknowledged: {body}"
    );
    assert!(body.contains("No space left on device"), "{body}");
    let h = health(port);
    assert_eq!(h["status"], "degraded", "{h}");
    assert!(
        h["problem"]
            .as_str()
            .unwrap_or("")
            .contains("No space left"),
        "{h}"
    );
    let (status, body) = http::post_line(port, TOKEN, "", "FAULT-7", &cable());
    assert_eq!(
        status, 503,
        "writes stay refused while the disk is full: {body}"
    );
    // Room again: the writer reopens by itself, replaying the journal.
    disk.full.store(false, Ordering::SeqCst);
    let started = Instant::now();
    while health(port)["status"] != "ok" {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{}",
            health(port)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, body) = http::post_line(port, TOKEN, "?wait=true", "FAULT-8", &cable());
    assert_eq!(status, 200, "{body}");
    acknowledged.push("FAULT-8".into());
    drop(runtime);
    let missing = missing_after_restart(dir.path(), &acknowledged);
    assert!(missing.is_empty(), "acknowledged but gone: {missing:?}");
}

#[test]
fn writes_to_a_deleted_index_folder_are_refused_and_health_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).expect("index");
    let (_runtime, port) = serve(index);
    let (status, body) = http::post_line(port, TOKEN, "?wait=true", "BEFORE", &cable());
    assert_eq!(status, 200, "{body}");
    // A background merge may be writing a file as the folder goes: try again until it is gone.
    for _ in 0..50 {
        if std::fs::remove_dir_all(dir.path()).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!dir.path().exists(), "the folder is deleted");
    let (status, body) = http::post_line(port, TOKEN, "", "AFTER", &cable());
    assert_eq!(
        status, 503,
        "a write that cannot be durable is refused: {body}"
    );
    assert!(body.contains("gone"), "{body}");
    let h = health(port);
    assert_eq!(h["status"], "degraded", "{h}");
    assert!(h["problem"].as_str().unwrap_or("").contains("gone"), "{h}");
}

/// Flips bytes all through the index's term dictionaries, as a failing disk would.
fn damage_terms(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "term") {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            let end = bytes.len().saturating_sub(100);
            for i in (100..end).step_by(7) {
                bytes[i] ^= 0x5a;
            }
            std::fs::write(entry.path(), bytes).unwrap();
        }
    }
}

#[test]
fn a_damaged_index_is_an_error_naming_it_and_health_turns_degraded() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::open_or_create(dir.path()).expect("index");
    let corpus = common::corpus();
    index
        .index_paths(&[corpus], &Default::default(), &tipsearch::Silent)
        .expect("indexed");
    drop(index);
    damage_terms(dir.path());
    let home = tempfile::tempdir().unwrap();
    let mut search = common::tipsearch(home.path());
    search.arg("--index").arg(dir.path()).arg("forced labor");
    let (code, _, stderr) = common::run(&mut search);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is damaged") && stderr.contains("--rebuild"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (_runtime, port) = serve(Index::open(dir.path()).expect("opens"));
    let (status, body) = http::request(port, "GET", "/search?q=forced+labor", &[], b"");
    assert!(status >= 500 && body.contains("damaged"), "{status} {body}");
    let h = health(port);
    assert_eq!(h["status"], "degraded", "{h}");
}
