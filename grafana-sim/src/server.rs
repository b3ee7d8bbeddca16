//! The HTTP/1.1 server: accept loop, per-connection hyper service, latency,
//! faults, request log and graceful shutdown.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::cli::Config;
use crate::faults::FaultAction;
use crate::middleware::{self, Recorder};
use crate::reply::{self, Reply};
use crate::request::Req;
use crate::routes;
use crate::state::AppState;

/// Request bodies above this are refused (Grafana's own limit is larger, but
/// nothing here needs more).
const MAX_BODY: usize = 1 << 20;

/// The error a service returns to make hyper drop the connection without
/// writing a response (the `close` fault).
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// A bound, not yet serving, server.
pub struct Bound {
    listener: TcpListener,
    state: Arc<AppState>,
    recorder: Arc<Recorder>,
}

impl Bound {
    /// Bind the listener and build the state (seed applied). Port 0 picks a
    /// free port; see [`Bound::local_addr`].
    pub async fn bind(cfg: &Config) -> io::Result<Bound> {
        let listener = TcpListener::bind(cfg.listen.as_str()).await?;
        let state = Arc::new(AppState::new(cfg));
        Ok(Bound {
            listener,
            state,
            recorder: Arc::default(),
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// Serve until `shutdown` completes, then stop accepting, let open
    /// connections finish their current request (closing idle keep-alive
    /// ones) and return, waiting at most 5 s for stragglers.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut tasks = tokio::task::JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                accepted = self.listener.accept() => {
                    let (stream, _) = match accepted {
                        Ok(a) => a,
                        // Out of descriptors or a reset before accept: keep serving.
                        Err(_) => {
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let state = self.state.clone();
                    let recorder = self.recorder.clone();
                    let mut stop = stop_rx.clone();
                    tasks.spawn(async move {
                        let svc = service_fn(move |req| {
                            handle(state.clone(), recorder.clone(), req)
                        });
                        let conn = http1::Builder::new()
                            .keep_alive(true)
                            .serve_connection(TokioIo::new(stream), svc);
                        tokio::pin!(conn);
                        tokio::select! {
                            _ = conn.as_mut() => {}
                            _ = async { stop.wait_for(|s| *s).await.map(|_| ()) } => {
                                conn.as_mut().graceful_shutdown();
                                let _ = conn.await;
                            }
                        }
                    });
                    // Reap finished connections so the set does not grow.
                    while tasks.try_join_next().is_some() {}
                }
            }
        }
        drop(self.listener);
        let _ = stop_tx.send(true);
        let _ = tokio::time::timeout(Duration::from_secs(5), async {
            while tasks.join_next().await.is_some() {}
        })
        .await;
        tasks.abort_all();
        Ok(())
    }
}

async fn handle(
    state: Arc<AppState>,
    recorder: Arc<Recorder>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string());
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(reply::message(413, "Request body too large"));
        }
    };
    let req = Req::new(parts.method, &path_and_query, parts.headers, body);
    let control = routes::is_control(&state, &req);
    if state.test_control && !control {
        recorder.record(&req.method, &path_and_query, &req.headers);
    }

    let (latency, fault) = if control {
        (0, None)
    } else {
        let knobs = state.knobs();
        let fault = knobs
            .faults
            .iter()
            .find(|f| f.matches(req.method.as_str(), &req.path))
            .cloned();
        (knobs.latency_ms, fault)
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }

    let reply = match fault {
        // A status fault stands for an error of Grafana's own (its texts), so it gets Grafana's
        // default headers; `html` and `close` stand for a proxy in front of it.
        Some(f) => match (f.reply(req.method.as_str(), &req.path), &f.action) {
            (Reply::Response(mut resp), FaultAction::Status(_)) => {
                middleware::add_default_headers(state.version, &mut resp);
                Reply::Response(resp)
            }
            (reply, _) => reply,
        },
        None if control && req.method == hyper::Method::GET && req.path == "/__sim/requests" => {
            Reply::Response(recorder.answer())
        }
        None if control => dispatch(&state, &req).await,
        // Grafana's CSRF filter runs before its default headers are set.
        None => match middleware::csrf(state.version, &req) {
            Err(refused) => Reply::Response(refused),
            Ok(()) => match dispatch(&state, &req).await {
                Reply::Response(mut resp) => {
                    middleware::add_default_headers(state.version, &mut resp);
                    Reply::Response(resp)
                }
                Reply::Close => Reply::Close,
            },
        },
    };

    let elapsed = started.elapsed().as_millis();
    match reply {
        Reply::Response(mut resp) => {
            if req.method == hyper::Method::HEAD {
                *resp.body_mut() = Full::new(Bytes::new());
            }
            if state.log_requests {
                eprintln!(
                    "{} {} -> {} ({elapsed} ms)",
                    req.method,
                    path_and_query,
                    resp.status().as_u16()
                );
            }
            Ok(resp)
        }
        Reply::Close => {
            if state.log_requests {
                eprintln!(
                    "{} {} -> connection closed (fault)",
                    req.method, path_and_query
                );
            }
            Err(DropConnection)
        }
    }
}

/// The route handlers are synchronous and may hash (PBKDF2): keep them off the async workers.
async fn dispatch(state: &Arc<AppState>, req: &Req) -> Reply {
    let st = state.clone();
    let rq = req.clone();
    match tokio::task::spawn_blocking(move || routes::dispatch(&st, &rq)).await {
        Ok(r) => r,
        Err(_) => Reply::Response(reply::message(500, "Internal server error")),
    }
}

/// Wait for SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A server running on its own runtime thread: what tests use to start one
/// in-process on port 0. Dropping it shuts the server down.
pub struct Background {
    addr: SocketAddr,
    state: Arc<AppState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    pub fn start(cfg: Config) -> io::Result<Background> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let bound = rt.block_on(Bound::bind(&cfg))?;
        let addr = bound.local_addr()?;
        let state = bound.state();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let _ = rt.block_on(bound.serve(async {
                let _ = rx.await;
            }));
            rt.shutdown_timeout(Duration::from_secs(1));
        });
        Ok(Background {
            addr,
            state,
            stop: Some(tx),
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
