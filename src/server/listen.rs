//! Accepting connections: how many at once, and how long one may take to say what it wants.
//!
//! `axum::serve` keeps a connection as long as the client likes: thousands of half-sent
//! requests each hold a task and a file descriptor forever. Here every connection must
//! send its request's headers within [`HEADER_TIMEOUT`] (which also closes a keep-alive
//! connection idle that long), and at most [`MAX_CONNECTIONS`] are open at once: the rest
//! wait in the kernel's queue until one closes.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Longest a client may take to send a request's headers, or stay idle between requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Most connections open at once: well under the usual limit of 1,024 open files.
pub const MAX_CONNECTIONS: usize = 512;
/// Longest the requests under way are waited for at shutdown.
const DRAIN: Duration = Duration::from_secs(15);

/// Serves on a bound listener until Ctrl-C or SIGTERM, finishing the requests under way.
///
/// Taking the listener rather than an address lets the caller bind port 0 and report
/// the port it really got, so nothing races for a port between choosing and binding.
pub async fn serve(router: Router, listener: TcpListener) -> std::io::Result<()> {
    serve_at_most(router, listener, MAX_CONNECTIONS).await
}

/// As [`serve`], with at most `connections` open at once (a test's small number, or an
/// operator's under a lower file limit).
pub async fn serve_at_most(
    router: Router,
    listener: TcpListener,
    connections: usize,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(connections.max(1)));
    let graceful = GracefulShutdown::new();
    let stop = shutdown();
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = open.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let (stream, _) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: pause rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = watched.await;
            drop(slot);
        });
    }
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    Ok(())
}

/// Resolves at Ctrl-C or SIGTERM.
async fn shutdown() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
}
