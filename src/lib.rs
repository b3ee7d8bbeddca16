//! Grafana's Configuration > API keys page, rebuilt as a Leptos single-page app.
//!
//! Data flows one way: `domain` owns the types and pure rules (tested on the host), `api` is the
//! only code that speaks HTTP and fills domain types, `pages` own every request and action, and
//! `components` are views. `browser` and `theme` are the little glue to browser APIs.

pub mod api;
mod app;
pub mod browser;
pub mod components;
pub mod domain;
pub mod pages;
pub mod theme;

pub use app::App;
