//! `tipsearch serve`: the index as an HTTP service (JSON over axum on tokio), and a search
//! page, so that other programs search through tipsearch without shelling out.
//!
//! Reads are open; writes need the bearer token the server was started with, and are off
//! without one. Every limit is checked before any work: bad input gets a 4xx with a
//! message, never a 500.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Path, Query as Params, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio::sync::oneshot;

use crate::ingest::{Added, Writer};
use crate::query::{self, Query};
use crate::search::{Hit, SearchOptions, Sort};
use crate::stats::Stats;
use crate::{Error, Index};

/// Longest query text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// Deepest page one request may ask for.
pub const MAX_OFFSET: usize = 10_000;
/// Largest body `POST /documents` accepts.
pub const MAX_BODY_BYTES: usize = 16 << 20;
/// Longest a request may take before it is answered 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The routes the server answers, as the OpenAPI description names them.
pub const ROUTES: [&str; 5] = ["/", "/health", "/search", "/documents", "/documents/{id}"];

const PAGE: &str = include_str!("page.html");
const OPENAPI: &str = include_str!("openapi.json");

/// What every handler shares.
struct AppState {
    index: Arc<Index>,
    /// Where writes go, to the one thread that holds the index's writer; `None` when writes
    /// are off.
    writes: Option<std::sync::mpsc::Sender<WriteJob>>,
    token: Option<String>,
    /// Reads running at once, two per core: many more would only share the cores, so that
    /// every request in flight slows down together and the writer's commits wait for CPU;
    /// waiting requests queue in order instead. (One per core measured lower throughput:
    /// a core sits idle while its search waits for a page of the index.)
    reads: tokio::sync::Semaphore,
}

/// One `POST /documents` waiting for the writer.
struct WriteJob {
    name: &'static str,
    body: axum::body::Bytes,
    /// Answer only once the documents are searchable, not as soon as they are durable.
    wait: bool,
    reply: oneshot::Sender<Result<Added, String>>,
}

/// How long a write acknowledged from the journal waits, at most, for the commit that
/// makes it searchable: writes arriving meanwhile share that commit.
const COMMIT_AFTER: Duration = Duration::from_millis(250);

/// The writer's thread. It takes every write waiting, writes them all, appends them to the
/// journal and syncs it once, then answers: what is acknowledged is durable (a crash
/// replays the journal). A commit, which makes the writes searchable, follows within
/// [`COMMIT_AFTER`]; a write that asks to wait for it, or one to an index in memory, which
/// has no journal, is answered after it.
fn write_loop(index: Arc<Index>, mut writer: Writer, jobs: std::sync::mpsc::Receiver<WriteJob>) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut due: Option<Instant> = None;
    loop {
        let first = match due {
            None => jobs.recv().ok(),
            Some(at) => match jobs.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => {
                    due = commit_journaled(&index, &mut writer);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => None,
            },
        };
        let Some(first) = first else {
            commit_journaled(&index, &mut writer);
            return;
        };
        let mut batch = vec![first];
        batch.extend(jobs.try_iter());
        let mut journaled = true;
        let mut results: Vec<Result<Added, String>> = batch
            .iter()
            .map(|job| {
                let added = writer
                    .write_bytes(&index, job.name, &job.body)
                    .map_err(|e| e.to_string())?;
                if !added.documents.is_empty() {
                    journaled &= writer
                        .journal(job.name, &job.body)
                        .map_err(|e| format!("the journal could not be written: {e}"))?;
                }
                Ok(added)
            })
            .collect();
        let mut failed = writer
            .sync_journal()
            .err()
            .map(|e| format!("the journal could not be synced: {e}"));
        if !journaled || batch.iter().any(|job| job.wait) {
            if let Err(e) = writer.commit(&index) {
                failed = Some(format!("the commit failed: {e}"));
            }
            due = None;
        } else {
            due = due.or(Some(Instant::now() + COMMIT_AFTER));
        }
        if let Some(failed) = failed {
            for r in results.iter_mut().filter(|r| r.is_ok()) {
                *r = Err(failed.clone());
            }
        }
        for (job, result) in batch.into_iter().zip(results) {
            // The client may be gone; its documents are written all the same.
            let _ = job.reply.send(result);
        }
    }
}

/// The commit that follows journaled writes; when it fails, the writes stay in the
/// journal and the commit is tried again later.
fn commit_journaled(index: &Index, writer: &mut Writer) -> Option<Instant> {
    match writer.commit(index) {
        Ok(()) => None,
        Err(e) => {
            eprintln!("tipsearch: the commit failed, the writes stay in the journal: {e}");
            Some(Instant::now() + 4 * COMMIT_AFTER)
        }
    }
}

/// The server's router over an open index; `token` enables writes.
pub fn router(index: Arc<Index>, token: Option<String>) -> Result<Router, Error> {
    let writes = match &token {
        Some(_) => {
            let writer = index.open_writer(64 << 20)?;
            let (tx, rx) = std::sync::mpsc::channel();
            let for_writes = index.clone();
            std::thread::spawn(move || write_loop(for_writes, writer, rx));
            Some(tx)
        }
        None => None,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let state = Arc::new(AppState {
        index,
        writes,
        token,
        reads: tokio::sync::Semaphore::new(2 * cores),
    });
    Ok(Router::new()
        .route("/", get(page))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/search", get(search))
        .route("/documents", axum::routing::post(add_documents))
        .route("/documents/{id}", get(document))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(time_limit))
        .with_state(state))
}

/// Serves on a bound listener until Ctrl-C or SIGTERM, finishing the requests under way.
///
/// Taking the listener rather than an address lets the caller bind port 0 and report
/// the port it really got, so nothing races for a port between choosing and binding.
pub async fn serve(router: Router, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate => {}
            }
        })
        .await
}

/// An error answer: a status and a message, as JSON.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let status = match &e {
            Error::Query { .. } | Error::Parse { .. } => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Locked(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, e.to_string())
    }
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

async fn time_limit(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
    }
}

/// Runs index reads off the async threads, at most two per core at once.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let _turn = state
        .reads
        .acquire()
        .await
        .map_err(|e| ApiError(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

async fn page() -> Html<&'static str> {
    Html(PAGE)
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn health(State(s): State<Arc<AppState>>) -> Result<Json<serde_json::Value>, ApiError> {
    let index = s.index.clone();
    let documents = blocking(&s, move || Ok(index.document_count()?)).await?;
    Ok(Json(
        serde_json::json!({ "status": "ok", "documents": documents }),
    ))
}

/// The answer to `GET /search`.
#[derive(Serialize)]
struct SearchResponse {
    hits: Vec<Hit>,
    total: usize,
    took_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<Stats>,
}

/// The parameters of `GET /search`, read from repeated `key=value` pairs (`tag` repeats).
fn search_request(params: &[(String, String)]) -> Result<(Query, SearchOptions, bool), ApiError> {
    let mut text = String::new();
    let mut opts = SearchOptions::default();
    let mut facets = false;
    let mut filters = Vec::new();
    let (mut from, mut to) = (String::new(), String::new());
    let number = |name: &str, v: &str, max: usize| -> Result<usize, ApiError> {
        let n: usize = v
            .parse()
            .map_err(|_| bad_request(format!("{name} must be a whole number, not {v:?}")))?;
        if n > max {
            return Err(bad_request(format!("{name} may be at most {max}")));
        }
        Ok(n)
    };
    for (key, value) in params {
        match key.as_str() {
            "q" => text = value.clone(),
            "limit" => opts.limit = number("limit", value, MAX_LIMIT)?,
            "offset" => opts.offset = number("offset", value, MAX_OFFSET)?,
            "sort" => {
                opts.sort = match value.as_str() {
                    "" | "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    "-date" => Sort::DateDesc,
                    other => {
                        return Err(bad_request(format!(
                            "sort must be relevance, date or -date, not {other:?}"
                        )))
                    }
                }
            }
            "facets" => facets = matches!(value.as_str(), "true" | "1" | "yes"),
            "explain" => opts.explain = matches!(value.as_str(), "true" | "1" | "yes"),
            "from" => from = value.clone(),
            "to" => to = value.clone(),
            "tag" | "origin" | "kind" | "classification" | "country" | "tier" | "section" => {
                if !value.trim().is_empty() {
                    filters.push(query::named_filter(key, value)?);
                }
            }
            other => return Err(bad_request(format!("unknown parameter {other:?}"))),
        }
    }
    if text.len() > MAX_QUERY_BYTES {
        return Err(bad_request(format!(
            "the query is longer than {MAX_QUERY_BYTES} bytes"
        )));
    }
    let mut q = if text.trim().is_empty() {
        Query::default()
    } else {
        query::parse(&text)?
    };
    q.filters.extend(filters);
    if !from.is_empty() || !to.is_empty() {
        q.filters.push(query::range_filter(&from, &to)?);
    }
    if q.words.is_empty() && q.phrases.is_empty() && q.filters.is_empty() {
        return Err(bad_request("give a query (q) or a filter"));
    }
    Ok((q, opts, facets))
}

async fn search(
    State(s): State<Arc<AppState>>,
    Params(params): Params<Vec<(String, String)>>,
) -> Result<Json<SearchResponse>, ApiError> {
    let started = Instant::now();
    let (q, opts, with_facets) = search_request(&params)?;
    let index = s.index.clone();
    let (hits, total, facets) = blocking(&s, move || {
        let hits = index.search(&q, &opts)?;
        // The facets count the matching passages already: one pass over them, not two.
        let (total, facets) = if with_facets {
            let facets = index.facets(&q)?;
            (facets.passages as usize, Some(facets))
        } else {
            (index.count(&q)?, None)
        };
        Ok((hits, total, facets))
    })
    .await?;
    Ok(Json(SearchResponse {
        hits,
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        facets,
    }))
}

/// The answer to `GET /documents/{id}`: the document's fields and its passages in order.
#[derive(Serialize)]
struct DocumentResponse {
    doc_id: String,
    title: String,
    kind: String,
    date: Option<String>,
    origin: Option<String>,
    classification: Option<String>,
    tags: Vec<String>,
    passages: Vec<Hit>,
}

async fn document(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<DocumentResponse>, ApiError> {
    if id.len() > 100 {
        return Err(bad_request("a document id is at most 100 bytes"));
    }
    let index = s.index.clone();
    let passages = blocking(&s, move || Ok(index.document(&id)?)).await?;
    let first = passages
        .first()
        .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "no passages".into()))?;
    Ok(Json(DocumentResponse {
        doc_id: first.doc_id.clone(),
        title: first.title.clone(),
        kind: first.kind.clone(),
        date: first.date.clone(),
        origin: first.origin.clone(),
        classification: first.classification.clone(),
        tags: first.tags.clone(),
        passages,
    }))
}

/// Compares in constant time, so the token cannot be guessed a byte at a time.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

async fn add_documents(
    State(s): State<Arc<AppState>>,
    Params(params): Params<Vec<(String, String)>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Added>, ApiError> {
    let mut wait = false;
    for (key, value) in &params {
        match (key.as_str(), value.as_str()) {
            ("wait", "true") => wait = true,
            ("wait", "false") => wait = false,
            ("wait", _) => return Err(bad_request("`wait` is `true` or `false`")),
            _ => return Err(bad_request(format!("unknown parameter `{key}`"))),
        }
    }
    let (Some(token), Some(writes)) = (&s.token, &s.writes) else {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "writes are off: start the server with TIPSEARCH_TOKEN or --token-file".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| same(g.trim(), token)) {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "a valid `Authorization: Bearer <token>` header is needed to write".into(),
        ));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // The name only hints at the layout; the content decides.
    let name: &'static str = if content_type.contains("ndjson") || content_type.contains("json") {
        "request.jsonl"
    } else if content_type.contains("html") {
        "request.html"
    } else {
        "request.txt"
    };
    let (reply, answer) = oneshot::channel();
    let gone = || {
        ApiError(
            StatusCode::SERVICE_UNAVAILABLE,
            "the writer has stopped".into(),
        )
    };
    writes
        .send(WriteJob {
            name,
            body,
            wait,
            reply,
        })
        .map_err(|_| gone())?;
    let added = answer
        .await
        .map_err(|_| gone())?
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    if added.documents.is_empty() {
        return Err(bad_request(format!(
            "nothing in the body could be indexed: {}",
            added.failed.join("; ")
        )));
    }
    Ok(Json(added))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_description_names_every_route() {
        let spec: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        let mut described: Vec<&str> = spec["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .map(String::as_str)
            .collect();
        described.sort_unstable();
        let mut routes: Vec<&str> = ROUTES.to_vec();
        routes.sort_unstable();
        assert_eq!(described, routes);
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("s3cret", "s3cret"));
        assert!(!same("s3cret", "s3cre") && !same("s3cret", "s3creT"));
    }
}
