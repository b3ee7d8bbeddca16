//! `Limit`: at most so many requests (or request sets) at a time, the others waiting their turn,
//! first come first served: the overview's orgs, the lists' and the export's token reads, the
//! export's pages. A user in 1,000 orgs, or an org with 2,000 accounts, must not send thousands
//! of requests at the same moment.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::oneshot;

/// At most so many loads at a time; the others wait their turn, first come first served.
#[derive(Clone)]
pub(crate) struct Limit(Rc<RefCell<Turns>>);

struct Turns {
    free: usize,
    waiting: VecDeque<oneshot::Sender<()>>,
}

/// A load's turn, passed on to the next one waiting when it ends.
pub(crate) struct Turn(Limit);

impl Limit {
    pub(crate) fn new(at_once: usize) -> Self {
        Limit(Rc::new(RefCell::new(Turns {
            free: at_once.max(1),
            waiting: VecDeque::new(),
        })))
    }

    pub(crate) async fn turn(&self) -> Turn {
        let wait = {
            let mut turns = self.0.borrow_mut();
            if turns.free > 0 {
                turns.free -= 1;
                None
            } else {
                let (give, take) = oneshot::channel();
                turns.waiting.push_back(give);
                Some(take)
            }
        };
        if let Some(take) = wait {
            let _ = take.await;
        }
        Turn(self.clone())
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut turns = (self.0).0.borrow_mut();
        // To the first load still waiting (one that was dropped meanwhile cannot take it).
        while let Some(next) = turns.waiting.pop_front() {
            if next.send(()).is_ok() {
                return;
            }
        }
        turns.free += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    fn poll<F: Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn no_more_turns_at_once_than_the_limit_and_each_passed_on() {
        let limit = Limit::new(2);
        let (mut a, mut b, mut c, mut d) = (
            pin!(limit.turn()),
            pin!(limit.turn()),
            pin!(limit.turn()),
            pin!(limit.turn()),
        );
        let Poll::Ready(first) = poll(a.as_mut()) else {
            panic!("a free turn")
        };
        let Poll::Ready(second) = poll(b.as_mut()) else {
            panic!("a free turn")
        };
        assert!(poll(c.as_mut()).is_pending());
        assert!(poll(d.as_mut()).is_pending());
        drop(first);
        let Poll::Ready(third) = poll(c.as_mut()) else {
            panic!("the first waiting takes the turn given back")
        };
        assert!(poll(d.as_mut()).is_pending());
        drop((second, third));
        assert!(poll(d.as_mut()).is_ready());
        // Every turn has ended (the last one with that poll's answer).
        assert_eq!(limit.0.borrow().free, 2);
    }
}
