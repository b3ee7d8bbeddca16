//! `dev-proxy`: see the library's documentation, and the README's "make dev" section.

use std::process::ExitCode;

use dev_proxy::{Config, DEFAULT_DEV_ORIGINS, Upstream};

const HELP: &str = "\
dev-proxy: make dev's guard between trunk serve and Grafana.

Forwards a request to Grafana only when it came through the dev server (X-Forwarded-Host names
a dev origin) and its Origin is that dev origin (or absent, for GET and HEAD); then replaces
Origin with Grafana's. Refuses anything else with 403. Set-Cookie loses Max-Age and Expires.

Usage: dev-proxy --upstream URL [--listen ADDR] [--dev-origin ORIGIN]...

  --upstream URL       Grafana: http(s)://host[:port][/sub-path]
  --listen ADDR        Address to listen on [default: 127.0.0.1:8081]
  --dev-origin ORIGIN  The dev page's origin, repeatable
                       [default: http://127.0.0.1:8080 and http://localhost:8080]
  -h, --help           This text
";

fn main() -> ExitCode {
    let mut listen = "127.0.0.1:8081".to_string();
    let mut upstream = None;
    let mut dev_origins = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let parsed = match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "--listen" => value("--listen").map(|v| listen = v),
            "--upstream" => value("--upstream")
                .and_then(|v| Upstream::parse(&v))
                .map(|u| upstream = Some(u)),
            "--dev-origin" => value("--dev-origin").map(|v| dev_origins.push(v)),
            other => Err(format!("unknown argument {other}")),
        };
        if let Err(e) = parsed {
            eprintln!("dev-proxy: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    }
    let Some(upstream) = upstream else {
        eprintln!("dev-proxy: --upstream is required\n\n{HELP}");
        return ExitCode::from(2);
    };
    if dev_origins.is_empty() {
        dev_origins = DEFAULT_DEV_ORIGINS.iter().map(|o| o.to_string()).collect();
    }
    let config = Config {
        upstream,
        dev_origins,
        log_refusals: true,
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("dev-proxy: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(&listen).await?;
        println!(
            "dev-proxy listening on http://{}, forwarding the requests of {} to {}",
            listener.local_addr()?,
            config.dev_origins.join(" and "),
            config.upstream.origin()
        );
        dev_proxy::serve(listener, config, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dev-proxy: {listen}: {e}");
            ExitCode::FAILURE
        }
    }
}
