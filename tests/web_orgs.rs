//! Component tests of the org views in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): the picker, the links that keep the org, and the overview table.
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use grafana_api_keys::components::{
    NotAMember, OrgPicker, OrgRefusal, OrgsOverviewTable, OverviewRow, Rotations, app_path,
};
use grafana_api_keys::domain::hygiene::OrgRotation;
use grafana_api_keys::domain::keys::Role;
use grafana_api_keys::domain::orgs::{ChosenOrg, KeyCounts, Membership, OrgSummary, Part};
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
        .map(|i| {
            nodes
                .item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect()
}

fn member(org_id: i64, name: &str, role: Role) -> Membership {
    Membership {
        org_id,
        name: name.into(),
        role,
    }
}

fn ops_orgs() -> Vec<Membership> {
    vec![
        member(1, "Main Org.", Role::Admin),
        member(3, "Partners", Role::Viewer),
        member(2, "Platform", Role::Admin),
    ]
}

/// Lets the reactive system run what was scheduled.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn the_picker_is_not_shown_for_one_org() {
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <OrgPicker
                    orgs=vec![member(1, "Main Org.", Role::Admin)]
                    chosen=Some(1)
                    on_choose=Callback::new(|_| {})
                    overview_href="/orgs".to_string()
                />
            </Router>
        }
    })
    .forget();
    assert!(root.query_selector("select").unwrap().is_none());
}

#[wasm_bindgen_test]
fn the_picker_lists_each_org_with_the_role_and_says_why_one_cannot_be_chosen() {
    let root = container();
    let chosen_id = Arc::new(AtomicI64::new(0));
    let seen = chosen_id.clone();
    let on_choose = Callback::new(move |id: i64| seen.store(id, Ordering::SeqCst));
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <OrgPicker
                    orgs=ops_orgs()
                    chosen=Some(1)
                    on_choose
                    overview_href="/apikeys/orgs".to_string()
                />
            </Router>
        }
    })
    .forget();

    // A native select, named by its label.
    let select: web_sys::HtmlSelectElement = root
        .query_selector("select")
        .unwrap()
        .expect("a select")
        .unchecked_into();
    let label = root.query_selector("label").unwrap().unwrap();
    assert_eq!(label.text_content().unwrap(), "Organization");
    assert_eq!(label.get_attribute("for"), Some(select.id()));
    assert_eq!(
        texts(&root, "option"),
        vec![
            "Main Org. — Admin",
            "Partners — Viewer (cannot manage keys or service accounts)",
            "Platform — Admin",
        ]
    );
    let options = root.query_selector_all("option").unwrap();
    let disabled: Vec<bool> = (0..options.length())
        .map(|i| {
            options
                .item(i)
                .unwrap()
                .unchecked_into::<web_sys::Element>()
                .has_attribute("disabled")
        })
        .collect();
    assert_eq!(disabled, vec![false, true, false]);
    assert_eq!(select.value(), "1");
    let overview = root.query_selector("a").unwrap().unwrap();
    assert_eq!(overview.text_content().unwrap(), "All orgs overview");
    assert_eq!(overview.get_attribute("href").unwrap(), "/apikeys/orgs");

    // Choosing raises the org's id.
    select.set_value("2");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_eq!(chosen_id.load(Ordering::SeqCst), 2);
}

#[wasm_bindgen_test]
fn without_a_chosen_org_the_picker_asks_for_one() {
    let root = container();
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <OrgPicker
                    orgs=ops_orgs()
                    chosen=None
                    on_choose=Callback::new(|_| {})
                    overview_href="/orgs".to_string()
                />
                <NotAMember
                    asked=9
                    back=Some(("/apikeys/org/apikeys?orgId=1".to_string(), "Main Org.".to_string()))
                />
            </Router>
        }
    })
    .forget();
    let select: web_sys::HtmlSelectElement = root
        .query_selector("select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(select.value(), "");
    assert_eq!(texts(&root, "option")[0], "Choose an organization");
    let text = root.text_content().unwrap();
    assert!(
        text.contains("You are not a member of the organization with id 9"),
        "{text}"
    );
    let back = root
        .query_selector(".alert a")
        .unwrap()
        .expect("a way back");
    assert_eq!(back.text_content().unwrap(), "Go to Main Org.");
    assert_eq!(
        back.get_attribute("href").unwrap(),
        "/apikeys/org/apikeys?orgId=1"
    );
}

#[wasm_bindgen_test]
fn a_read_only_org_says_why() {
    let root = container();
    let message = member(3, "Partners", Role::Viewer).refusal().unwrap();
    leptos::mount::mount_to(root.clone(), move || view! { <OrgRefusal message /> }).forget();
    let alert = root.query_selector("[role=region]").unwrap().unwrap();
    let text = alert.text_content().unwrap();
    assert!(text.contains("Read-only organization"), "{text}");
    assert!(
        text.contains("You are a Viewer in Partners: managing API keys and service accounts needs the Admin role"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn links_keep_the_org_the_url_names() {
    let links = Arc::new(Mutex::new(Vec::new()));
    let written = links.clone();
    let root = container();
    leptos::mount::mount_to(root, move || {
        for (id, in_url) in [(2, true), (1, false)] {
            let written = written.clone();
            Owner::new().with(move || {
                provide_context(ChosenOrg {
                    id,
                    name: "x".into(),
                    role: Role::Admin,
                    in_url,
                });
                written
                    .lock()
                    .unwrap()
                    .push(app_path("/org/serviceaccounts/7"));
            });
        }
        written.lock().unwrap().push(app_path("/org/apikeys"));
    })
    .forget();
    // The test page has no <base>, so the app's base is "".
    assert_eq!(
        *links.lock().unwrap(),
        vec![
            "/org/serviceaccounts/7?orgId=2",
            "/org/serviceaccounts/7",
            "/org/apikeys"
        ]
    );
}

#[wasm_bindgen_test]
async fn the_overview_says_checking_then_the_tokens_to_rotate_soon() {
    let root = container();
    let rows = vec![
        OverviewRow {
            href: "/apikeys/org/serviceaccounts".into(),
            org: member(1, "Main Org.", Role::Admin),
            summary: Some(summary(Part::Unavailable, Part::Counted(1))),
        },
        OverviewRow {
            href: "/apikeys/org/serviceaccounts?orgId=2".into(),
            org: member(2, "Platform", Role::Admin),
            summary: None,
        },
        OverviewRow {
            href: "/apikeys/org/serviceaccounts?orgId=3".into(),
            org: member(3, "Old", Role::Admin),
            summary: Some(summary(
                Part::Counted(KeyCounts::default()),
                Part::Unavailable,
            )),
        },
    ];
    let rotation = RwSignal::new(Rotations::new());
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <OrgsOverviewTable rows left_out=vec![] keys_columns=false rotation />
            </Router>
        }
    })
    .forget();
    assert_eq!(
        texts(&root, "thead th"),
        vec![
            "Organization",
            "Service accounts with expired tokens",
            "Tokens to rotate soon"
        ]
    );
    let cell = |org: i64| {
        texts(
            &root,
            &format!("tr[data-org-id=\"{org}\"] td[data-label='Tokens to rotate soon']"),
        )
    };
    assert_eq!(cell(1), vec!["Checking…"]);
    assert_eq!(cell(2), vec!["Checking…"]);
    rotation.set(Rotations::from([
        (
            1,
            Part::Counted(OrgRotation {
                rotate_soon: 3,
                accounts_read: 9,
                accounts_total: 9,
            }),
        ),
        (
            2,
            Part::Counted(OrgRotation {
                rotate_soon: 2,
                accounts_read: 50,
                accounts_total: 120,
            }),
        ),
        (3, Part::Unavailable),
    ]));
    leptos::task::tick().await;
    assert_eq!(cell(1), vec!["3"]);
    assert_eq!(cell(2), vec!["2 (in the first 50 of 120 service accounts)"]);
    assert_eq!(cell(3), vec!["—No service accounts in this Grafana"]);
    rotation.update(|found| {
        found.insert(1, Part::Failed("Internal server error".into()));
    });
    leptos::task::tick().await;
    assert_eq!(
        cell(1),
        vec!["Could not check tokens: Internal server error"]
    );
}

fn summary(keys: Part<KeyCounts>, accounts: Part<i64>) -> OrgSummary {
    OrgSummary {
        keys,
        expired_token_accounts: accounts,
    }
}

#[wasm_bindgen_test]
async fn the_overview_fills_each_row_as_its_org_answers() {
    let root = container();
    let row = |org: Membership, summary: Option<OrgSummary>| OverviewRow {
        href: format!("/apikeys/org/apikeys?orgId={}", org.org_id),
        org,
        summary,
    };
    let rows = RwSignal::new(vec![
        row(
            member(1, "Main Org.", Role::Admin),
            Some(summary(
                Part::Counted(KeyCounts {
                    total: 8,
                    expired: 1,
                    expiring_soon: 2,
                }),
                Part::Counted(2),
            )),
        ),
        row(member(2, "Platform", Role::Admin), None),
        row(
            member(4, "Broken", Role::Admin),
            Some(summary(
                Part::Failed("Failed to list api keys".into()),
                Part::Failed("Internal server error".into()),
            )),
        ),
        row(
            member(5, "Newest", Role::Admin),
            Some(summary(Part::Unavailable, Part::Counted(0))),
        ),
        row(
            member(6, "Oldest", Role::Admin),
            Some(summary(
                Part::Counted(KeyCounts::default()),
                Part::Unavailable,
            )),
        ),
    ]);
    leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                <OrgsOverviewTable
                    rows
                    left_out=vec![member(3, "Partners", Role::Viewer)]
                    keys_columns=true
                />
            </Router>
        }
    })
    .forget();

    assert_eq!(texts(&root, "[role=status]"), vec!["Loaded 4 of 5 orgs"]);
    assert_eq!(
        texts(&root, "thead th"),
        vec![
            "Organization",
            "API keys",
            "Expired",
            "Expire within 7 days",
            "Service accounts with expired tokens"
        ]
    );
    let cells = |org: i64| texts(&root, &format!("tr[data-org-id=\"{org}\"] > *"));
    assert_eq!(cells(1), vec!["Main Org.", "8", "1", "2", "2"]);
    assert_eq!(cells(2), vec!["Platform", "Loading..."]);
    // One org's failure stays in its row, with the server's message.
    assert_eq!(
        cells(4),
        vec![
            "Broken",
            "Could not load API keys: Failed to list api keys",
            "Could not load service accounts: Internal server error"
        ]
    );
    assert_eq!(
        cells(5),
        vec![
            "Newest",
            "No API keys: this Grafana has removed them (12.1 and later)",
            "0"
        ]
    );
    assert_eq!(
        cells(6),
        vec![
            "Oldest",
            "0",
            "0",
            "0",
            "—No service accounts in this Grafana"
        ]
    );
    // Each row opens its org.
    let link = root
        .query_selector("tr[data-org-id=\"2\"] a")
        .unwrap()
        .unwrap();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "/apikeys/org/apikeys?orgId=2"
    );
    assert!(
        root.text_content()
            .unwrap()
            .contains("Not included, as you are not an Admin there: Partners (Viewer).")
    );

    // The last org answers.
    rows.update(|rows| {
        rows[1].summary = Some(summary(
            Part::Counted(KeyCounts {
                total: 3,
                expired: 1,
                expiring_soon: 1,
            }),
            Part::Counted(1),
        ))
    });
    settle().await;
    assert_eq!(texts(&root, "[role=status]"), vec!["Loaded 5 of 5 orgs"]);
    assert_eq!(cells(2), vec!["Platform", "3", "1", "1", "1"]);
}
