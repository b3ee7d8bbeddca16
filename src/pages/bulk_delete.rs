//! "Delete expired", for API keys and for an account's tokens: one confirmation listing what
//! will go, then one request at a time with a result for each; after a failure, "Retry the
//! remaining" sends only what was not deleted, and nothing else is touched. The run's state is
//! the domain's `BulkQueue`; this controller drives it.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::components::{BulkDeleteDialog, ConfirmDialog, bulk_delete_question};
use crate::domain::bulk::BulkQueue;

/// What a bulk deletion is called in its dialogs.
#[derive(Clone, Copy)]
pub(crate) struct BulkTexts {
    /// The title and the confirm button, e.g. "Delete expired tokens".
    pub title: &'static str,
    /// The confirmation's lead for one item and for several (`{count}` is replaced).
    pub one: &'static str,
    pub many: &'static str,
}

/// The title for `count` items: the plural title ("Delete expired API keys") loses its
/// final "s" for one ("Delete expired API key").
fn titled_for(title: &'static str, count: usize) -> &'static str {
    match title.strip_suffix('s') {
        Some(singular) if count == 1 => singular,
        _ => title,
    }
}

/// One item's request. Runs are one request at a time and nothing waits on them but the run
/// itself, so a plain task does, not an `Action`.
type DeleteOne<T> = StoredValue<
    Box<dyn Fn(T) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>>>,
    LocalStorage,
>;

pub(crate) struct BulkDelete<T: Send + Sync + 'static> {
    confirming: RwSignal<Option<Vec<T>>>,
    /// The run, while its dialog is open.
    run: RwSignal<Option<BulkQueue<T>>>,
    delete_one: DeleteOne<T>,
    name: fn(&T) -> String,
    texts: BulkTexts,
    on_changed: Callback<()>,
}

impl<T: Send + Sync + 'static> Clone for BulkDelete<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for BulkDelete<T> {}

impl<T: Clone + Send + Sync + 'static> BulkDelete<T> {
    /// `delete` sends one item's request; `on_changed` runs when a run ends or is stopped: the
    /// list is not what the page shows.
    pub(crate) fn new<F, Fut>(
        texts: BulkTexts,
        name: fn(&T) -> String,
        delete: F,
        on_changed: Callback<()>,
    ) -> Self
    where
        F: Fn(T) -> Fut + 'static,
        Fut: Future<Output = Result<String, ApiError>> + 'static,
    {
        BulkDelete {
            confirming: RwSignal::new(None),
            run: RwSignal::new(None),
            delete_one: StoredValue::new_local(Box::new(move |item| Box::pin(delete(item)))),
            name,
            texts,
            on_changed,
        }
    }

    /// Records the answer for the item at `index`, then goes on.
    fn finish(self, index: usize, result: Result<String, ApiError>) {
        // No session or no connection: the next ones would fail the same way.
        let halt = matches!(
            result,
            Err(ApiError::Unauthorized(_) | ApiError::Network(_))
        );
        let outcome = match result {
            Ok(message) => Ok(message),
            // Already gone is what was asked for.
            Err(ApiError::NotFound(message)) => Ok(message),
            Err(error) => Err(error.to_string()),
        };
        self.run.update(|run| {
            if let Some(queue) = run {
                queue.finish(index, outcome, halt);
            }
        });
        self.step();
    }

    /// Sends the next item, or, when the run is over (or was stopped), refreshes the list.
    fn step(self) {
        let next = self
            .run
            .try_update(|run| run.as_mut().and_then(BulkQueue::start_next))
            .flatten();
        match next {
            Some((index, item)) => {
                let request = self.delete_one.with_value(|delete| delete(item));
                spawn_local(async move {
                    let result = request.await;
                    // The page that ran it is gone.
                    if !self.run.is_disposed() {
                        self.finish(index, result);
                    }
                });
            }
            None => self.on_changed.run(()),
        }
    }

    /// What "Delete expired" does with the expired items: ask first.
    pub(crate) fn ask(self) -> Callback<Vec<T>> {
        Callback::new(move |items: Vec<T>| {
            if !items.is_empty() && self.run.with_untracked(Option::is_none) {
                self.confirming.set(Some(items));
            }
        })
    }

    /// The dialogs while a confirmation or a run is open, built by `dialogs`: the page's
    /// `#[lazy]` function calling [`BulkDelete::dialogs`] for its items, so that their code and
    /// the run's are in a chunk of their own.
    pub(crate) fn on_demand<Fut>(self, dialogs: fn(Self) -> Fut) -> impl IntoView
    where
        Fut: Future<Output = AnyView> + 'static,
    {
        // Once per confirmation and run, not again at each step.
        let open = Memo::new(move |_| {
            self.confirming.with(Option::is_some) || self.run.with(Option::is_some)
        });
        move || open.get().then(|| crate::pages::on_demand(dialogs(self)))
    }

    pub(crate) fn dialogs(self) -> impl IntoView {
        let BulkDelete {
            confirming,
            run,
            name,
            texts,
            ..
        } = self;
        let confirm = move || {
            confirming.get().map(|items| {
                let lead = match items.len() {
                    1 => texts.one.to_string(),
                    count => texts.many.replace("{count}", &count.to_string()),
                };
                let title = titled_for(texts.title, items.len());
                let question = bulk_delete_question(lead, items.iter().map(name).collect());
                view! {
                    <ConfirmDialog
                        title
                        confirm_label=title
                        busy_label="Deleting..."
                        busy=Signal::derive(|| false)
                        destructive=true
                        on_confirm=Callback::new(move |()| {
                            confirming.set(None);
                            run.set(Some(BulkQueue::new(items.clone())));
                            self.step();
                        })
                        on_cancel=Callback::new(move |()| confirming.set(None))
                    >
                        {question}
                    </ConfirmDialog>
                }
            })
        };
        // Mounted once per run, not again at each step.
        let open = Memo::new(move |_| run.with(Option::is_some));
        let with_queue = move |read: fn(&BulkQueue<T>) -> bool| {
            Signal::derive(move || run.with(|run| run.as_ref().is_some_and(read)))
        };
        let progress = move || {
            open.get().then(|| {
                let items = Signal::derive(move || {
                    run.with(|run| {
                        run.as_ref()
                            .map(|queue| {
                                queue
                                    .items()
                                    .iter()
                                    .map(|(item, status)| (name(item), status.clone()))
                                    .collect()
                            })
                            .unwrap_or_default()
                    })
                });
                let progress = Signal::derive(move || {
                    run.with(|run| {
                        run.as_ref()
                            .map(BulkQueue::progress_text)
                            .unwrap_or_default()
                    })
                });
                view! {
                    <BulkDeleteDialog
                        title=texts.title
                        items
                        progress
                        running=with_queue(|queue| !queue.is_finished())
                        can_resume=with_queue(|queue| queue.remaining() > 0)
                        on_resume=Callback::new(move |()| {
                            run.update(|run| {
                                if let Some(queue) = run {
                                    queue.resume();
                                }
                            });
                            self.step();
                        })
                        // Stops after the request in flight; what is left stays for later.
                        on_close=Callback::new(move |()| {
                            run.set(None);
                            self.on_changed.run(());
                        })
                    />
                }
            })
        };
        view! {
            {confirm}
            {progress}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::titled_for;

    #[test]
    fn one_item_has_a_singular_title() {
        assert_eq!(
            titled_for("Delete expired API keys", 1),
            "Delete expired API key"
        );
        assert_eq!(
            titled_for("Delete expired API keys", 2),
            "Delete expired API keys"
        );
        assert_eq!(
            titled_for("Delete expired tokens", 1),
            "Delete expired token"
        );
    }
}
