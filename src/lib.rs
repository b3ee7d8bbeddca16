//! Grafana's Configuration > API keys page, rebuilt as a Leptos single-page app.
//!
//! Layout: `api` is the only module that speaks HTTP, `domain` holds pure logic (tested on the
//! host), `pages` and `components` hold the views, and `browser` the little glue to browser APIs
//! the views need.

pub mod api;
mod app;
pub mod browser;
pub mod components;
pub mod config;
pub mod domain;
pub mod pages;
pub mod theme;

pub use app::App;
