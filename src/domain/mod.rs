//! Pure logic: no browser, no HTTP, so it is all tested with plain `cargo test` on the host.

pub mod capabilities;
pub mod curl;
pub mod expiry;
pub mod keys;
pub mod notice;
pub mod permissions;
pub mod query;
pub mod search;
pub mod time;
pub mod ttl;
pub mod url;
pub mod version;
