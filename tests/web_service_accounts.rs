//! Component tests of the service accounts views in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): what the DOM holds, with no server involved.
#![cfg(target_arch = "wasm32")]

use std::collections::HashMap;

use grafana_api_keys::components::BulkDeleteDialog;
use grafana_api_keys::components::service_accounts::{
    AccountRow, AccountsTable, AddTokenDialog, Pager, TokenCreatedDialog, TokenDraft, TokensTable,
};
use grafana_api_keys::domain::bulk::ItemStatus;
use grafana_api_keys::domain::hygiene::{ListedTokens, TokenCheck};
use grafana_api_keys::domain::keys::Role;
use grafana_api_keys::domain::service_accounts::{
    AccountPermissions, CreatedToken, Migrated, NewToken, ServiceAccount, Token,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn button(root: &web_sys::Element, label: &str) -> web_sys::HtmlButtonElement {
    let nodes = root.query_selector_all("button").unwrap();
    (0..nodes.length())
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::HtmlButtonElement>()
        })
        .find(|button| {
            button.get_attribute("aria-label").as_deref() == Some(label)
                || button.text_content().unwrap_or_default().trim() == label
        })
        .unwrap_or_else(|| panic!("a button {label}"))
}

/// Dialogs render in a <dialog> under the container.
fn dialog(root: &web_sys::HtmlElement) -> web_sys::Element {
    root.query_selector("dialog").unwrap().expect("a dialog")
}

const ALL: AccountPermissions = AccountPermissions {
    read: true,
    write: true,
    create: true,
    delete: true,
};

fn account(id: i64, name: &str, tokens: i64, disabled: bool) -> ServiceAccount {
    ServiceAccount {
        id,
        uid: None,
        name: name.into(),
        login: format!("sa-1-{name}"),
        org_id: 1,
        is_disabled: disabled,
        role: Role::Editor,
        tokens,
        is_external: false,
        created_at: None,
        access_control: None,
    }
}

fn row(account: ServiceAccount, permissions: AccountPermissions) -> AccountRow {
    AccountRow {
        account,
        permissions,
        migrated: None,
    }
}

fn token(id: i64, name: &str, expiration: Option<&str>, expired: bool, revoked: bool) -> Token {
    Token {
        id,
        name: name.into(),
        created: Some("2024-01-01T00:00:00Z".into()),
        last_used_at: None,
        expiration: expiration.map(Into::into),
        has_expired: expired,
        is_revoked: revoked,
    }
}

#[wasm_bindgen_test]
fn the_accounts_table_has_grafanas_columns_and_states_in_text() {
    let root = container();
    let mut migrated = row(account(6, "sa-autogen-sync", 1, false), ALL);
    migrated.migrated = Some(Migrated {
        key_ids: vec![8],
        key_names: vec!["sync".to_string()],
    });
    let rows = vec![
        row(account(4, "grafana-ci", 3, false), ALL),
        row(account(5, "<b>old</b>", 0, true), ALL),
        migrated,
    ];
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <AccountsTable
                    rows
                    on_toggle_disabled=Callback::new(|_| {})
                    on_delete=Callback::new(|_| {})
                />
            </Router>
        }
    })
    .forget();

    assert_eq!(
        texts(&root, "thead th"),
        vec!["Account", "ID", "Roles", "Tokens", "State", "Actions"]
    );
    let rows = texts(&root, "tbody tr");
    assert!(rows[0].contains("sa-1-grafana-ci") && rows[0].contains("3 tokens"));
    assert!(rows[0].contains("Enabled"));
    // A name holding markup is text; no tokens says so; disabled is said in words.
    assert!(root.query_selector("tbody b").unwrap().is_none());
    assert!(rows[1].contains("<b>old</b>") && rows[1].contains("No tokens"));
    assert!(rows[1].contains("Disabled"));
    assert!(rows[1].contains("Add token"));
    assert!(rows[2].contains("migrated (key #8)") && rows[2].contains("API key sync"));
    let root_element: &web_sys::Element = root.as_ref();
    button(root_element, "Enable service account <b>old</b>");
    button(root_element, "Disable service account grafana-ci");
}

#[wasm_bindgen_test]
async fn each_row_says_checking_then_what_its_tokens_need() {
    let root = container();
    let rows = vec![
        row(account(4, "ci", 3, false), ALL),
        row(account(5, "idle", 1, false), ALL),
        row(account(6, "broken", 2, false), ALL),
        row(account(7, "empty", 0, false), ALL),
    ];
    let now = js_sys::Date::now() as i64;
    let in_days = |days: i64| grafana_api_keys::domain::time::to_rfc3339(now + days * 86_400_000);
    let checks = RwSignal::new(HashMap::from([
        (4, TokenCheck::Checking),
        (5, TokenCheck::Checking),
        (6, TokenCheck::Checking),
    ]));
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <AccountsTable
                    rows
                    on_toggle_disabled=Callback::new(|_| {})
                    on_delete=Callback::new(|_| {})
                    token_checks=checks
                />
            </Router>
        }
    })
    .forget();
    let cells = || texts(&root, "td[data-label='Tokens']");
    assert_eq!(
        cells(),
        vec![
            "3 tokenschecking…",
            "1 tokenchecking…",
            "2 tokenschecking…",
            "No tokens"
        ]
    );
    checks.set(HashMap::from([
        (
            4,
            TokenCheck::Checked(ListedTokens {
                tokens: vec![
                    token(1, "soon", Some(&in_days(2)), false, false),
                    token(2, "leaked", None, false, true),
                    token(3, "later", Some(&in_days(30)), false, false),
                ],
                server_now: None,
            }),
        ),
        (
            5,
            TokenCheck::Checked(ListedTokens {
                tokens: vec![token(4, "idle", None, false, false)],
                server_now: None,
            }),
        ),
        (6, TokenCheck::Failed("Internal server error".into())),
    ]));
    leptos::task::tick().await;
    assert_eq!(
        cells(),
        vec![
            "3 tokens1 to rotate soon 1 revoked",
            "1 token",
            "2 tokenstokens not checked: Internal server error",
            "No tokens"
        ]
    );
}

#[wasm_bindgen_test]
async fn an_action_the_user_may_not_take_is_not_offered() {
    let root = container();
    let read_only = AccountPermissions {
        read: true,
        write: false,
        create: false,
        delete: false,
    };
    let mut own_metadata = account(5, "deletable", 0, false);
    own_metadata.access_control = Some(HashMap::from([(
        "serviceaccounts:delete".to_string(),
        true,
    )]));
    let rows = vec![
        row(account(4, "locked", 0, false), read_only),
        row(own_metadata.clone(), read_only.for_account(&own_metadata)),
    ];
    let deleted = RwSignal::new(Vec::<i64>::new());
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <AccountsTable
                    rows
                    on_toggle_disabled=Callback::new(|_| {})
                    on_delete=Callback::new(move |account: ServiceAccount| {
                        deleted.update(|ids| ids.push(account.id))
                    })
                />
            </Router>
        }
    })
    .forget();

    // Refused actions are not offered at all (one read-only message says why, above the table).
    let row_texts = texts(&root, "tbody tr");
    assert!(!row_texts[0].contains("Delete") && !row_texts[0].contains("Disable"));
    let root_element: &web_sys::Element = root.as_ref();
    assert!(
        root_element
            .query_selector("[aria-label='Delete service account locked']")
            .unwrap()
            .is_none()
    );
    // No "Add token" for an account the user may not write.
    assert!(!texts(&root, "tbody tr")[0].contains("Add token"));
    // The row's own metadata allows deleting that one.
    let allowed = button(root_element, "Delete service account deletable");
    assert!(!allowed.disabled());
    allowed.click();
    leptos::task::tick().await;
    assert_eq!(deleted.get_untracked(), vec![5]);
}

#[wasm_bindgen_test]
fn the_tokens_table_marks_expired_and_revoked_with_grafanas_tooltips() {
    let root = container();
    let tokens = vec![
        token(1, "never", None, false, false),
        token(2, "old", Some("2001-01-01T00:00:00Z"), true, false),
        token(3, "leaked", Some("2999-01-01T00:00:00Z"), false, true),
    ];
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <TokensTable
                tokens
                delete_refusal=Signal::derive(|| None::<String>)
                on_delete=Callback::new(|_| {})
            />
        }
    })
    .forget();

    assert_eq!(
        texts(&root, "thead th"),
        vec!["Name", "Expires", "Created", "Last used at", "Actions"]
    );
    assert_eq!(
        texts(&root, "td[data-label=Expires]")[0].trim(),
        "Never",
        "no expiry says Never"
    );
    assert_eq!(texts(&root, "td[data-label='Last used at']")[0], "Never");
    let expired = root.query_selector(".badge--expired").unwrap().unwrap();
    assert_eq!(
        expired.get_attribute("data-tooltip").as_deref(),
        Some("This token has expired")
    );
    let revoked = root.query_selector(".badge--revoked").unwrap().unwrap();
    assert_eq!(
        revoked.get_attribute("data-tooltip").as_deref(),
        Some("This token has been publicly exposed. Please rotate this token")
    );
    assert!(revoked.text_content().unwrap().contains("Revoked"));
    assert_eq!(
        root.query_selector_all(".badge--expired").unwrap().length(),
        1
    );
}

#[wasm_bindgen_test]
async fn the_pager_shows_the_total_and_moves() {
    let root = container();
    let page = RwSignal::new(1u32);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Pager
                page
                page_count=Signal::derive(|| 2u32)
                total=Signal::derive(|| 55i64)
                on_page=Callback::new(move |n| page.set(n))
            />
        }
    })
    .forget();

    assert_eq!(
        texts(&root, "[role=status]"),
        vec!["55 service accounts · Page 1 of 2"]
    );
    let root_element: &web_sys::Element = root.as_ref();
    assert!(button(root_element, "Previous").disabled());
    let next = button(root_element, "Next");
    assert!(!next.disabled());
    next.click();
    leptos::task::tick().await;
    assert_eq!(page.get_untracked(), 2);
    assert!(button(root_element, "Next").disabled());
    assert!(!button(root_element, "Previous").disabled());
}

#[wasm_bindgen_test]
async fn the_token_form_checks_the_time_to_live_before_sending() {
    let root = container();
    let draft = TokenDraft::new();
    let sent = RwSignal::new(Vec::<NewToken>::new());
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <AddTokenDialog
                draft
                pending=Signal::derive(|| false)
                server_error=Signal::derive(|| None::<String>)
                on_submit=Callback::new(move |token| sent.update(|all| all.push(token)))
                on_close=Callback::new(|_| {})
            />
        }
    })
    .forget();

    draft.name.set("nightly".into());
    let ttl_choice: web_sys::HtmlInputElement = root
        .query_selector("#sa-exp-ttl")
        .unwrap()
        .unwrap()
        .unchecked_into();
    ttl_choice.click();
    leptos::task::tick().await;
    draft.ttl.set("1.5h".into());
    let dialog = dialog(&root);
    button(&dialog, "Generate token").click();
    leptos::task::tick().await;
    assert!(sent.get_untracked().is_empty());
    assert_eq!(
        texts(&root, "#sa-token-expiration-error"),
        vec!["Not a valid duration"]
    );

    draft.ttl.set("7d".into());
    button(&dialog, "Generate token").click();
    leptos::task::tick().await;
    assert_eq!(
        sent.get_untracked(),
        vec![NewToken {
            name: "nightly".into(),
            seconds_to_live: Some(604_800)
        }]
    );
}

#[wasm_bindgen_test]
async fn the_created_token_is_shown_once_with_a_curl_example() {
    let root = container();
    let open = RwSignal::new(true);
    leptos::mount::mount_to(root.clone(), move || {
        move || {
            open.get().then(|| {
                view! {
                    <TokenCreatedDialog
                        created=CreatedToken {
                            id: 3,
                            name: "ci".into(),
                            key: "glsa_SECRETsecretSECRETsecretSECRETse_0123abcd".into(),
                        }
                        grafana_root="https://grafana.example/".to_string()
                        on_close=Callback::new(move |()| open.set(false))
                    />
                }
            })
        }
    })
    .forget();
    leptos::task::tick().await;

    let input: web_sys::HtmlInputElement = root
        .query_selector("#created-token")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        input.value(),
        "glsa_SECRETsecretSECRETsecretSECRETse_0123abcd"
    );
    assert_eq!(
        texts(&root, "pre"),
        vec![
            "curl -H \"Authorization: Bearer glsa_SECRETsecretSECRETsecretSECRETse_0123abcd\" https://grafana.example/api/dashboards/home"
        ]
    );
    let dialog = dialog(&root);
    assert!(dialog.text_content().unwrap().contains(
        "Copy the token now as you will not be able to see it again. Losing a token requires creating a new one."
    ));
    button(&dialog, "Close").click();
    leptos::task::tick().await;
    assert!(!root.inner_html().contains("SECRET"));
}

#[wasm_bindgen_test]
async fn the_bulk_dialog_gives_a_result_per_token_and_offers_to_resume() {
    let root = container();
    let running = RwSignal::new(true);
    let resumed = RwSignal::new(0);
    let items = vec![
        (
            "a".to_string(),
            ItemStatus::Done("Service account token deleted".into()),
        ),
        (
            "b".to_string(),
            ItemStatus::Failed("Internal server error".into()),
        ),
        ("c".to_string(), ItemStatus::Running),
    ];
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <BulkDeleteDialog
                title="Delete expired tokens"
                items=Signal::derive(move || items.clone())
                progress=Signal::derive(|| "Deleting 3 of 3…".to_string())
                running
                can_resume=Signal::derive(|| true)
                on_resume=Callback::new(move |()| resumed.update(|n| *n += 1))
                on_close=Callback::new(|_| {})
            />
        }
    })
    .forget();

    assert_eq!(texts(&root, "[role=status]"), vec!["Deleting 3 of 3…"]);
    assert_eq!(
        texts(&root, ".sa-bulk__status"),
        vec![
            "Deleted",
            "Not deleted: Internal server error",
            "Deleting...",
        ]
    );
    let dialog = dialog(&root);
    assert!(
        !dialog
            .text_content()
            .unwrap()
            .contains("Retry the remaining")
    );
    running.set(false);
    leptos::task::tick().await;
    button(&dialog, "Retry the remaining").click();
    leptos::task::tick().await;
    assert_eq!(resumed.get_untracked(), 1);
}

#[wasm_bindgen_test]
fn add_token_on_a_row_raises_the_account_where_the_page_handles_it() {
    let root = container();
    let asked = RwSignal::new(None::<i64>);
    let rows = vec![
        row(account(4, "grafana-ci", 3, false), ALL),
        row(account(5, "metrics-admin", 0, false), ALL),
    ];
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <AccountsTable
                    rows
                    on_toggle_disabled=Callback::new(|_| {})
                    on_delete=Callback::new(|_| {})
                    on_add_token=Callback::new(move |account: ServiceAccount| {
                        asked.set(Some(account.id))
                    })
                />
            </Router>
        }
    })
    .forget();

    // Only the account with no tokens offers it, as a button rather than a link.
    assert_eq!(
        texts(&root, "tbody button")
            .iter()
            .filter(|t| t.starts_with("Add token"))
            .count(),
        1
    );
    assert!(root.query_selector("tbody a.btn").unwrap().is_none());
    let root_element: &web_sys::Element = root.as_ref();
    button(root_element, "Add token to metrics-admin").click();
    assert_eq!(asked.get_untracked(), Some(5));
}
