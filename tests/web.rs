//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the views render what the DOM should hold, with no server involved.
#![cfg(target_arch = "wasm32")]

use std::collections::HashMap;

use grafana_api_keys::api::{ApiError, ApiKey, MigrationResult};
use grafana_api_keys::components::{EmptyState, ErrorAlert, KeysTable, MigrationSummaryDialog};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn key(id: i64, name: &str, role: &str, expiration: Option<&str>) -> ApiKey {
    ApiKey {
        id,
        name: name.into(),
        role: role.into(),
        expiration: expiration.map(Into::into),
        last_used_at: None,
        access_control: None,
    }
}

fn cell_texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn ignore() -> Callback<ApiKey> {
    Callback::new(|_| {})
}

fn button(root: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlButtonElement {
    root.query_selector(&format!("button[aria-label=\"{label}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("a button labelled {label}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
fn the_table_lists_each_key_with_role_and_expiry() {
    let root = container();
    let keys = vec![
        key(1, "ci-bot", "Editor", None),
        key(2, "old-backup", "Admin", Some("2001-01-01T00:00:00Z")),
        key(3, "future", "Viewer", Some("2999-01-01T00:00:00Z")),
    ];
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <KeysTable keys on_delete=ignore() /> },
    )
    .forget();

    assert_eq!(
        cell_texts(&root, "thead th"),
        vec!["Name", "Role", "Expires", "Actions"]
    );
    assert_eq!(
        cell_texts(&root, "tbody td.keys-table__name"),
        vec!["ci-bot", "old-backup", "future"]
    );
    let rows = cell_texts(&root, "tbody tr");
    assert!(rows[0].contains("Editor") && rows[0].contains("No expiration date"));
    assert!(
        rows[1].contains("Expired"),
        "an expired key says so in text: {}",
        rows[1]
    );
    assert!(!rows[2].contains("Expired"));
    assert_eq!(
        root.query_selector_all("tr.keys-table__row--expired")
            .unwrap()
            .length(),
        1
    );
}

#[wasm_bindgen_test]
fn a_name_with_markup_is_text() {
    let root = container();
    let name = "<img src=x onerror=alert(1)><b>bold</b>";
    let keys = vec![key(1, name, "Viewer", None)];
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <KeysTable keys on_delete=ignore() /> },
    )
    .forget();

    assert_eq!(cell_texts(&root, "td.keys-table__name"), vec![name]);
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.query_selector("b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_error_alert_shows_the_message_and_retries() {
    let root = container();
    let retries = RwSignal::new(0);
    let error = ApiError::Http {
        status: 500,
        message: "Failed to list api keys".into(),
    };
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ErrorAlert
                title="Could not load API keys"
                error=error.clone()
                on_retry=Callback::new(move |()| retries.update(|n| *n += 1))
            />
        }
    })
    .forget();

    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    let text = alert.text_content().unwrap();
    assert!(text.contains("Could not load API keys"));
    assert!(text.contains("Failed to list api keys"));

    let button: web_sys::HtmlButtonElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Retry");
    button.click();
    leptos::task::tick().await;
    assert_eq!(retries.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn delete_follows_each_keys_access_control() {
    let root = container();
    let mut allowed = key(1, "allowed", "Admin", None);
    allowed.access_control = Some(HashMap::from([("apikeys:delete".to_string(), true)]));
    let mut read_only = key(2, "read-only", "Admin", None);
    read_only.access_control = Some(HashMap::from([("apikeys:read".to_string(), true)]));
    let no_metadata = key(3, "no-metadata", "Admin", None);
    let keys = vec![allowed, read_only, no_metadata];
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <KeysTable keys on_delete=ignore() /> },
    )
    .forget();

    assert!(!button(&root, "Delete API key allowed").disabled());
    assert!(button(&root, "Delete API key read-only").disabled());
    // A server without access control sends no metadata: the server decides.
    assert!(!button(&root, "Delete API key no-metadata").disabled());
}

#[wasm_bindgen_test]
async fn last_used_and_migrate_appear_when_asked() {
    let root = container();
    let mut used = key(1, "used", "Editor", None);
    used.last_used_at = Some("2001-01-01T00:00:00Z".into());
    let keys = vec![used, key(2, "unused", "Viewer", None)];
    let migrated = RwSignal::new(Vec::<i64>::new());
    let on_migrate = Callback::new(move |key: ApiKey| migrated.update(|ids| ids.push(key.id)));
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <KeysTable
                keys
                show_last_used=true
                on_delete=ignore()
                on_migrate=Some(on_migrate)
                migrating=Some(2)
            />
        }
    })
    .forget();

    assert_eq!(
        cell_texts(&root, "thead th"),
        vec!["Name", "Role", "Expires", "Last used at", "Actions"]
    );
    let rows = cell_texts(&root, "tbody tr");
    assert!(
        rows[0].contains("2001-01-01") && rows[0].contains("ago"),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains("Never"), "{}", rows[1]);

    let migrate_used = button(&root, "Migrate to service account: used");
    assert_eq!(
        migrate_used.text_content().unwrap(),
        "Migrate to service account"
    );
    migrate_used.click();
    leptos::task::tick().await;
    assert_eq!(migrated.get_untracked(), vec![1]);
    // The key being migrated shows it and cannot be sent twice.
    let busy = button(&root, "Migrate to service account: unused");
    assert!(busy.disabled());
    assert_eq!(busy.text_content().unwrap(), "Migrating...");
}

#[wasm_bindgen_test]
fn the_summary_lists_failed_migrations() {
    let root = container();
    let result = MigrationResult {
        total: 3,
        migrated: 1,
        failed: 2,
        failed_apikey_ids: vec![4, 9],
        failed_details: vec![
            "API key name: a - Error: x".into(),
            "API key name: b - Error: y".into(),
        ],
    };
    leptos::mount::mount_to(root.clone(), move || {
        view! { <MigrationSummaryDialog result=result.clone() on_close=Callback::new(|()| {}) /> }
    })
    .forget();

    let text = root.text_content().unwrap();
    assert!(text.contains("Migration summary"));
    assert!(text.contains("Migration complete!"));
    assert!(text.contains("Total: 3"));
    assert!(text.contains("Migrated: 1"));
    assert!(text.contains("Failed: 2"));
    assert!(text.contains("Failed api key IDs: 4, 9"));
    assert!(text.contains("API key name: a - Error: x, API key name: b - Error: y"));
    assert!(!text.contains("Migration Successful!"));
}

#[wasm_bindgen_test]
fn without_permission_the_call_to_action_is_disabled_and_says_why() {
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <EmptyState
                add_blocked=Signal::derive(|| Some("You need the apikeys:create permission to add API keys."))
                on_add=Callback::new(|()| {})
            />
        }
    })
    .forget();

    let new_key: web_sys::HtmlButtonElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(new_key.text_content().unwrap().trim(), "New API key");
    assert!(new_key.disabled());
    assert!(root.text_content().unwrap().contains("apikeys:create"));
}
