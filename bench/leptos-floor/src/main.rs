//! The benchmark's floor: the plain page's work (bench/plain-js/app.js) written the usual Leptos
//! way with the app's stack (Leptos, gloo-net, serde) and none of the app's code. `make bench`
//! times it beside the two: what the stack costs before any of the app's features.

use std::collections::HashMap;

use leptos::prelude::*;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Key {
    id: i64,
    name: String,
    role: String,
    expiration: Option<String>,
    #[serde(rename = "accessControl", default)]
    access_control: HashMap<String, bool>,
}

async fn keys(include_expired: bool) -> Result<Vec<Key>, String> {
    let url = format!("/api/auth/keys?includeExpired={include_expired}&accesscontrol=true");
    let response = gloo_net::http::Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|error| error.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.json().await.map_err(|error| error.to_string())
}

fn local_date(at: &js_sys::Date) -> String {
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.get_full_year(),
        at.get_month() + 1,
        at.get_date(),
        at.get_hours(),
        at.get_minutes(),
        at.get_seconds()
    )
}

/// As the plain page words it: "in 3 hours", "2 days ago". (The app's own is in
/// src/domain/time.rs; the floor takes none of the app's code, so it writes its own.)
fn relative(now: f64, then: f64) -> String {
    const UNITS: [(i64, &str); 6] = [
        (365 * 86400, "year"),
        (30 * 86400, "month"),
        (86400, "day"),
        (3600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    let seconds = ((then - now) / 1000.0).trunc() as i64;
    let Some((size, unit)) = UNITS
        .into_iter()
        .find(|(size, _)| seconds.abs() * 100 >= size * 99)
    else {
        return "just now".to_string();
    };
    let count = (seconds.abs() + size / 2) / size;
    let plural = if count == 1 { "" } else { "s" };
    if seconds > 0 {
        format!("in {count} {unit}{plural}")
    } else {
        format!("{count} {unit}{plural} ago")
    }
}

fn row(key: Key, now: f64) -> impl IntoView {
    let expires = match &key.expiration {
        Some(text) => {
            let at = js_sys::Date::new(&text.into());
            format!("{} {}", local_date(&at), relative(now, at.get_time()))
        }
        None => "No expiration date".to_string(),
    };
    let deletable = key.access_control.get("apikeys:delete") == Some(&true);
    view! {
        <tr>
            <td class="keys-table__name">{key.name}</td>
            <td>{key.role}</td>
            <td>{expires}</td>
            <td>
                <button type="button" disabled=!deletable>"Delete"</button>
            </td>
        </tr>
    }
}

fn table(keys: Vec<Key>) -> impl IntoView {
    let window = window();
    let query = window.location().search().unwrap_or_default();
    let initial = web_sys::UrlSearchParams::new_with_str(&query)
        .ok()
        .and_then(|params| params.get("search"))
        .unwrap_or_default();
    let search = RwSignal::new(initial);
    let now = js_sys::Date::now();
    let shown = Memo::new(move |_| {
        let query = search.read().to_lowercase();
        keys.iter()
            .filter(|key| {
                key.name.to_lowercase().contains(&query) || key.role.to_lowercase().contains(&query)
            })
            .cloned()
            .collect::<Vec<_>>()
    });
    // The search in the URL, as the plain page keeps it.
    Effect::new(move |_| {
        let location = window.location();
        let params = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
            .expect("a query string parses");
        match search.read().as_str() {
            "" => params.delete("search"),
            text => params.set("search", text),
        }
        let query = String::from(params.to_string());
        let path = location.pathname().unwrap_or_default();
        let url = if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        };
        let _ = window.history().and_then(|history| {
            history.replace_state_with_url(&Default::default(), "", Some(&url))
        });
    });
    view! {
        <input
            type="search"
            placeholder="Search keys"
            aria-label="Search keys"
            prop:value=search
            on:input=move |event| search.set(event_target_value(&event))
        />
        <table class="keys-table">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Role"</th>
                    <th>"Expires"</th>
                    <th>"Actions"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || shown.get() key=|key| key.id children=move |key| row(key, now) />
                <Show when=move || shown.read().is_empty()>
                    <tr>
                        <td colspan="4">"No API keys found"</td>
                    </tr>
                </Show>
            </tbody>
        </table>
    }
}

#[component]
fn Page() -> impl IntoView {
    let lists = LocalResource::new(|| async {
        // Both lists, as the page asks for them; the table shows the active keys.
        let (active, _all) = futures::join!(keys(false), keys(true));
        active
    });
    view! {
        <main>
            <h1>"API keys"</h1>
            {move || match lists.get() {
                None => view! { <p>"Loading ..."</p> }.into_any(),
                Some(Err(message)) => view! { <p>{message}</p> }.into_any(),
                Some(Ok(keys)) => table(keys).into_any(),
            }}
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(Page);
}
