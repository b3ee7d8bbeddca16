//! grafana-sim: a Grafana-compatible HTTP server for the API keys page.
//!
//! It answers like the Grafana version given by `--grafana-version` (8.3 to
//! 12.x) for authentication, `/api/auth/keys`, service-account migration and
//! the few endpoints the page needs, following the project's contract
//! (`shared/docs/grafana-api-keys-contract.md`). See the README for flags,
//! users, seed format, control API and the version matrix.
//!
//! Tests start it in-process with [`server::Background::start`] on port 0.

// Handlers return `Result<Response, Response>` so `?` can answer an error
// response early (as Grafana's handlers `return response.Error(...)`). A
// response is built once per request, so boxing the error variant would only
// add noise.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod bind;
pub mod cli;
pub mod faults;
pub mod grants;
pub mod keygen;
pub mod middleware;
pub mod model;
pub mod reply;
pub mod request;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod store;
pub mod timefmt;
pub mod version;

pub use cli::Config;
pub use server::{Background, Bound};
pub use version::Version;
