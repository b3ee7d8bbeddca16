//! HTTP-level tests of grafana-sim over real loopback TCP, against
//! in-process servers on port 0 (one per test), plus the real binary.

mod auth;
mod binary;
mod client;
mod concurrency;
mod control;
mod keys;
mod last_used;
mod middleware;
mod migration;
mod org_users;
mod orgs;
mod permissions;
mod service_accounts;
