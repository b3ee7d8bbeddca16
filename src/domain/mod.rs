//! Pure logic: no browser, no HTTP, so it is all tested with plain `cargo test` on the host.

pub mod expiry;
pub mod search;
pub mod time;
pub mod ttl;
pub mod url;
