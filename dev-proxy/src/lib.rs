//! `make dev`'s guard between `trunk serve` and Grafana.
//!
//! Trunk serves the page on the dev origin (http://127.0.0.1:8080) and proxies `/api/`, `/login`
//! and `/logout` here. This proxy forwards a request to Grafana (grafana-sim, or `$GRAFANA_URL`,
//! http or https) only when it is the dev page's own:
//!
//! * it came through Trunk, reached as the dev origin: Trunk puts the browser's `Host` in
//!   `X-Forwarded-Host`, which must be there once and name the dev origin's host (so a DNS
//!   rebinding name, or a request sent straight to this port, is refused);
//! * no `Sec-Fetch-Site` other than `same-origin` (or `none`, the user's own navigation): a page
//!   on another `127.0.0.1` port is `same-site`, so the browser sends it Grafana's cookie;
//! * its `Origin` is exactly the dev origin (scheme, host and port: Grafana's own check compares
//!   host names only); without `Origin`, only GET and HEAD pass, which browsers send without one
//!   for the page's own reads.
//!
//! Only then is `Origin` replaced with Grafana's, which Grafana's CSRF check requires of a
//! cookie-authenticated write. Anything else is answered 403 with a JSON message saying why,
//! and never reaches Grafana. On the way back, Grafana's `Set-Cookie` loses `Max-Age` and
//! `Expires` (unless it deletes the cookie), so the session cookie, which the browser keeps for
//! `127.0.0.1` whatever the port, ends with the browser session instead of lasting 30 days.

use std::borrow::Cow;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

/// The origins `make dev` serves the page on (Trunk.toml `[serve]`).
pub const DEFAULT_DEV_ORIGINS: [&str; 2] = ["http://127.0.0.1:8080", "http://localhost:8080"];

/// Request bodies above this are refused (the page sends a few hundred bytes).
const MAX_BODY: usize = 1 << 20;

/// Hop-by-hop headers: about one connection, never passed on in either direction.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Request headers never passed on besides the hop-by-hop ones: `Host` (the client sends
/// Grafana's, from the URL) and the forwarding headers Trunk adds (a browser page cannot send
/// its own without a preflight, which this proxy refuses).
const DROPPED_REQUEST_HEADERS: &[&str] = &[
    "host",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-forwarded-for",
    "x-real-ip",
    "forwarded",
];

/// Where Grafana is: `http(s)://host[:port]` and the path it is served under.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// Scheme and authority, e.g. `https://grafana.example.com`: Grafana's origin.
    origin: String,
    /// The sub-path without its trailing slash (`""` or e.g. `/grafana`).
    prefix: String,
}

impl Upstream {
    pub fn parse(url: &str) -> Result<Upstream, String> {
        let uri: Uri = url.parse().map_err(|e| format!("not a URL: {url} ({e})"))?;
        let scheme = match uri.scheme_str() {
            Some(s @ ("http" | "https")) => s,
            _ => return Err(format!("not an http:// or https:// URL: {url}")),
        };
        let authority = uri.authority().ok_or_else(|| format!("no host in {url}"))?;
        if uri.query().is_some() {
            return Err(format!("a query has no place in Grafana's URL: {url}"));
        }
        Ok(Upstream {
            origin: format!("{scheme}://{authority}"),
            prefix: uri.path().trim_end_matches('/').to_string(),
        })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }
}

/// What the proxy is for: which page may use it, and where Grafana is.
#[derive(Debug, Clone)]
pub struct Config {
    pub upstream: Upstream,
    /// The origins of the dev page, e.g. `http://127.0.0.1:8080`.
    pub dev_origins: Vec<String>,
    /// Print one line per refused request on stderr.
    pub log_refusals: bool,
}

/// Is this request the dev page's own? `Err` says why not.
pub fn check(config: &Config, method: &Method, headers: &HeaderMap) -> Result<(), String> {
    let via: Vec<&HeaderValue> = headers.get_all("x-forwarded-host").iter().collect();
    let [via] = via.as_slice() else {
        return Err(format!(
            "only the dev server ({}) may send requests here (expected one X-Forwarded-Host, got {})",
            config.dev_origins.join(" or "),
            via.len()
        ));
    };
    let page = format!("http://{}", String::from_utf8_lossy(via.as_bytes()));
    if !config.dev_origins.contains(&page) {
        return Err(format!(
            "the dev server was reached as {page}, not as {}",
            config.dev_origins.join(" or ")
        ));
    }
    // Browsers say where a request comes from: a page of another origin is `same-site` (another
    // 127.0.0.1 port) or `cross-site`, even for the GETs and HEADs they send without `Origin`
    // (an <img>, a no-cors fetch). `none` is the user's own navigation (typed, a bookmark).
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.as_bytes(), b"same-origin" | b"none")
    {
        return Err(format!(
            "a request from another site's page (Sec-Fetch-Site: {})",
            String::from_utf8_lossy(site.as_bytes())
        ));
    }
    let origins: Vec<&HeaderValue> = headers.get_all(header::ORIGIN).iter().collect();
    match origins.as_slice() {
        [] if method == Method::GET || method == Method::HEAD => Ok(()),
        [] => Err(format!("a {method} without an Origin header")),
        [origin] if origin.as_bytes() == page.as_bytes() => Ok(()),
        [origin] => Err(format!(
            "Origin {} is not the dev page's ({page})",
            String::from_utf8_lossy(origin.as_bytes())
        )),
        _ => Err("more than one Origin header".into()),
    }
}

/// `Set-Cookie` without `Max-Age` and `Expires`, so the cookie lasts as long as the browser
/// session; a cookie being deleted (`Max-Age` ≤ 0, or `Expires` in the past) is left as it is.
pub fn session_cookie(set_cookie: &str) -> Cow<'_, str> {
    let attribute = |part: &str| {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        (name.trim().to_ascii_lowercase(), value.trim().to_string())
    };
    let mut parts = set_cookie.split(';');
    let Some(pair) = parts.next() else {
        return Cow::Borrowed(set_cookie);
    };
    let attributes: Vec<&str> = parts.collect();
    let deletes = attributes.iter().any(|part| match attribute(part) {
        (name, value) if name == "max-age" => value.parse::<i64>().is_ok_and(|age| age <= 0),
        (name, value) if name == "expires" => {
            httpdate::parse_http_date(&value).is_ok_and(|at| at <= SystemTime::now())
        }
        _ => false,
    });
    let lasting = |part: &&str| matches!(attribute(part).0.as_str(), "max-age" | "expires");
    if deletes || !attributes.iter().any(lasting) {
        return Cow::Borrowed(set_cookie);
    }
    let kept: Vec<&str> = std::iter::once(pair)
        .chain(attributes.into_iter().filter(|part| !lasting(part)))
        .collect();
    Cow::Owned(kept.join(";"))
}

type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

fn client() -> io::Result<HttpClient> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()?
        .https_or_http()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(30))
        .build(https))
}

fn json_message(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    let body = format!("{{\"message\":{}}}", json_string(message));
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

async fn handle(
    config: Arc<Config>,
    client: HttpClient,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let (parts, body) = req.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
    if let Err(reason) = check(&config, &parts.method, &parts.headers) {
        if config.log_refusals {
            eprintln!(
                "dev-proxy: refused {} {path_and_query}: {reason}",
                parts.method
            );
        }
        let message = format!("Refused by make dev's proxy: {reason}.");
        return Ok(json_message(StatusCode::FORBIDDEN, &message));
    }
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(json_message(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body too large",
            ));
        }
    };

    let upstream = &config.upstream;
    let uri = format!("{}{}{path_and_query}", upstream.origin, upstream.prefix);
    let mut out = Request::new(Full::new(body));
    *out.method_mut() = parts.method.clone();
    *out.uri_mut() = match uri.parse() {
        Ok(u) => u,
        Err(_) => return Ok(json_message(StatusCode::BAD_REQUEST, "Bad request path")),
    };
    let headers = out.headers_mut();
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(&name.as_str()) && !DROPPED_REQUEST_HEADERS.contains(&name.as_str())
        {
            headers.append(name.clone(), value.clone());
        }
    }
    if headers.contains_key(header::ORIGIN) {
        let origin = HeaderValue::from_str(&upstream.origin).expect("an origin is a header value");
        headers.insert(header::ORIGIN, origin);
    }

    let answer = match client.request(out).await {
        Ok(a) => a,
        Err(e) => {
            // hyper-util's error says only "client error (Connect)": the causes say why.
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                why.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            let message = format!("Could not reach Grafana at {}: {why}", upstream.origin);
            return Ok(json_message(StatusCode::BAD_GATEWAY, &message));
        }
    };
    let (parts, body) = answer.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            let message = format!("Grafana's answer broke off: {e}");
            return Ok(json_message(StatusCode::BAD_GATEWAY, &message));
        }
    };
    let mut resp = Response::new(Full::new(body));
    *resp.status_mut() = parts.status;
    let headers = resp.headers_mut();
    for (name, value) in &parts.headers {
        if HOP_BY_HOP.contains(&name.as_str()) {
            continue;
        }
        if name == header::SET_COOKIE
            && let Ok(text) = value.to_str()
            && let Cow::Owned(rewritten) = session_cookie(text)
            && let Ok(rewritten) = HeaderValue::from_str(&rewritten)
        {
            headers.append(header::SET_COOKIE, rewritten);
            continue;
        }
        headers.append(HeaderName::from(name), value.clone());
    }
    Ok(resp)
}

/// Serve on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let config = Arc::new(config);
    let client = client()?;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => return Ok(()),
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let config = config.clone();
                let client = client.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| handle(config.clone(), client.clone(), req));
                    let _ = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        }
    }
}

/// A proxy on its own runtime thread (tests): dropping it stops it.
pub struct Background {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Background {
    pub fn start(listen: &str, config: Config) -> io::Result<Background> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let listener = rt.block_on(TcpListener::bind(listen))?;
        let addr = listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let result = rt.block_on(serve(listener, config, async {
                let _ = rx.await;
            }));
            if let Err(e) = result {
                eprintln!("dev-proxy: {e}");
            }
            rt.shutdown_timeout(Duration::from_secs(1));
        });
        Ok(Background {
            addr,
            stop: Some(tx),
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookies_lose_their_lifetime_but_deletions_stay() {
        assert_eq!(
            session_cookie("grafana_session=abc; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"),
            "grafana_session=abc; Path=/; HttpOnly; SameSite=Lax"
        );
        assert_eq!(
            session_cookie(
                "grafana_session_expiry=1; Path=/; Expires=Wed, 01 Jan 2098 00:00:00 GMT; Max-Age=60; Secure"
            ),
            "grafana_session_expiry=1; Path=/; Secure"
        );
        for kept in [
            "grafana_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
            "grafana_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly",
            "grafana_session=abc; Path=/; HttpOnly",
        ] {
            assert_eq!(session_cookie(kept), kept);
        }
    }

    #[test]
    fn upstreams() {
        let u = Upstream::parse("https://example.com/grafana/").unwrap();
        assert_eq!(
            (u.origin.as_str(), u.prefix.as_str()),
            ("https://example.com", "/grafana")
        );
        let u = Upstream::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(
            (u.origin.as_str(), u.prefix.as_str()),
            ("http://127.0.0.1:3000", "")
        );
        assert!(Upstream::parse("ftp://x").is_err());
        assert!(Upstream::parse("/relative").is_err());
    }
}
