//! "All orgs": for each org where the user is an Admin, its keys (how many, how many expired,
//! how many expire within 7 days) and its service accounts with expired tokens, a few orgs
//! loaded at a time, each row filled as its org answers.
//!
//! # States of the overview (issue 19)
//!
//! | State | What the user reads | The single next step |
//! |---|---|---|
//! | Signed out | "Sign in to Grafana" (`OrgScope`, as on every route) | sign in |
//! | The orgs could not be read | "Could not load your organizations" above the page (`OrgScope`), nothing below | Retry |
//! | Admin nowhere (a Viewer or Editor in every org) | "No organization to sum up: … you are an Admin in none of yours: Main Org. (Viewer)" | none (ask an Admin) |
//! | Admin in some orgs, not in others | the table of the Admin orgs; "Not included, as you are not an Admin there: Partners (Viewer)." | open an org |
//! | Keys exist (8.3–12.0) | Organization, API keys, Expired, Expire within 7 days, Service accounts with expired tokens; an org opens on its API keys | open an org |
//! | 12.1+ (by version, or an org's keys answering Grafana's "Not found") | Organization, Service accounts with expired tokens; an org opens on its service accounts | open an org |
//! | Before 9.1 (no service accounts) | "—" in that column, "No service accounts in this Grafana" for screen readers | open an org |
//! | Tokens to rotate soon | "Tokens to rotate soon": "Checking…" until the org's accounts' tokens are read, then the count (tokens expiring within 7 days); "in the first 50 of N service accounts" where the org has more than one page of them | open an org |
//! | One org failed | "Could not load API keys: <reason>" in its row, the others filled | reload |
//! | Choosing an org in the picker | that org's view (its API keys page) | — |

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::{ApiError, Grafana};
use crate::browser;
use crate::components::{
    Alert, AlertKind, OrgsOverviewTable, OverviewRow, PageHeader, org_app_path,
};
use crate::domain::capabilities::Capabilities;
use crate::domain::hygiene::OrgRotation;
use crate::domain::orgs::{Membership, OrgSummary, Part, UserOrgs, overview_orgs};
use crate::domain::version::GrafanaVersion;
use crate::pages::SignInFlow;
use crate::pages::inventory::{Export, ExportScope};
use crate::pages::lazy::lazy_route;
use crate::pages::limit::Limit;
use crate::pages::load::Load;
use crate::pages::token_checks::org_rotation;

/// How many orgs are loaded at once (each is three requests): a user in 1,000 orgs must not
/// send 3,000 requests at the same moment.
const ORGS_AT_ONCE: usize = 6;

const SUBTITLE: &str = "Service account tokens and API keys across every organization you \
                        administer. Open an organization to manage them.";
const SUBTITLE_WITHOUT_KEYS: &str = "Service account tokens across every organization you \
                                     administer. Open an organization to manage them.";

/// The overview as a lazy route (src/pages/lazy.rs): every org's requests, started in the main
/// module while the chunk with the table downloads; `None` where there is nothing to load.
pub struct OrgsOverviewRoute(Option<OverviewStart>);

struct OverviewStart {
    left_out: Vec<Membership>,
    version: Load<Result<Option<String>, ApiError>>,
    loads: Vec<(Membership, Load<OrgSummary>)>,
    /// Each org's tokens to rotate soon, by org id, read after every org's counts were asked.
    rotations: Vec<(i64, Load<Part<OrgRotation>>)>,
}

lazy_route!(
    OrgsOverviewRoute,
    OrgsOverviewRoute::start(),
    orgs_overview_page
);

impl OrgsOverviewRoute {
    fn start() -> Self {
        let grafana = expect_context::<Grafana>();
        let sign_in = SignInFlow::expect();
        let Some(user) = use_context::<UserOrgs>() else {
            return Self(None);
        };
        if overview_orgs(&user.orgs).is_empty() {
            return Self(None);
        }
        let now = browser::now_millis();
        let admin_orgs = overview_orgs(&user.orgs);
        let left_out: Vec<Membership> = user
            .orgs
            .iter()
            .filter(|org| !admin_orgs.contains(org))
            .cloned()
            .collect();
        // Keys are gone from 12.1: the version says so before any org answers, and where it
        // is hidden, an org's keys answering Grafana's "Not found" does.
        let client = grafana.clone();
        let version = Load::new(move || {
            let grafana = client.clone();
            async move { grafana.server_version().await }
        });
        // One request set per org, `ORGS_AT_ONCE` orgs at a time, in the table's order; each
        // row fills as its org answers.
        let limit = Limit::new(ORGS_AT_ONCE);
        let org_ids: Vec<i64> = admin_orgs.iter().map(|org| org.org_id).collect();
        let loads: Vec<(Membership, Load<OrgSummary>)> = admin_orgs
            .into_iter()
            .map(|org| {
                let client = grafana.with_org(org.org_id);
                let limit = limit.clone();
                let summary = Load::new(move || {
                    sign_in.track();
                    let (grafana, limit) = (client.clone(), limit.clone());
                    async move {
                        let _turn = limit.turn().await;
                        grafana.org_summary(now).await
                    }
                });
                (org, summary)
            })
            .collect();
        // Then each org's tokens to rotate soon: one request per account with tokens, of the
        // first page of its accounts, each waiting its turn of the same limit after the counts.
        let rotations = org_ids
            .into_iter()
            .map(|org_id| {
                let client = grafana.with_org(org_id);
                let limit = limit.clone();
                let rotation = Load::new(move || {
                    sign_in.track();
                    let (grafana, limit) = (client.clone(), limit.clone());
                    async move { org_rotation(&grafana, &limit).await }
                });
                (org_id, rotation)
            })
            .collect();
        Self(Some(OverviewStart {
            left_out,
            version,
            loads,
            rotations,
        }))
    }
}

/// The rest of the page, in the route's chunk.
fn orgs_overview_page(route: OrgsOverviewRoute) -> AnyView {
    // Where keys are gone (12.1+), the subtitle no longer speaks of them.
    let keys_gone = RwSignal::new(false);
    let body = match (use_context::<UserOrgs>(), route.0) {
        // The orgs could not be read: the bar above the page says why, with Retry.
        (None, _) => ().into_any(),
        (Some(user), None) => view! { <NoAdminOrgs orgs=user.orgs /> }.into_any(),
        (
            Some(_),
            Some(OverviewStart {
                left_out,
                version,
                loads,
                rotations,
            }),
        ) => {
            // "Export": every key and token of the orgs summed up here.
            let export = Export::new(ExportScope::Orgs(
                loads.iter().map(|(org, _)| org.clone()).collect(),
            ));
            let loads = StoredValue::new_local(loads);
            let keys_removed = Memo::new(move |_| {
                let by_version = version
                    .get()
                    .and_then(Result::ok)
                    .flatten()
                    .and_then(|text| GrafanaVersion::parse(&text))
                    .is_some_and(|v| Capabilities::of(Some(v)).keys_removed);
                by_version
                    || loads.with_value(|loads| {
                        loads.iter().any(|(_, summary)| {
                            summary
                                .get()
                                .is_some_and(|found| matches!(found.keys, Part::Unavailable))
                        })
                    })
            });
            Effect::new(move |_| keys_gone.set(keys_removed.get()));
            let rows = Signal::derive(move || {
                let removed = keys_removed.get();
                // Where keys are gone, an org opens on its service accounts: there is nothing
                // to manage on its keys page.
                let view = if removed {
                    "/org/serviceaccounts"
                } else {
                    "/org/apikeys"
                };
                loads.with_value(|loads| {
                    loads
                        .iter()
                        .map(|(org, summary)| OverviewRow {
                            org: org.clone(),
                            href: org_app_path(view, Some(org.org_id)),
                            summary: summary.get(),
                        })
                        .collect::<Vec<_>>()
                })
            });
            let rotations = StoredValue::new_local(rotations);
            let rotation = Signal::derive(move || {
                rotations.with_value(|rotations| {
                    rotations
                        .iter()
                        .filter_map(|(org_id, load)| load.get().map(|found| (*org_id, found)))
                        .collect::<BTreeMap<_, _>>()
                })
            });
            view! {
                {export.map(Export::button)}
                <OrgsOverviewTable rows left_out keys_columns=Signal::derive(move || !keys_removed.get()) rotation />
                {export.map(Export::dialog)}
            }
            .into_any()
        }
    };
    view! {
        <div class="page">
            <PageHeader title="All organizations".to_string()>
                {move || if keys_gone.get() { SUBTITLE_WITHOUT_KEYS } else { SUBTITLE }}
            </PageHeader>
            <main class="page-body">{body}</main>
        </div>
    }
    .into_any()
}

/// The user is an Admin nowhere: one message, the orgs named, nothing to load.
#[component]
fn NoAdminOrgs(orgs: Vec<Membership>) -> impl IntoView {
    let names = orgs
        .iter()
        .map(|org| format!("{} ({})", org.name, org.role))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <Alert kind=AlertKind::Info title="No organization to sum up" id="orgs-none-title">
            <p class="alert__body">
                {format!(
                    "The overview covers the organizations where you are an Admin, and you are an Admin in none of yours: {names}."
                )}
            </p>
        </Alert>
    }
}
