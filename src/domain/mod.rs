//! The app's types and pure rules: no browser, no HTTP and nothing else of the app, so it is all
//! tested with plain `cargo test` on the host.

pub mod bulk;
pub mod capabilities;
pub mod config;
pub mod curl;
pub mod expiry;
pub mod hygiene;
pub mod inventory;
pub mod keys;
pub mod keys_page;
pub mod migration;
pub mod notice;
pub mod orgs;
pub mod permissions;
pub mod query;
pub mod resource_permissions;
pub mod rotation;
pub mod search;
pub mod service_accounts;
pub mod time;
pub mod ttl;
pub mod unused;
pub mod version;
