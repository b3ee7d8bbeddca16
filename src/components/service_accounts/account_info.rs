use leptos::prelude::*;

use crate::browser;
use crate::components::instant::date_cell;
use crate::components::role_options;
use crate::domain::keys::Role;
use crate::domain::service_accounts::ServiceAccount;

/// Grafana's "Information" of an account: Numerical identifier, Name, ID, Roles (a select
/// where the user may change it), Creation date.
#[component]
pub fn AccountInformation(
    account: ServiceAccount,
    /// Why the role may not be changed, if it may not.
    #[prop(into)]
    role_refusal: Signal<Option<String>>,
    /// Whether a change to the account runs.
    #[prop(into)]
    pending: Signal<bool>,
    on_role: Callback<Role>,
) -> impl IntoView {
    let now = browser::now_millis();
    let current = account.role.clone();
    let mut roles = Role::ACCOUNT_CHOICES.to_vec();
    if !roles.contains(&current) {
        roles.push(current.clone());
    }
    let options = role_options(roles, Some(current.clone()));
    view! {
        <section class="sa-info" aria-labelledby="sa-info-title">
            <h2 class="sa-section__title" id="sa-info-title">"Information"</h2>
            <table class="sa-info__table">
                <tbody>
                    <tr>
                        <th scope="row">"Numerical identifier"</th>
                        <td>{account.id}</td>
                    </tr>
                    <tr>
                        <th scope="row">"Name"</th>
                        <td class="break-anywhere">{account.name.clone()}</td>
                    </tr>
                    <tr>
                        <th scope="row">"ID"</th>
                        <td class="break-anywhere">{account.login.clone()}</td>
                    </tr>
                    <tr>
                        <th scope="row">
                            <label for="sa-role-select">"Roles"</label>
                        </th>
                        <td>
                            <select
                                id="sa-role-select"
                                class="input"
                                disabled=move || role_refusal.read().is_some() || pending.get()
                                title=move || role_refusal.get()
                                aria-describedby="sa-role-note"
                                on:change:target=move |event| {
                                    on_role.run(Role::parse(&event.target().value()))
                                }
                            >
                                {options}
                            </select>
                            <span id="sa-role-note" class="sa-note">
                                {move || role_refusal.get()}
                            </span>
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">"Creation date"</th>
                        <td>{date_cell(account.created_at.as_deref(), now, "Unknown")}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}
