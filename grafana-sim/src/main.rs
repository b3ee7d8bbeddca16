//! `grafana-sim` binary: parse flags, listen, print the startup line, serve
//! until SIGINT/SIGTERM.

use std::io::Write;
use std::process::ExitCode;

use grafana_sim::cli::{self, Parsed};
use grafana_sim::server::{self, Bound};

fn main() -> ExitCode {
    let cfg = match cli::parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(cfg)) => *cfg,
        Ok(Parsed::Help) => {
            print!("{}", cli::HELP);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("grafana-sim: {e}");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("grafana-sim: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = rt.block_on(async move {
        let bound = match Bound::bind(&cfg).await {
            Ok(b) => b,
            Err(e) => {
                eprintln!("grafana-sim: cannot listen on {}: {e}", cfg.listen);
                return ExitCode::FAILURE;
            }
        };
        let addr = match bound.local_addr() {
            Ok(a) => a,
            Err(e) => {
                eprintln!("grafana-sim: {e}");
                return ExitCode::FAILURE;
            }
        };
        // Scripts wait for exactly this line and parse the port from it.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "grafana-sim listening on http://{addr} (Grafana {})",
            cfg.version
        );
        let _ = out.flush();
        drop(out);
        if let Some(path) = &cfg.seed_path {
            eprintln!(
                "grafana-sim: seeded {} key(s) and {} service account(s) from {path}",
                cfg.seed.keys.len(),
                cfg.seed.service_accounts.len()
            );
        }
        let result = bound.serve(server::shutdown_signal()).await;
        eprintln!("grafana-sim: shut down");
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("grafana-sim: {e}");
                ExitCode::FAILURE
            }
        }
    });
    // Idle blocking-pool threads would otherwise delay the exit.
    rt.shutdown_timeout(std::time::Duration::from_millis(500));
    code
}
