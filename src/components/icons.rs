//! Small inline SVG icons (Grafana's icon set look), decorative unless labelled.
//!
//! Inline SVG rather than an icon font or image files: no extra request, they take the text
//! colour (`currentColor`), and a strict CSP (`img-src`, `style-src 'self'`) has nothing to
//! block. Each icon is one stroked path on a 24×24 grid, so the set costs a few strings.

use leptos::prelude::*;

/// The icons the page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    Key,
    Info,
    Warning,
    Error,
    Success,
    Close,
    Copy,
    Plus,
    Search,
    Question,
    Clock,
}

/// A circle of radius 9 around the centre, which several icons start from.
macro_rules! circle {
    ($rest:literal) => {
        concat!("M21 12a9 9 0 1 1-18 0a9 9 0 1 1 18 0z", $rest)
    };
}

impl IconName {
    /// The path, drawn with a 2px round stroke and no fill.
    fn path(self) -> &'static str {
        match self {
            IconName::Key => {
                "M12 15a4 4 0 1 1-8 0a4 4 0 1 1 8 0zM10.8 12.2L20 3M17 6l3 3M14.5 8.5l2 2"
            }
            IconName::Info => circle!("M12 11v5M12 8h.01"),
            IconName::Clock => circle!("M12 7v5l3 2"),
            IconName::Warning => "M12 3L2 20h20zM12 9v5M12 17h.01",
            IconName::Error => circle!("M12 7v6M12 16h.01"),
            IconName::Success => circle!("M8 12l3 3l5-6"),
            IconName::Close => "M6 6l12 12M18 6L6 18",
            IconName::Copy => "M9 9h11v11H9zM5 15H4V4h11v1",
            IconName::Plus => "M12 5v14M5 12h14",
            IconName::Search => "M17 10.5a6.5 6.5 0 1 1-13 0a6.5 6.5 0 1 1 13 0zM15.2 15.2L20 20",
            IconName::Question => {
                circle!("M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7M12 17h.01")
            }
        }
    }
}

/// An icon at text size (16px); `size` "lg" (24px) or "xl" (32px) for larger ones. Hidden from
/// assistive technology unless it has a `label`, in which case it is announced as an image.
#[component]
pub fn Icon(
    name: IconName,
    /// What the icon says when nothing next to it does.
    #[prop(optional)]
    label: Option<&'static str>,
    /// `""` (16px), `"lg"` (24px) or `"xl"` (32px).
    #[prop(optional)]
    size: &'static str,
) -> impl IntoView {
    let class = if size.is_empty() {
        "icon".to_string()
    } else {
        format!("icon icon--{size}")
    };
    view! {
        <svg
            class=class
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            focusable="false"
            role=label.map(|_| "img")
            aria-label=label
            aria-hidden=label.is_none().then_some("true")
        >
            <path d=name.path() />
        </svg>
    }
}
