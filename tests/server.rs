//! `tipsearch serve` as a client sees it over HTTP: answers, limits, writes, and the OpenAPI
//! description checked against what the server really returns.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::{corpus, tipsearch};

/// A server on a free loopback port, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    _home: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(token: Option<&str>) -> Server {
    start_on(None, token)
}

/// A server on the index in `index` (the bundled corpus, in memory, without one).
fn start_on(index: Option<&std::path::Path>, token: Option<&str>) -> Server {
    let home = tempfile::tempdir().unwrap();
    // Port 0 and the announced address: choosing a free port first and binding it later
    // races with the other tests' servers.
    let mut c = tipsearch(home.path());
    c.args(["serve", "--addr", "127.0.0.1:0"]);
    if let Some(dir) = index {
        c.arg("--index").arg(dir);
    }
    c.stdout(Stdio::null()).stderr(Stdio::piped());
    if let Some(t) = token {
        c.env("TIPSEARCH_TOKEN", t);
    }
    let mut child = c.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut server = Server {
        child,
        port: 0,
        _home: home,
    };
    let mut lines = BufReader::new(stderr).lines();
    let announced = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split_once("serving on http://127.0.0.1:")
                .and_then(|(_, rest)| rest.split(' ').next()?.parse::<u16>().ok())
        })
        .expect("the server announces the address it is listening on");
    server.port = announced;
    // Keep draining stderr so the server never blocks on a full pipe, and show it with a
    // failing test's output.
    std::thread::spawn(move || {
        lines
            .map_while(Result::ok)
            .for_each(|l| eprintln!("server: {l}"))
    });
    server
}

/// One HTTP/1.1 request: (status, body).
fn request(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    common::http::request(s.port, method, path, headers, body)
}

fn get(s: &Server, path: &str) -> (u16, serde_json::Value) {
    let (status, body) = request(s, "GET", path, &[], b"");
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// `POST /documents{query}` of one JSON line `{"doc_id", "text"}` with a bearer token.
fn post_line(s: &Server, token: &str, query: &str, doc_id: &str, text: &str) -> (u16, String) {
    common::http::post_line(s.port, token, query, doc_id, text)
}

#[test]
fn reads_answer_as_the_openapi_description_says() {
    let s = start(None);
    let (status, body) = request(&s, "GET", "/openapi.json", &[], b"");
    assert_eq!(status, 200);
    let spec: serde_json::Value = serde_json::from_str(&body).unwrap();
    let required = |schema: &str| -> Vec<String> {
        spec["components"]["schemas"][schema]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };

    let (status, health) = get(&s, "/health");
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    assert_eq!(health["documents"], 5);

    let (status, r) = get(&s, "/search?q=forced+labor+Nakhchivan&limit=3&facets=true");
    assert_eq!(status, 200, "{r}");
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    let mut hit_fields = required("Hit");
    hit_fields.sort();
    assert_eq!(
        keys(&hits[0]),
        hit_fields,
        "a hit has exactly the described fields"
    );
    let mut stats_fields = required("Stats");
    stats_fields.sort();
    assert_eq!(keys(&r["facets"]), stats_fields);
    assert!(r["total"].as_u64().unwrap() >= 3 && r["took_ms"].is_number());
    let text = hits[0]["text"].as_str().unwrap();
    for span in hits[0]["highlights"].as_array().unwrap() {
        let (a, b) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        let word = text[a..b].to_lowercase();
        assert!(
            ["forced", "labor", "nakhchivan"].contains(&word.as_str()),
            "{word}"
        );
    }

    // Why each hit ranked where it did, on request.
    let (status, r) = get(&s, "/search?q=Azerbaijani+deportation&limit=1&explain=true");
    assert_eq!(status, 200, "{r}");
    let why = &r["hits"][0]["explain"];
    assert!(
        why["score"].is_number() && why["document"].is_number(),
        "{r}"
    );
    let evidence = why["evidence"].as_array().expect("evidence");
    assert!(
        evidence
            .iter()
            .any(|e| e["expansion"] == "demonym" && e["form"] == "azerbaijan"),
        "{why}"
    );

    // Filters as parameters, tag repeated.
    let (status, r) = get(
        &s,
        "/search?q=victims&tag=KTIP&tag=AJ&kind=cable&from=2009-11&to=2009-12",
    );
    assert_eq!(status, 200, "{r}");
    assert!(r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["doc_id"] == "09BAKU911"));

    let (status, d) = get(&s, "/documents/09baku911");
    assert_eq!(status, 200);
    assert_eq!(d["doc_id"], "09BAKU911");
    let ordinals: Vec<u64> = d["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ordinal"].as_u64().unwrap())
        .collect();
    assert_eq!(ordinals, (1..=ordinals.len() as u64).collect::<Vec<_>>());
    let (status, page) = request(&s, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(page.to_lowercase().contains("<html") || page.to_lowercase().contains("<!doctype"));
}

#[test]
fn documents_are_found_by_an_alias_and_list_it() {
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    common::index_aliased(&idx);
    let s = start_on(Some(&idx), None);
    let alias = common::ALIAS.to_lowercase();
    let (status, d) = get(&s, &format!("/documents/{alias}"));
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["doc_id"], "09BAKU141");
    assert_eq!(d["aliases"], serde_json::json!([common::ALIAS]));
    assert!(d["passages"][0]["aliases"] == d["aliases"], "{d}");

    let (status, r) = get(&s, &format!("/search?q=id:{alias}"));
    assert_eq!(status, 200, "{r}");
    let hits = r["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{r}");
    assert!(hits.iter().all(|h| h["doc_id"] == "09BAKU141"), "{r}");

    let (status, d) = get(&s, "/documents/09BAKU911");
    assert_eq!(status, 200);
    assert!(d.get("aliases").is_none(), "no empty list: {d}");
}

#[test]
fn bad_input_gets_a_4xx_with_a_message_never_a_500() {
    let s = start(None);
    for (path, status, says) in [
        ("/search?q=%22forced", 400, "never closed"),
        (
            "/search?q=labor&limit=1000",
            400,
            "limit may be at most 100",
        ),
        ("/search?q=labor&limit=ten", 400, "whole number"),
        ("/search?q=labor&sort=sideways", 400, "sort must be"),
        ("/search?q=labor&nonsense=1", 400, "unknown parameter"),
        ("/search", 400, "give a query"),
        ("/search?q=date:2009-13", 400, "date"),
        (
            "/documents/09NOWHERE1",
            404,
            "no document with id 09NOWHERE1",
        ),
        (
            "/documents/..%2F..%2Fetc%2Fpasswd",
            404,
            "no document with id",
        ),
    ] {
        let (got, body) = get(&s, path);
        assert_eq!(got, status, "{path}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains(says),
            "{path}: {body}"
        );
    }
    let long = format!("/search?q={}", "a".repeat(1200));
    assert_eq!(get(&s, &long).0, 400);
    // Writes are off without a token.
    let (status, body) = request(&s, "POST", "/documents", &[], b"text");
    assert_eq!(status, 403, "{body}");
}

#[test]
fn writes_need_the_token_and_are_searchable_when_answered() {
    let s = start(Some("s3cret"));
    let text = std::fs::read_to_string(corpus().join("cables/09BAKU911.txt")).unwrap();
    let line = serde_json::json!({"doc_id": "POSTED-1", "text": text}).to_string();
    let (status, _) = request(
        &s,
        "POST",
        "/documents",
        &[("Authorization", "Bearer wrong")],
        line.as_bytes(),
    );
    assert_eq!(status, 401);
    let (status, _) = request(&s, "POST", "/documents", &[], line.as_bytes());
    assert_eq!(status, 401);
    let (status, body) = post_line(&s, "s3cret", "", "POSTED-1", &text);
    assert_eq!(status, 200, "{body}");
    let added: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(added["indexed"], 1);
    assert_eq!(added["documents"][0], "POSTED-1");
    let (status, r) = get(&s, "/search?q=id:POSTED-1+playroom");
    assert_eq!(status, 200);
    assert_eq!(
        r["hits"][0]["doc_id"], "POSTED-1",
        "searchable at once: {r}"
    );
    // A plain-text cable, and the same again: an update, not a second copy.
    let (status, body) = request(
        &s,
        "POST",
        "/documents",
        &[("Authorization", "Bearer s3cret")],
        text.as_bytes(),
    );
    assert_eq!(status, 200, "{body}");
    let (_, body) = request(
        &s,
        "POST",
        "/documents",
        &[("Authorization", "Bearer s3cret")],
        text.as_bytes(),
    );
    assert!(body.contains("\"updated\":1"), "{body}");
    // Bodies that hold nothing, or too much.
    let auth = [
        ("Authorization", "Bearer s3cret"),
        ("Content-Type", "application/x-ndjson"),
    ];
    let (status, body) = request(&s, "POST", "/documents", &auth, b"{\"text\": 3}\n");
    assert_eq!(status, 400, "{body}");
    let huge = vec![b'x'; 17 << 20];
    let (status, _) = request(&s, "POST", "/documents", &auth, &huge);
    assert_eq!(status, 413);
}

#[test]
fn concurrent_writes_share_commits_and_all_land() {
    let s = start(Some("tok"));
    let text = std::fs::read_to_string(corpus().join("cables/09BAKU141.txt")).unwrap();
    std::thread::scope(|scope| {
        for i in 0..8 {
            let (s, text) = (&s, &text);
            scope.spawn(move || {
                let (status, body) = post_line(s, "tok", "", &format!("PAR-{i}"), text);
                assert_eq!(status, 200, "{body}");
            });
        }
    });
    // Acknowledged means committed: every one is there at once.
    for i in 0..8 {
        let (status, d) = get(&s, &format!("/documents/PAR-{i}"));
        assert_eq!(status, 200, "PAR-{i}: {d}");
    }
    let (_, health) = get(&s, "/health");
    assert_eq!(health["documents"], 13);
}

#[test]
fn on_disk_writes_are_durable_when_answered_and_searchable_soon_after() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let (code, _, err) = common::run(
        tipsearch(dir.path())
            .args(["index", "--quiet", "--index"])
            .arg(&index)
            .arg(corpus().join("cables")),
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(corpus().join("cables/09BAKU141.txt")).unwrap();
    let post = |s: &Server, id: &str, query: &str| post_line(s, "tok", query, id, &text);

    let s = start_on(Some(&index), Some("tok"));
    // Asked to, the answer waits for the commit: searchable at once.
    let (status, body) = post(&s, "WAITED-1", "?wait=true");
    assert_eq!(status, 200, "{body}");
    let (_, r) = get(&s, "/search?q=id:WAITED-1+Nakhchivan");
    assert_eq!(r["hits"][0]["doc_id"], "WAITED-1", "{r}");
    let (status, body) = post(&s, "WAITED-2", "?wait=maybe");
    assert_eq!(status, 400, "{body}");

    // By default the answer comes once the write is journaled, and a commit follows.
    let (status, body) = post(&s, "SOON-1", "");
    assert_eq!(status, 200, "{body}");
    let mut found = false;
    for _ in 0..200 {
        if get(&s, "/documents/SOON-1").0 == 200 {
            found = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(found, "SOON-1 never became searchable");

    // Killed right after answering, most likely before the commit: the write survives.
    let (status, body) = post(&s, "KILLED-1", "");
    assert_eq!(status, 200, "{body}");
    drop(s); // SIGKILL
    let s = start_on(Some(&index), Some("tok"));
    for id in ["WAITED-1", "SOON-1", "KILLED-1"] {
        let (status, d) = get(&s, &format!("/documents/{id}"));
        assert_eq!(status, 200, "{id}: {d}");
    }
    let (_, health) = get(&s, "/health");
    assert_eq!(
        health["documents"], 5,
        "two bundled cables and three written"
    );
}

/// The JSON `{"error": ...}` of an answer, or a failure naming what came instead.
fn error_of(status: u16, body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body)
        .unwrap_or_else(|_| panic!("answer {status} is not JSON: {body:?}"));
    v["error"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no error in {v}"))
}

#[test]
fn every_refusal_is_json_with_its_status() {
    let s = start(Some("a-token-of-twenty-bytes"));
    let long_uri = format!("/search?q={}", "a".repeat(9000));
    let big_header = "x".repeat(20_000);
    let cases: Vec<(u16, (u16, String))> = vec![
        (404, request(&s, "GET", "/nowhere", &[], b"")),
        (405, request(&s, "DELETE", "/search", &[], b"")),
        (414, request(&s, "GET", &long_uri, &[], b"")),
        (
            431,
            request(&s, "GET", "/health", &[("X-Big", &big_header)], b""),
        ),
        (400, request(&s, "GET", "/search?q=*", &[], b"")),
        (400, request(&s, "GET", "/search?q=...", &[], b"")),
        // The 1,000-byte limit counts the filters too.
        (
            400,
            request(
                &s,
                "GET",
                &format!("/search?q=labor&tag={}", "K".repeat(990)),
                &[],
                b"",
            ),
        ),
        // Deep pages of long queries cost too much to rank.
        (
            400,
            request(
                &s,
                "GET",
                "/search?q=forced+labor+victims+police+court&offset=9900&limit=100",
                &[],
                b"",
            ),
        ),
    ];
    for (expected, (status, body)) in cases {
        assert_eq!(status, expected, "{body}");
        assert!(!error_of(status, &body).is_empty());
    }
}

#[test]
fn answers_tell_browsers_not_to_guess_and_the_page_limits_its_sources() {
    let s = start(None);
    let (_, head, _) = common::http::exchange(s.port, "GET", "/", &[], b"");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(
        head.contains("content-security-policy: default-src 'self'"),
        "{head}"
    );
    let (_, head, _) = common::http::exchange(s.port, "GET", "/search?q=labor", &[], b"");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
}

#[test]
fn writes_check_the_token_and_the_type_before_the_body() {
    let token = "a-token-of-twenty-bytes";
    let s = start(Some(token));
    // Announce 16 MB and send none of it: a wrong token is answered at once.
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let head = "POST /documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n\
                Content-Length: 16000000\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = [0u8; 12];
    stream
        .read_exact(&mut answer)
        .expect("answered before the body");
    assert_eq!(&answer[9..12], b"401");
    // The scheme is case-blind; a type the server does not read is named with those it does.
    let lower = format!("bearer {token}");
    let png = [
        ("Authorization", lower.as_str()),
        ("Content-Type", "image/png"),
    ];
    let (status, body) = request(&s, "POST", "/documents", &png, b"\x89PNG");
    assert_eq!(status, 415, "{body}");
    assert!(error_of(status, &body).contains("text/plain"), "{body}");
    let oversize = vec![b'a'; 16 * 1024 * 1024 + 1];
    let text = [
        ("Authorization", lower.as_str()),
        ("Content-Type", "text/plain"),
    ];
    let (status, body) = request(&s, "POST", "/documents", &text, &oversize);
    assert_eq!(status, 413, "{body}");
}

#[test]
fn ids_as_long_as_the_index_takes_can_be_fetched() {
    let token = "a-token-of-twenty-bytes";
    let s = start(Some(token));
    let text = std::fs::read_to_string(corpus().join("cables/09BAKU141.txt")).unwrap();
    let longest = "L".repeat(tipsearch::MAX_ID_BYTES);
    let (status, body) = post_line(&s, token, "?wait=true", &longest, &text);
    assert_eq!(status, 200, "{body}");
    let (status, doc) = get(&s, &format!("/documents/{longest}"));
    assert_eq!(status, 200, "{doc}");
    let (status, body) = post_line(&s, token, "", &format!("{longest}L"), &text);
    assert_eq!(status, 400, "an overlong id is refused: {body}");
}

#[test]
fn a_connection_that_sends_no_headers_is_closed() {
    let s = start(None);
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let limit = tipsearch::server::HEADER_TIMEOUT + Duration::from_secs(5);
    stream.set_read_timeout(Some(limit)).unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let closed = stream.read_to_end(&mut rest);
    assert!(
        closed.is_ok(),
        "the server closed the connection: {closed:?}"
    );
    assert!(started.elapsed() < limit);
}

#[test]
fn bodies_are_read_by_their_content_and_may_not_expand_past_the_limit() {
    let token = "a-token-of-twenty-bytes";
    let s = start(Some(token));
    let bearer = format!("Bearer {token}");
    // A WikiLeaks page sent as plain text is read as the page it is.
    let page = std::fs::read(common::test_data("html/09BAKU179.html")).unwrap();
    let plain = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "text/plain"),
    ];
    let (status, body) = request(&s, "POST", "/documents?wait=true", &plain, &page);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("09BAKU179"), "{body}");
    // 40 MB of spaces gzipped to a few tens of KB: refused once 16 MB have expanded.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![b' '; 40 << 20]).unwrap();
    let bomb = gz.finish().unwrap();
    let gzip = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/gzip"),
    ];
    let (status, body) = request(&s, "POST", "/documents", &gzip, &bomb);
    assert_eq!(status, 400, "{body}");
    assert!(
        error_of(status, &body).contains("expands to more than"),
        "{body}"
    );
}

#[test]
fn connections_beyond_the_bound_wait_until_one_closes() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let index = std::sync::Arc::new(tipsearch::bundled_index().unwrap());
    let router = tipsearch::server::router(index, None).unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    runtime.spawn(tipsearch::server::serve_at_most(router, listener, 4));
    // Four half-sent requests take every connection the server will hold.
    let held: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
            c.write_all(b"GET /health HTTP/1.1\r\n").unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut waiting = TcpStream::connect(("127.0.0.1", port)).unwrap();
    waiting
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    waiting
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut first = [0u8; 12];
    assert!(
        waiting.read_exact(&mut first).is_err(),
        "a fifth connection is not served yet"
    );
    drop(held);
    waiting
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    waiting
        .read_exact(&mut first)
        .expect("served once the others closed");
    assert_eq!(&first[9..12], b"200");
}

#[test]
fn the_cli_and_the_server_answer_one_request_alike() {
    let s = start(None);
    let home = tempfile::tempdir().unwrap();
    for (url, args) in [
        (
            "q=forced+labor+OR+begging&limit=5",
            vec!["forced labor OR begging", "-n", "5"],
        ),
        (
            "q=recruit*+-shelter&kind=cable&from=2009&sort=-date",
            vec![
                "recruit* -shelter",
                "--kind",
                "cable",
                "--from",
                "2009",
                "--sort",
                "-date",
            ],
        ),
        (
            "q=victims&group=document&offset=1&limit=3",
            vec!["victims", "--by-document", "--offset", "1", "-n", "3"],
        ),
        (
            "tag=KTIP&group=document&sort=date",
            vec!["--tag", "KTIP", "--by-document", "--sort", "date"],
        ),
    ] {
        let (status, r) = get(&s, &format!("/search?{url}"));
        assert_eq!(status, 200, "{url}: {r}");
        let served: Vec<serde_json::Value> = r["hits"].as_array().unwrap().clone();
        let mut c = common::tipsearch(home.path());
        c.args(&args).arg("--json");
        let (code, out, err) = common::run(&mut c);
        assert_eq!(code, 0, "{args:?}: {err}");
        let printed: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let key = |h: &serde_json::Value| {
            (
                h["doc_id"].clone(),
                h["ordinal"].clone(),
                h["highlights"].clone(),
                h["matching"].clone(),
                h["also_at"].clone(),
            )
        };
        assert!(!served.is_empty(), "{url}");
        assert_eq!(
            served.iter().map(key).collect::<Vec<_>>(),
            printed.iter().map(key).collect::<Vec<_>>(),
            "{url} and {args:?}"
        );
    }
}

#[test]
fn search_results_download_as_csv() {
    let s = start(None);
    let (status, head, body) = common::http::exchange(
        s.port,
        "GET",
        "/search?q=victims&limit=3&format=csv",
        &[],
        b"",
    );
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: text/csv"), "{head}");
    assert!(
        head.contains("attachment; filename=\"tipsearch.csv\""),
        "{head}"
    );
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let columns = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let (_, json) = get(&s, "/search?q=victims&limit=3");
    let doc_id = columns.iter().position(|c| c == "doc_id").unwrap();
    for (row, hit) in rows.iter().zip(json["hits"].as_array().unwrap()) {
        assert_eq!(&row[doc_id], hit["doc_id"].as_str().unwrap());
    }
    // The facets carry the timeline the page draws.
    let (_, r) = get(&s, "/search?q=victims&facets=true");
    let timeline = r["facets"]["timeline"].as_array().unwrap();
    let total: u64 = timeline
        .iter()
        .map(|b| b["documents"].as_u64().unwrap())
        .sum();
    assert_eq!(total, r["facets"]["documents"].as_u64().unwrap());
}

#[test]
fn tiers_and_a_reports_country_are_served() {
    let s = start(None);
    let (status, h) = get(&s, "/tiers?country=azerbaijan");
    assert_eq!(status, 200, "{h}");
    assert_eq!(h[0]["years"][0]["tier"], "Tier 2 Watch List");
    let (_, d) = get(&s, "/documents/TIP-2023-AZERBAIJAN");
    assert_eq!(
        (d["country"].as_str(), d["tier"].as_str()),
        (Some("Azerbaijan"), Some("Tier 2"))
    );
    assert_eq!(get(&s, "/tiers?nation=x").0, 400);
}
