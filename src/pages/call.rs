//! `Call`: a request the user starts (create, delete, migrate, sign in), whose answer goes to a
//! handler. It does what the pages used `Action` and an effect on its value for, at a fraction
//! of the bundle: no stored result to clear (so no secret lingers), no effect per call site, and
//! no signal holding the input (a page that shows what runs keeps that itself).

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

pub(crate) struct Call<I: Send + Sync + 'static> {
    start: StoredValue<Box<dyn Fn(I)>, LocalStorage>,
    pending: RwSignal<bool>,
}

impl<I: Send + Sync + 'static> Clone for Call<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: Send + Sync + 'static> Copy for Call<I> {}

impl<I: Send + Sync + 'static> Call<I> {
    /// `request` starts a request for an input; `handle` gets each answer, once `pending` says
    /// that no request runs any more (unless another is still running).
    pub(crate) fn new<Fut>(
        request: impl Fn(&I) -> Fut + 'static,
        handle: impl Fn(Fut::Output) + 'static,
    ) -> Self
    where
        Fut: Future + 'static,
    {
        let pending = RwSignal::new(false);
        let in_flight = Rc::new(Cell::new(0_usize));
        let handle = Rc::new(handle);
        // Answers are handled where the call was made, as an effect would have.
        let owner = Owner::current();
        let start = move |given: I| {
            let answer = request(&given);
            in_flight.set(in_flight.get() + 1);
            if !pending.get_untracked() {
                pending.set(true);
            }
            let (in_flight, handle, owner) =
                (Rc::clone(&in_flight), Rc::clone(&handle), owner.clone());
            spawn_local(async move {
                let output = answer.await;
                // The page that made the call is gone: nobody is left to tell.
                if pending.is_disposed() {
                    return;
                }
                in_flight.set(in_flight.get() - 1);
                if in_flight.get() == 0 {
                    pending.set(false);
                }
                match &owner {
                    Some(owner) => owner.with(|| handle(output)),
                    None => handle(output),
                }
            });
        };
        Call {
            start: StoredValue::new_local(Box::new(start)),
            pending,
        }
    }

    pub(crate) fn dispatch(self, input: I) {
        self.start.with_value(|start| start(input));
    }

    /// Whether a request runs.
    pub(crate) fn pending(self) -> Signal<bool> {
        self.pending.into()
    }
}

/// What a page's click needs made on first use (its `Call`s): `get_or_make` runs in a `#[lazy]`
/// function, so the requests' code and their handlers are in its chunk rather than on the first
/// screen; they are made in the owner `new` ran in (the page's), so their answers outlive the
/// dialog that first needed them, as a `Call` made up front would.
pub(crate) struct Later<T: Send + Sync + 'static> {
    made: RwSignal<Option<T>>,
    owner: StoredValue<Option<Owner>, LocalStorage>,
}

impl<T: Send + Sync + 'static> Clone for Later<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Later<T> {}

impl<T: Copy + Send + Sync + 'static> Later<T> {
    pub(crate) fn new() -> Self {
        Later {
            made: RwSignal::new(None),
            owner: StoredValue::new_local(Owner::current()),
        }
    }

    /// What `make` makes, made once.
    pub(crate) fn get_or_make(self, make: impl FnOnce() -> T) -> T {
        if let Some(made) = self.made.get_untracked() {
            return made;
        }
        let made = match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.made.set(Some(made));
        made
    }
}
