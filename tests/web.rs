//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the views render what the DOM should hold, with no server involved.
#![cfg(target_arch = "wasm32")]

use grafana_api_keys::api::{ApiError, ApiKey};
use grafana_api_keys::components::{ErrorAlert, KeysTable};
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

#[wasm_bindgen_test]
fn the_table_lists_each_key_with_role_and_expiry() {
    let root = container();
    let keys = vec![
        key(1, "ci-bot", "Editor", None),
        key(2, "old-backup", "Admin", Some("2001-01-01T00:00:00Z")),
        key(3, "future", "Viewer", Some("2999-01-01T00:00:00Z")),
    ];
    leptos::mount::mount_to(root.clone(), move || view! { <KeysTable keys /> }).forget();

    assert_eq!(
        cell_texts(&root, "thead th"),
        vec!["Name", "Role", "Expires"]
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
    leptos::mount::mount_to(root.clone(), move || view! { <KeysTable keys /> }).forget();

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
