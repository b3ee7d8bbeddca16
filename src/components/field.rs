use leptos::prelude::*;

use crate::domain::keys::Role;

/// A form field: its label, the control given as children (with `id` as its id), and the
/// field's error below it, which the control names with `aria-describedby="<id>-error"`.
#[component]
pub fn Field(
    label: &'static str,
    /// The control's id, which the label points at.
    id: &'static str,
    /// What is wrong with the value, once it is worth saying.
    #[prop(optional, into)]
    error: Option<Signal<Option<&'static str>>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>
                {label}
            </label>
            {children()}
            {error
                .map(|error| {
                    view! {
                        <p class="field__error" id=format!("{id}-error")>
                            {move || error.get()}
                        </p>
                    }
                })}
        </div>
    }
}

/// The `<option>`s of a role `<select>`, by Grafana's names; `selected` is marked where the
/// select is not bound to a signal.
pub fn role_options(roles: Vec<Role>, selected: Option<Role>) -> impl IntoView {
    roles
        .into_iter()
        .map(|role| {
            let chosen = selected.as_ref() == Some(&role);
            let name = role.as_str().to_string();
            view! { <option value=name.clone() selected=chosen>{name.clone()}</option> }
        })
        .collect_view()
}
