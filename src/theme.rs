//! Dark or light, as Grafana chooses: the signed-in user's preference (`dark`, `light`), else
//! the system's (`prefers-color-scheme`), else Grafana's default, dark. The choice is written as
//! `data-theme` on `<html>`, which `style/main.css` keys its colour tokens on.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::api;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
        }
    }
}

/// The theme a Grafana preference asks for, `None` when it defers to the system: `"system"`,
/// the server default `""`, and themes this page does not have.
pub fn from_preference(preference: &str) -> Option<Theme> {
    match preference {
        "dark" => Some(Theme::Dark),
        "light" => Some(Theme::Light),
        _ => None,
    }
}

/// The theme to show: the preference's, else the system's; Grafana's default is dark, so only
/// a system that asks for light gets light.
pub fn resolve(preferred: Option<Theme>, system_prefers_light: bool) -> Theme {
    preferred.unwrap_or(if system_prefers_light {
        Theme::Light
    } else {
        Theme::Dark
    })
}

/// Sets the theme now from the system, then from the user's preference once it is read, and
/// keeps following the system while no preference overrides it. Call once, at start.
pub fn follow_preference() {
    let system = match_media("(prefers-color-scheme: light)");
    let system_light = {
        let system = system.clone();
        move || system.as_ref().is_some_and(matches)
    };
    // `None` until the preference is read, and when it defers to the system.
    let preferred = Rc::new(Cell::new(None::<Theme>));
    apply(resolve(None, system_light()));

    if let Some(system) = &system {
        let preferred = preferred.clone();
        let system_light = system_light.clone();
        let on_change = Closure::<dyn Fn()>::new(move || {
            apply(resolve(preferred.get(), system_light()));
        });
        let _ = system
            .unchecked_ref::<web_sys::EventTarget>()
            .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        on_change.forget();
    }

    leptos::task::spawn_local(async move {
        // Signed out or an old server: the system's choice stands.
        let Ok(preferences) = api::user_preferences().await else {
            return;
        };
        preferred.set(from_preference(&preferences.theme));
        apply(resolve(preferred.get(), system_light()));
    });
}

fn apply(theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
}

/// `window.matchMedia(query)`, reached through `Reflect` so no more web-sys features are needed.
fn match_media(query: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let match_media = js_sys::Reflect::get(&window, &JsValue::from_str("matchMedia"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    match_media.call1(&window, &JsValue::from_str(query)).ok()
}

fn matches(media_query_list: &JsValue) -> bool {
    js_sys::Reflect::get(media_query_list, &JsValue::from_str("matches"))
        .ok()
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_preference_wins_over_the_system() {
        assert_eq!(resolve(from_preference("dark"), true), Theme::Dark);
        assert_eq!(resolve(from_preference("light"), false), Theme::Light);
    }

    #[test]
    fn system_default_and_unknown_themes_follow_the_system() {
        for preference in ["system", "", "tron"] {
            assert_eq!(from_preference(preference), None);
            assert_eq!(resolve(from_preference(preference), true), Theme::Light);
            assert_eq!(resolve(from_preference(preference), false), Theme::Dark);
        }
    }
}
