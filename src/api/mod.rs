//! The Grafana HTTP API, as the page uses it: the only code that speaks HTTP. It fills the
//! domain's types; the wire's own shapes stay private here.

mod client;
mod config;
mod error;
mod keys;
mod orgs;
mod permissions;
mod service_accounts;
mod startup;
mod user;

pub use client::{Grafana, decode_response};
pub use config::{ConfigError, load_config};
pub use error::ApiError;
pub use orgs::part;

/// Grafana's `{"message": …}` answer to a successful change.
#[derive(serde::Deserialize)]
struct Message {
    message: String,
}
