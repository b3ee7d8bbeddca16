//! The org the page works in: a native select of the user's orgs with the role in each, the
//! link to the all-orgs overview, and why nothing can be done where that is so.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{Alert, AlertKind};
use crate::domain::orgs::Membership;

/// Shown when the user belongs to more than one org. An org where the role manages neither keys
/// nor service accounts is listed but cannot be chosen, with the reason in its text. Choosing
/// raises the org's id.
#[component]
pub fn OrgPicker(
    orgs: Vec<Membership>,
    /// The org the page works in; none when the URL names an org the user is not in.
    chosen: Option<i64>,
    on_choose: Callback<i64>,
    /// The all-orgs overview.
    overview_href: String,
) -> impl IntoView {
    (orgs.len() > 1).then(move || {
        let options = orgs
            .into_iter()
            .map(|org| {
                let disabled = !org.manages().anything();
                view! {
                    <option
                        value=org.org_id.to_string()
                        selected=chosen == Some(org.org_id)
                        disabled=disabled
                    >
                        {org.label()}
                    </option>
                }
            })
            .collect_view();
        view! {
            <div class="org-picker">
                <label class="org-picker__label" for="org-picker">
                    "Organization"
                </label>
                <select
                    id="org-picker"
                    class="input org-picker__select"
                    // Also as a property: once the user has chosen, the options' `selected`
                    // attributes no longer move the selection (Back to another org).
                    prop:value=chosen.map(|id| id.to_string()).unwrap_or_default()
                    on:change=move |event| {
                        if let Ok(id) = event_target_value(&event).parse::<i64>() {
                            on_choose.run(id);
                        }
                    }
                >
                    {chosen
                        .is_none()
                        .then(|| {
                            view! {
                                <option value="" selected=true disabled=true>
                                    "Choose an organization"
                                </option>
                            }
                        })}
                    {options}
                </select>
                <A href=overview_href attr:class="org-picker__overview">
                    "All orgs overview"
                </A>
            </div>
        }
    })
}

/// Why nothing can be changed in the org the page works in, above its pages.
#[component]
pub fn OrgRefusal(message: String) -> impl IntoView {
    view! {
        <Alert kind=AlertKind::Warning title="Read-only organization" id="org-refusal-title">
            <p class="alert__body">{message}</p>
        </Alert>
    }
}

/// The URL names an org the user is not a member of: said plainly, with the way back.
#[component]
pub fn NotAMember(
    asked: i64,
    /// Where to go instead, and its name.
    back: Option<(String, String)>,
) -> impl IntoView {
    view! {
        <Alert kind=AlertKind::Warning title="Not your organization" id="org-not-member-title">
            <p class="alert__body">
                {format!(
                    "You are not a member of the organization with id {asked}, so nothing of it can be shown here.",
                )}
            </p>
            {back
                .map(|(href, name)| {
                    view! {
                        <p class="alert__body">
                            <A href=href>{format!("Go to {name}")}</A>
                        </p>
                    }
                })}
        </Alert>
    }
}
