//! The one-way data flow, checked on the source: `domain` imports nothing of the app, views
//! never speak HTTP, and no configuration or state hides in a global.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The lines of every file under `src/<layer>` that contain any of `needles`.
fn offending_lines(layer: &str, needles: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(layer);
    rust_files(&root)
        .into_iter()
        .flat_map(|path| {
            let text = fs::read_to_string(&path).unwrap();
            text.lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .filter(|line| needles.iter().any(|needle| line.contains(needle)))
                .map(|line| format!("{}: {}", path.display(), line.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_domain_imports_nothing_of_the_app() {
    let found = offending_lines(
        "domain",
        &[
            "crate::api",
            "crate::pages",
            "crate::components",
            "crate::browser",
            "gloo_net",
            "web_sys",
            "leptos",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn views_never_speak_http() {
    let found = offending_lines("components", &["api::", "gloo_net", "Request::"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn only_the_api_sends_requests() {
    for layer in ["domain", "components", "pages"] {
        let found = offending_lines(layer, &["gloo_net", "fetch_with"]);
        assert!(found.is_empty(), "{found:#?}");
    }
}

#[test]
fn no_global_state() {
    for layer in ["domain", "api", "components", "pages"] {
        let found = offending_lines(
            layer,
            &["thread_local!", "static mut", "OnceCell", "LazyLock"],
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}
