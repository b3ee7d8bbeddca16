use leptos::prelude::*;

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
