//! Dark or light, as Grafana chooses: the signed-in user's preference (`dark`, `light`), else
//! the system's (`prefers-color-scheme`), else Grafana's default, dark. The choice is written as
//! `data-theme` on `<html>`, which `style/main.css` keys its colour tokens on.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

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

/// The page's theme: the system's until the user's preference is known, and the system's again
/// whenever it changes while no preference overrides it.
#[derive(Clone)]
pub struct ThemeFollower {
    system: Option<web_sys::MediaQueryList>,
    preferred: Rc<Cell<Option<Theme>>>,
}

impl ThemeFollower {
    /// Applies the system's theme now and follows it. Call once, at start.
    pub fn start() -> Self {
        let system = web_sys::window()
            .and_then(|window| window.match_media("(prefers-color-scheme: light)").ok())
            .flatten();
        let follower = ThemeFollower {
            system,
            preferred: Rc::new(Cell::new(None)),
        };
        follower.apply();
        if let Some(system) = &follower.system {
            let this = follower.clone();
            let on_change = Closure::<dyn Fn()>::new(move || this.apply());
            system.set_onchange(Some(on_change.as_ref().unchecked_ref()));
            // The listener lives as long as the page.
            on_change.forget();
        }
        follower
    }

    /// The signed-in user's preference, once it is read.
    pub fn prefer(&self, preference: &str) {
        self.preferred.set(from_preference(preference));
        self.apply();
    }

    fn apply(&self) {
        let system_light = self.system.as_ref().is_some_and(|system| system.matches());
        let theme = resolve(self.preferred.get(), system_light);
        if let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        {
            let _ = root.set_attribute("data-theme", theme.as_str());
        }
    }
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
