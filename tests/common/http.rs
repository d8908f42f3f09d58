//! One HTTP/1.1 request over a fresh connection, as a client with no library would send it.

use std::io::{Read, Write};
use std::net::TcpStream;

/// Sends one request to the server on `port`: (status, body).
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let (status, _, body) = exchange(port, method, path, headers, body);
    (status, body)
}

/// Sends one request to the server on `port`: (status, head with its headers, body).
pub fn exchange(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .expect("the request is sent");
    // A server refusing a body (401, 413) may close before it is all sent.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (status, head.to_lowercase(), body.to_string())
}

/// `POST /documents{query}` of one JSON line `{"doc_id", "text"}` with a bearer token.
pub fn post_line(port: u16, token: &str, query: &str, doc_id: &str, text: &str) -> (u16, String) {
    let line = serde_json::json!({"doc_id": doc_id, "text": text}).to_string();
    let bearer = format!("Bearer {token}");
    let headers = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/x-ndjson"),
    ];
    let path = format!("/documents{query}");
    request(port, "POST", &path, &headers, line.as_bytes())
}
