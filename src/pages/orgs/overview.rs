//! "All orgs": for each org where the user is an Admin, its keys (how many, how many expired,
//! how many expire within 7 days) and its service accounts with expired tokens, all orgs loaded
//! in parallel, each row filled as its org answers.

use leptos::prelude::*;

use crate::api::Grafana;
use crate::browser;
use crate::components::{
    Alert, AlertKind, OrgsOverviewTable, OverviewRow, PageHeader, org_app_path,
};
use crate::domain::orgs::{Membership, OrgSummary, UserOrgs, overview_orgs};
use crate::pages::SignInFlow;
use crate::pages::load::Load;

const SUBTITLE: &str = "API keys and service account tokens across every organization you \
                        administer. Open an organization to manage them.";

#[component]
pub fn OrgsOverviewPage() -> impl IntoView {
    let grafana = expect_context::<Grafana>();
    let sign_in = SignInFlow::expect();
    let body = match use_context::<UserOrgs>() {
        None => view! {
            <Alert kind=AlertKind::Info title="No organizations to show" id="orgs-unknown-title">
                <p class="alert__body">
                    "Your organizations could not be read, so there is nothing to sum up."
                </p>
            </Alert>
        }
        .into_any(),
        Some(user) => {
            let now = browser::now_millis();
            let admin_orgs = overview_orgs(&user.orgs);
            let left_out: Vec<Membership> = user
                .orgs
                .iter()
                .filter(|org| !admin_orgs.contains(org))
                .cloned()
                .collect();
            // One request set per org, all started at once; each row fills as its org answers.
            let loads: Vec<(Membership, String, Load<OrgSummary>)> = admin_orgs
                .into_iter()
                .map(|org| {
                    let client = grafana.with_org(org.org_id);
                    let summary = Load::new(move || {
                        sign_in.track();
                        let grafana = client.clone();
                        async move { grafana.org_summary(now).await }
                    });
                    let href = org_app_path("/org/apikeys", Some(org.org_id));
                    (org, href, summary)
                })
                .collect();
            let rows = Signal::derive(move || {
                loads
                    .iter()
                    .map(|(org, href, summary)| OverviewRow {
                        org: org.clone(),
                        href: href.clone(),
                        summary: summary.get(),
                    })
                    .collect::<Vec<_>>()
            });
            view! { <OrgsOverviewTable rows left_out /> }.into_any()
        }
    };
    view! {
        <div class="page">
            <PageHeader title="All organizations".to_string() subtitle=SUBTITLE />
            <main class="page-body">{body}</main>
        </div>
    }
}
