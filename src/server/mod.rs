//! `tipsearch serve`: the index as an HTTP service (JSON over axum on tokio), and a search
//! page, so that other programs search through tipsearch without shelling out.
//!
//! Reads are open; writes need the bearer token the server was started with, and are off
//! without one. Every limit is checked before any work: bad input gets a 4xx with a
//! message, never a 500.

mod listen;
mod writes;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Path, Query as Params, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};

use crate::ingest::Added;
use crate::render::{csv::Csv, json::JsonLines, Render};
use crate::search::{Format, SearchRequest, StoredDocument};
use crate::tiers::TierHistory;
use crate::{Error, Index};
pub use listen::{serve, serve_at_most, HEADER_TIMEOUT, MAX_CONNECTIONS};
use writes::{Health, WriteJob};

/// Longest request accepted, in bytes of its parameters (the query and its filters).
pub const MAX_QUERY_BYTES: usize = 1000;
pub use crate::search::{MAX_LIMIT, MAX_OFFSET};
/// Largest body `POST /documents` accepts, and the most an archive or gzip body may
/// expand to.
pub const MAX_BODY_BYTES: usize = 16 << 20;
/// Longest a request may take before it is answered 503; its search is stopped too.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest URI accepted (answered 414 beyond).
pub const MAX_URI_BYTES: usize = 8 << 10;
/// Most bytes of headers accepted (answered 431 beyond).
pub const MAX_HEADER_BYTES: usize = 16 << 10;

/// The routes the server answers, as the OpenAPI description names them.
pub const ROUTES: [&str; 6] = [
    "/",
    "/health",
    "/search",
    "/documents",
    "/documents/{id}",
    "/tiers",
];

/// The media types `POST /documents` reads; the content decides the layout among them.
const READABLE: [&str; 12] = [
    "text/plain",
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "text/csv",
    "application/gzip",
    "application/x-tar",
    "application/octet-stream",
];

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
    /// a core sits idle while its search waits for a page of the index.) A read holds its
    /// permit until its work ends, even when its answer has already timed out.
    reads: Arc<Semaphore>,
    /// The one lane of expensive searches (deep pages of many words): however many
    /// arrive, they run one at a time and the other reads keep their turns.
    heavy: Arc<Semaphore>,
    health: Arc<Health>,
}

/// Above this cost (passages ranked × words sought) a search takes the heavy lane.
const HEAVY_COST: usize = 1000;

/// The server's router over an open index; `token` enables writes.
pub fn router(index: Arc<Index>, token: Option<String>) -> Result<Router, Error> {
    let status = Arc::new(Health::default());
    let writes = match &token {
        Some(_) => Some(writes::start(index.clone(), status.clone())?),
        None => None,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let state = Arc::new(AppState {
        index,
        writes,
        token,
        reads: Arc::new(Semaphore::new(2 * cores)),
        heavy: Arc::new(Semaphore::new(1)),
        health: status,
    });
    Ok(Router::new()
        .route("/", get(page))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/search", get(search))
        .route("/documents", axum::routing::post(add_documents))
        .route("/documents/{id}", get(document))
        .route("/tiers", get(tiers))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(time_limit))
        .layer(middleware::from_fn(request_size))
        .layer(middleware::from_fn(json_errors))
        .with_state(state))
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
            Error::Query { .. } | Error::Parse { .. } | Error::Request(_) | Error::TooCostly(_) => {
                StatusCode::BAD_REQUEST
            }
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Locked(_) | Error::Timeout | Error::Unwritable { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError(status, e.to_string())
    }
}

fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

fn unavailable(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::SERVICE_UNAVAILABLE, message.into())
}

async fn time_limit(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => unavailable(format!(
            "the request took longer than {} s",
            REQUEST_TIMEOUT.as_secs()
        ))
        .into_response(),
    }
}

/// Refuses overlong URIs (414) and headers (431) with JSON, before any work. hyper
/// answers beyond its own, larger, buffer limits, without a body.
async fn request_size(request: Request, next: Next) -> Response {
    let uri = request.uri().to_string().len();
    let headers: usize = request
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if uri > MAX_URI_BYTES {
        let why = format!("the URI is longer than {MAX_URI_BYTES} bytes");
        return ApiError(StatusCode::URI_TOO_LONG, why).into_response();
    }
    if headers > MAX_HEADER_BYTES {
        let why = format!("the headers are longer than {MAX_HEADER_BYTES} bytes");
        return ApiError(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, why).into_response();
    }
    next.run(request).await
}

/// Every error answer is JSON `{"error": ...}`, including those axum makes itself (405,
/// 413, a malformed query string); every answer tells browsers not to guess its type.
async fn json_errors(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    let status = response.status();
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let body = axum::body::to_bytes(response.into_body(), 64 << 10)
            .await
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&body).trim().to_string();
        let text = match text.is_empty() {
            true => status.canonical_reason().unwrap_or("error").to_lowercase(),
            false => text,
        };
        response = ApiError(status, text).into_response();
    }
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn not_found() -> ApiError {
    ApiError(
        StatusCode::NOT_FOUND,
        format!("no such route; the routes are {}", ROUTES.join(", ")),
    )
}

/// Runs index reads off the async threads, at most two per core at once. The permit
/// goes with the work, so a search whose answer timed out still counts until it stops;
/// a panic (a damaged index) is an answer, and marks the server degraded.
async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    blocking_in(state, None, work).await
}

/// As [`blocking`], in the lane `lane` (whose permit is taken first) when given.
async fn blocking_in<T: Send + 'static>(
    state: &AppState,
    lane: Option<&Arc<Semaphore>>,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = |s: &Arc<Semaphore>| s.clone().acquire_owned();
    let lane: Option<OwnedSemaphorePermit> = match lane {
        Some(l) => Some(permit(l).await.map_err(|e| unavailable(e.to_string()))?),
        None => None,
    };
    let turn = permit(&state.reads)
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    let outcome = tokio::task::spawn_blocking(move || {
        let out = work();
        drop((turn, lane));
        out
    })
    .await;
    match outcome {
        Ok(Err(e)) if e.0 == StatusCode::INTERNAL_SERVER_ERROR => {
            state.health.set_reads(e.1.clone());
            Err(e)
        }
        Ok(result) => result,
        Err(e) => {
            let problem = format!(
                "reading the index at {} failed ({e}); it may be damaged: rebuild it with \
                 `tipsearch index --index {} --rebuild PATH...`",
                state.index.label(),
                state.index.label()
            );
            state.health.set_reads(problem.clone());
            Err(ApiError(StatusCode::INTERNAL_SERVER_ERROR, problem))
        }
    }
}

async fn page() -> impl IntoResponse {
    const POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
                          style-src 'self' 'unsafe-inline'; object-src 'none'; \
                          base-uri 'none'; frame-ancestors 'none'";
    ([(header::CONTENT_SECURITY_POLICY, POLICY)], Html(PAGE))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// `/health`: `ok`, or `degraded` with the reason (a full disk, the index folder gone, a
/// damaged index), so that a supervisor sees what a client would only learn by failing.
async fn health(State(s): State<Arc<AppState>>) -> Response {
    let index = s.index.clone();
    let documents = blocking(&s, move || Ok(index.document_count()?)).await;
    let gone = s
        .index
        .path()
        .filter(|dir| !dir.join("meta.json").exists())
        .map(|dir| format!("the index folder {} is gone", dir.display()));
    let problem = gone
        .or_else(|| s.health.problem())
        .or_else(|| documents.as_ref().err().map(|e| e.1.clone()));
    let writes = match (&s.writes, s.health.write_problem()) {
        (None, _) => "off",
        (Some(_), None) => "on",
        (Some(_), Some(_)) => "refused",
    };
    let mut body = serde_json::json!({
        "status": if problem.is_some() { "degraded" } else { "ok" },
        "documents": documents.ok(),
        "writes": writes,
    });
    if let Some(p) = problem {
        body["problem"] = p.into();
    }
    Json(body).into_response()
}

/// Hits as a file to save: CSV for spreadsheets, JSON Lines for programs.
fn download(format: Format, hits: &[crate::search::Hit]) -> Response {
    let (mut r, kind, name): (Box<dyn Render>, _, _) = match format {
        Format::Csv => (
            Box::new(Csv::default()),
            "text/csv; charset=utf-8",
            "tipsearch.csv",
        ),
        _ => (
            Box::new(JsonLines),
            "application/x-ndjson",
            "tipsearch.jsonl",
        ),
    };
    let mut body = Vec::new();
    for h in hits {
        // Writing to memory cannot fail.
        let _ = r.hit(&mut body, h);
    }
    let disposition = format!("attachment; filename=\"{name}\"");
    let headers = [
        (header::CONTENT_TYPE, kind.to_string()),
        (header::CONTENT_DISPOSITION, disposition),
    ];
    (headers, body).into_response()
}

/// The parameters of `GET /search`, read from repeated `key=value` pairs (`tag` repeats)
/// by the same code as the CLI's flags.
fn search_request(params: &[(String, String)]) -> Result<SearchRequest, ApiError> {
    let size: usize = params.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    if size > MAX_QUERY_BYTES {
        return Err(bad_request(format!(
            "the request's query and filters are longer than {MAX_QUERY_BYTES} bytes"
        )));
    }
    let pairs = params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    Ok(SearchRequest::from_params(pairs)?)
}

async fn search(
    State(s): State<Arc<AppState>>,
    Params(params): Params<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let request = search_request(&params)?;
    // A little before the answer's own limit, so that the search's 503 says why.
    let deadline = started + REQUEST_TIMEOUT - Duration::from_millis(100);
    let index = s.index.clone();
    let lane = (request.query.cost(&request.options()) > HEAVY_COST).then_some(&s.heavy);
    let format = request.format;
    let answer = blocking_in(
        &s,
        lane,
        move || Ok(index.answer(&request, Some(deadline))?),
    )
    .await?;
    if format != Format::Native {
        return Ok(download(format, &answer.hits));
    }
    let mut body = serde_json::to_value(&answer).map_err(|e| bad_request(e.to_string()))?;
    body["took_ms"] = (started.elapsed().as_secs_f64() * 1000.0).into();
    Ok(Json(body).into_response())
}

async fn document(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<StoredDocument>, ApiError> {
    if id.len() > crate::index::MAX_ID_BYTES {
        return Err(bad_request(format!(
            "a document id is at most {} bytes",
            crate::index::MAX_ID_BYTES
        )));
    }
    let index = s.index.clone();
    Ok(Json(blocking(&s, move || Ok(index.document(&id)?)).await?))
}

/// `GET /tiers?country=`: a country's tiers by report year (every reported country's
/// without one), as `tipsearch tiers` lists them.
async fn tiers(
    State(s): State<Arc<AppState>>,
    Params(params): Params<Vec<(String, String)>>,
) -> Result<Json<Vec<TierHistory>>, ApiError> {
    let mut country = None;
    for (key, value) in params {
        match key.as_str() {
            "country" if value.len() <= MAX_QUERY_BYTES => country = Some(value),
            "country" => return Err(bad_request("the country is too long")),
            other => return Err(bad_request(format!("unknown parameter {other:?}"))),
        }
    }
    let index = s.index.clone();
    let asked = country.filter(|c| !c.trim().is_empty());
    Ok(Json(
        blocking(&s, move || Ok(index.tiers(asked.as_deref())?)).await?,
    ))
}

/// Compares in constant time, so the token cannot be guessed a byte at a time.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The bearer token of `headers`, if any: the scheme is case-blind (RFC 7235).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Checks a write's parameters, token and media type, before its body is read.
fn admit(s: &AppState, params: &[(String, String)], headers: &HeaderMap) -> Result<bool, ApiError> {
    let mut wait = false;
    for (key, value) in params {
        match (key.as_str(), value.as_str()) {
            ("wait", "true") => wait = true,
            ("wait", "false") => wait = false,
            ("wait", _) => return Err(bad_request("`wait` is `true` or `false`")),
            _ => return Err(bad_request(format!("unknown parameter `{key}`"))),
        }
    }
    let Some(token) = &s.token else {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "writes are off: start the server with TIPSEARCH_TOKEN or --token-file".into(),
        ));
    };
    if !bearer(headers).is_some_and(|g| same(g, token)) {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "a valid `Authorization: Bearer <token>` header is needed to write".into(),
        ));
    }
    media_type(headers)?;
    if let Some(problem) = s.health.write_problem() {
        return Err(unavailable(format!(
            "writes are refused for now: {problem}"
        )));
    }
    Ok(wait)
}

/// The layout hint of a body's media type, or 415 for a type the server does not read.
/// The content decides the layout; the type only breaks ties.
fn media_type(headers: &HeaderMap) -> Result<&'static str, ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain");
    let essence = given
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !READABLE.contains(&essence.as_str()) {
        return Err(ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "the server does not read {essence:?}; it reads {}",
                READABLE.join(", ")
            ),
        ));
    }
    Ok(match essence.as_str() {
        t if t.contains("json") => "request.jsonl",
        t if t.contains("html") || t.contains("xml") => "request.html",
        "text/csv" => "request.csv",
        _ => "request.txt",
    })
}

async fn add_documents(
    State(s): State<Arc<AppState>>,
    Params(params): Params<Vec<(String, String)>>,
    request: Request,
) -> Result<Json<Added>, ApiError> {
    // Everything that can refuse the write is checked before a byte of the body is read.
    let wait = admit(&s, &params, request.headers())?;
    let name = media_type(request.headers())?;
    let writes = s
        .writes
        .as_ref()
        .ok_or_else(|| unavailable("writes are off"))?;
    let body = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|e| match std::error::Error::source(&e) {
            Some(cause) if cause.to_string().contains("length limit") => ApiError(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            ),
            _ => bad_request(format!("the body could not be read: {e}")),
        })?;
    let (reply, answer) = oneshot::channel();
    let gone = || unavailable("the writer has stopped");
    writes
        .send(WriteJob {
            name,
            body,
            wait,
            reply,
        })
        .map_err(|_| gone())?;
    let added = answer.await.map_err(|_| gone())?.map_err(unavailable)?;
    if added.documents.is_empty() {
        return Err(bad_request(format!(
            "nothing in the body could be indexed: {}",
            added
                .failed
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
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
    fn the_openapi_description_names_every_search_parameter() {
        let spec: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        let params = spec["paths"]["/search"]["get"]["parameters"]
            .as_array()
            .expect("parameters");
        let mut described: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
        described.sort_unstable();
        let mut read: Vec<&str> = crate::search::PARAMETERS.iter().map(|p| p.name).collect();
        read.sort_unstable();
        assert_eq!(
            described, read,
            "the description and SearchRequest::from_params agree"
        );
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same("s3cret", "s3cret"));
        assert!(!same("s3cret", "s3cre") && !same("s3cret", "s3creT"));
    }
}
