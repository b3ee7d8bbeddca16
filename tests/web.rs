//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the views render what the DOM should hold, with no server involved.
#![cfg(target_arch = "wasm32")]

use std::collections::HashMap;

use grafana_api_keys::components::{
    ActionBar, ConfirmDialog, CreateKeyForm, EmptyState, ErrorAlert, KeyCreatedDialog, KeyDraft,
    KeysTable, MigrationSummaryDialog,
};
use grafana_api_keys::domain::keys::{ApiKey, CreatedApiKey, NewApiKey, Role};
use grafana_api_keys::domain::migration::MigrationResult;
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
        role: Role::parse(role),
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
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ErrorAlert
                title="Could not load API keys"
                message="Failed to list api keys".to_string()
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
                migrating=Some(2i64)
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
    // The key being migrated shows it and cannot be sent twice, yet keeps the focus.
    let busy = button(&root, "Migrate to service account: unused");
    assert_eq!(busy.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(busy.text_content().unwrap(), "Migrating...");
    busy.click();
    leptos::task::tick().await;
    assert_eq!(migrated.get_untracked(), vec![1]);
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

fn input(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("an input {selector}"))
        .unchecked_into()
}

fn type_into(field: &web_sys::HtmlInputElement, text: &str) {
    field.set_value(text);
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn button_named(root: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlButtonElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .map(|i| {
            buttons
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::HtmlButtonElement>()
        })
        .find(|button| button.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("a button named {text}"))
}

fn key_event(kind: &str, key: &str) -> web_sys::KeyboardEvent {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    web_sys::KeyboardEvent::new_with_keyboard_event_init_dict(kind, &init).unwrap()
}

/// The form with its inputs under the test's control.
struct FormHarness {
    root: web_sys::HtmlElement,
    submitted: RwSignal<Vec<NewApiKey>>,
    closed: RwSignal<u32>,
    pending: RwSignal<bool>,
    server_error: RwSignal<Option<String>>,
}

fn mount_form(draft: KeyDraft) -> FormHarness {
    let root = container();
    let submitted = RwSignal::new(Vec::new());
    let closed = RwSignal::new(0);
    let pending = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <CreateKeyForm
                draft
                can_create=true
                pending
                server_error
                sign_in=Signal::derive(|| None)
                on_submit=Callback::new(move |key| submitted.update(|keys| keys.push(key)))
                on_close=Callback::new(move |()| closed.update(|n| *n += 1))
            />
        }
    })
    .forget();
    FormHarness {
        root,
        submitted,
        closed,
        pending,
        server_error,
    }
}

#[wasm_bindgen_test]
async fn the_key_form_refuses_what_grafana_would_and_sends_the_rest() {
    let draft = KeyDraft::new();
    let form = mount_form(draft);
    let root = &form.root;

    button_named(root, "Add").click();
    leptos::task::tick().await;
    assert!(form.submitted.get_untracked().is_empty());
    assert!(
        root.text_content()
            .unwrap()
            .contains("Key name is required")
    );

    type_into(&input(root, "#key-name"), "ci-bot");
    type_into(&input(root, "#time-to-live-input"), "1dx");
    button_named(root, "Add").click();
    leptos::task::tick().await;
    assert!(form.submitted.get_untracked().is_empty());
    assert!(
        root.text_content()
            .unwrap()
            .contains("Not a valid duration")
    );
    assert_eq!(
        input(root, "#time-to-live-input")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    type_into(&input(root, "#time-to-live-input"), "7d");
    let role: web_sys::HtmlSelectElement = root
        .query_selector("#role-select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    role.set_value("Editor");
    role.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    button_named(root, "Add").click();
    leptos::task::tick().await;
    assert_eq!(
        form.submitted.get_untracked(),
        vec![NewApiKey {
            name: "ci-bot".into(),
            role: Role::Editor,
            seconds_to_live: Some(604_800),
        }]
    );
    // What was typed lives in the draft, which outlives the form.
    assert_eq!(draft.name.get_untracked(), "ci-bot");
}

#[wasm_bindgen_test]
async fn the_key_form_shows_the_request_and_the_servers_answer() {
    let form = mount_form(KeyDraft::new());
    let root = &form.root;
    form.pending.set(true);
    leptos::task::tick().await;
    let add = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    assert_eq!(add.text_content().unwrap(), "Adding...");
    assert!(add.disabled());

    form.pending.set(false);
    form.server_error.set(Some(
        "API Key Organization ID And Name Must Be Unique".into(),
    ));
    leptos::task::tick().await;
    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(
        alert.text_content().unwrap(),
        "API Key Organization ID And Name Must Be Unique"
    );
}

#[wasm_bindgen_test]
async fn the_key_form_closes_on_its_button_and_on_escape_but_not_from_the_tooltip() {
    let form = mount_form(KeyDraft::new());
    let root = &form.root;
    button(root, "Close").click();
    leptos::task::tick().await;
    assert_eq!(form.closed.get_untracked(), 1);

    let help = root.query_selector(".help").unwrap().unwrap();
    help.dispatch_event(&key_event("keydown", "Escape"))
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(
        form.closed.get_untracked(),
        1,
        "Escape on the tooltip only hides it"
    );

    input(root, "#key-name")
        .dispatch_event(&key_event("keydown", "Escape"))
        .unwrap();
    leptos::task::tick().await;
    assert_eq!(form.closed.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn the_confirm_dialog_asks_and_is_busy_while_the_action_runs() {
    let root = container();
    let confirmed = RwSignal::new(0);
    let cancelled = RwSignal::new(0);
    let busy = RwSignal::new(false);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConfirmDialog
                title="Delete API key"
                confirm_label="Delete"
                busy_label="Deleting..."
                busy
                destructive=true
                on_confirm=Callback::new(move |()| confirmed.update(|n| *n += 1))
                on_cancel=Callback::new(move |()| cancelled.update(|n| *n += 1))
            >
                <p>"Delete the API key ci-bot?"</p>
            </ConfirmDialog>
        }
    })
    .forget();
    leptos::task::tick().await;

    let dialog: web_sys::HtmlDialogElement = root
        .query_selector("dialog")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(dialog.open(), "opened as a modal");
    assert!(
        root.text_content()
            .unwrap()
            .contains("Delete the API key ci-bot?")
    );
    let delete = button_named(&root, "Delete");
    assert!(delete.class_name().contains("btn--destructive"));
    delete.click();
    leptos::task::tick().await;
    assert_eq!(confirmed.get_untracked(), 1);

    busy.set(true);
    leptos::task::tick().await;
    let deleting = button_named(&root, "Deleting...");
    assert!(deleting.disabled());
    deleting.click();
    leptos::task::tick().await;
    assert_eq!(
        confirmed.get_untracked(),
        1,
        "no second request while one runs"
    );

    button_named(&root, "Cancel").click();
    leptos::task::tick().await;
    assert_eq!(cancelled.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn the_created_key_dialog_shows_the_secret_once_with_a_curl_example() {
    let root = container();
    let closed = RwSignal::new(0);
    let created = CreatedApiKey {
        id: 7,
        name: "ci-bot".into(),
        key: "eyJrIjoiTESTSECRET".into(),
    };
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <KeyCreatedDialog
                created=created.clone()
                grafana_root="https://example.com/grafana/".to_string()
                on_close=Callback::new(move |()| closed.update(|n| *n += 1))
            />
        }
    })
    .forget();
    leptos::task::tick().await;

    assert_eq!(input(&root, "#created-key").value(), "eyJrIjoiTESTSECRET");
    let curl = root.query_selector("pre").unwrap().unwrap();
    assert_eq!(
        curl.text_content().unwrap(),
        "curl -H \"Authorization: Bearer eyJrIjoiTESTSECRET\" https://example.com/grafana/api/dashboards/home"
    );
    assert!(
        root.text_content()
            .unwrap()
            .contains("You will only be able to view this key here once!")
    );
    button_named(&root, "Close").click();
    leptos::task::tick().await;
    assert_eq!(closed.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn the_action_bar_searches_switches_and_adds() {
    let root = container();
    let search = RwSignal::new("ci".to_string());
    let include_expired = RwSignal::new(false);
    let locked = RwSignal::new(false);
    let blocked = RwSignal::new(None::<&'static str>);
    let added = RwSignal::new(0);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ActionBar
                search
                include_expired
                include_expired_locked=locked
                on_include_expired=Callback::new(move |on| include_expired.set(on))
                show_add=true
                add_blocked=blocked
                on_add=Callback::new(move |()| added.update(|n| *n += 1))
            />
        }
    })
    .forget();
    leptos::task::tick().await;

    let search_box = input(&root, "input[type=search]");
    assert_eq!(search_box.value(), "ci");
    type_into(&search_box, "(backup");
    leptos::task::tick().await;
    assert_eq!(search.get_untracked(), "(backup");

    let switch = input(&root, "#showExpired");
    switch.click();
    leptos::task::tick().await;
    assert!(include_expired.get_untracked());
    locked.set(true);
    leptos::task::tick().await;
    assert!(switch.disabled());
    assert!(
        root.text_content()
            .unwrap()
            .contains("Only expired keys exist, so they are always listed.")
    );

    let add = button_named(&root, "Add API key");
    add.click();
    leptos::task::tick().await;
    assert_eq!(added.get_untracked(), 1);
    blocked.set(Some(
        "You need the apikeys:create permission to add API keys.",
    ));
    leptos::task::tick().await;
    assert!(add.disabled());
    assert_eq!(
        add.title(),
        "You need the apikeys:create permission to add API keys."
    );
}

#[wasm_bindgen_test]
async fn rows_are_keyed_so_a_search_keeps_the_rows_that_stay() {
    let root = container();
    let keys = RwSignal::new(vec![
        key(1, "alpha", "Viewer", None),
        key(2, "beta", "Viewer", None),
        key(3, "gamma", "Viewer", None),
    ]);
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <KeysTable keys on_delete=ignore() /> },
    )
    .forget();
    leptos::task::tick().await;

    // Dialogs left open by other tests make the rest of the document inert.
    let open_dialogs = document().query_selector_all("dialog[open]").unwrap();
    for i in 0..open_dialogs.length() {
        let dialog: web_sys::HtmlDialogElement = open_dialogs.item(i).unwrap().unchecked_into();
        dialog.remove();
    }
    let gamma_before = button(&root, "Delete API key gamma");
    gamma_before.focus().unwrap();
    let focused_before = document().active_element().unwrap();
    assert!(
        focused_before.is_same_node(Some(&gamma_before)),
        "focus taken"
    );
    keys.update(|keys| keys.retain(|key| key.id != 2));
    leptos::task::tick().await;
    assert_eq!(
        cell_texts(&root, "tbody td.keys-table__name"),
        vec!["alpha", "gamma"]
    );
    let gamma_after = button(&root, "Delete API key gamma");
    assert!(
        gamma_before.is_same_node(Some(&gamma_after)),
        "the row that stayed is the same DOM row"
    );
    let focused = document().active_element().unwrap();
    assert!(
        focused.is_same_node(Some(&gamma_after)),
        "focus stays on it"
    );

    keys.set(vec![]);
    leptos::task::tick().await;
    assert_eq!(
        cell_texts(&root, "tbody td.keys-table__none"),
        vec!["No API keys found"]
    );
}

#[wasm_bindgen_test]
async fn a_search_hides_and_shows_rows_without_making_them_again() {
    let root = container();
    let keys = vec![
        key(1, "alpha", "Viewer", None),
        key(2, "beta", "Viewer", None),
    ];
    let shown = RwSignal::new(std::collections::BTreeSet::from([1, 2]));
    leptos::mount::mount_to(
        root.clone(),
        move || view! { <KeysTable keys shown on_delete=ignore() /> },
    )
    .forget();
    leptos::task::tick().await;
    let visible = |root: &web_sys::HtmlElement| {
        cell_texts(root, "tbody tr:not([hidden]) td.keys-table__name")
    };
    let beta_before = button(&root, "Delete API key beta");

    shown.set(std::collections::BTreeSet::from([1]));
    leptos::task::tick().await;
    assert_eq!(visible(&root), vec!["alpha"]);
    shown.set(std::collections::BTreeSet::new());
    leptos::task::tick().await;
    assert!(visible(&root).is_empty());
    assert_eq!(
        cell_texts(&root, "tbody td.keys-table__none"),
        vec!["No API keys found"]
    );

    shown.set(std::collections::BTreeSet::from([1, 2]));
    leptos::task::tick().await;
    assert_eq!(visible(&root), vec!["alpha", "beta"]);
    assert!(
        beta_before.is_same_node(Some(&button(&root, "Delete API key beta"))),
        "the row was hidden, not made again"
    );
    assert!(cell_texts(&root, "tbody td.keys-table__none").is_empty());
}
