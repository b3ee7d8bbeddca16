//! `Load`: what a page loads from Grafana, as a signal. It does what the pages used
//! `LocalResource` for, at a fraction of the bundle: each `LocalResource<T>` brought its own copy
//! of the async-derived machinery, while every `Load` shares one effect and one task spawner, and
//! only storing the answer is generic.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// A request's answer, `None` until the first one arrives. The request runs again whenever a
/// signal read by `fetch` changes, and on `refetch`; the last answer stays meanwhile, and only
/// the answer to the latest request is kept.
pub(crate) struct Load<T: Send + Sync + 'static> {
    answer: RwSignal<Option<T>>,
    again: Trigger,
}

impl<T: Send + Sync + 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Load<T> {}

impl<T: Send + Sync + 'static> Load<T> {
    pub(crate) fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let load = Load {
            answer: RwSignal::new(None),
            again: Trigger::new(),
        };
        let answer = load.answer;
        run_latest(
            load.again,
            Box::new(move || {
                let request = fetch();
                Box::pin(async move {
                    let value = request.await;
                    Box::new(move || {
                        // The page may be gone by now.
                        let _ = answer.try_set(Some(value));
                    }) as Box<dyn FnOnce()>
                })
            }),
        );
        load
    }

    /// The latest answer, `None` before the first (a tracked read).
    pub(crate) fn get(self) -> Option<T>
    where
        T: Clone,
    {
        self.answer.get()
    }

    /// Asks again, keeping the last answer until the new one arrives.
    pub(crate) fn refetch(self) {
        self.again.notify();
    }
}

/// A request whose answer, once it arrives, is stored by the closure it returns.
type Request = Pin<Box<dyn Future<Output = Box<dyn FnOnce()>>>>;

/// Starts `request` now and whenever what it reads changes or `again` is notified; an answer is
/// stored only if no later request was started meanwhile. Not generic, so every `Load` shares it.
fn run_latest(again: Trigger, request: Box<dyn Fn() -> Request>) {
    let latest = Rc::new(Cell::new(0_u64));
    Effect::new(move |_| {
        again.track();
        let run = latest.get().wrapping_add(1);
        latest.set(run);
        let pending = request();
        let latest = Rc::clone(&latest);
        spawn_local(async move {
            let store = pending.await;
            if latest.get() == run {
                store();
            }
        });
    });
}
