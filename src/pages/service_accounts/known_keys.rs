//! The API key ids this session has seen: the evidence of where a key went, since a migrated
//! key's token keeps the key's id.

use std::collections::BTreeSet;

use leptos::prelude::*;

/// Shared through context by the shell; the keys page records the ids it lists, the service
/// accounts view reads them for "Migrated from API keys".
#[derive(Debug, Clone, Copy)]
pub struct KnownKeyIds(RwSignal<BTreeSet<i64>>);

impl KnownKeyIds {
    /// Makes the ids available to every page below.
    pub fn provide() -> Self {
        let known = KnownKeyIds(RwSignal::new(BTreeSet::new()));
        provide_context(known);
        known
    }

    /// The shell's, or an empty set where none was provided (the view then finds no evidence).
    pub fn from_context() -> Self {
        use_context().unwrap_or_else(|| KnownKeyIds(RwSignal::new(BTreeSet::new())))
    }

    /// Adds the ids of keys the page has listed; subscribers hear only of new ones.
    pub fn record(&self, ids: impl IntoIterator<Item = i64>) {
        let new: Vec<i64> = self
            .0
            .with_untracked(|known| ids.into_iter().filter(|id| !known.contains(id)).collect());
        if !new.is_empty() {
            self.0.update(|known| known.extend(new));
        }
    }

    /// The ids known so far (a tracked read).
    pub fn get(&self) -> BTreeSet<i64> {
        self.0.get()
    }
}
