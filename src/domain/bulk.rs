//! Sequential runs over many items (deleting expired keys or tokens): one request at a time, a
//! result for each, and after a failure, a resume that sends only what is not done.

/// Where one item of a bulk run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemStatus {
    Pending,
    Running,
    /// Done, with the server's message ("Service account token deleted").
    Done(String),
    /// Refused, with the server's message; it stays for "Retry the remaining".
    Failed(String),
}

/// A sequential run over items: one request at a time, a result for each, and after a
/// failure, a resume that sends only what is not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkQueue<T> {
    items: Vec<(T, ItemStatus)>,
    /// A failure that stops the run (a session that ended, no connection).
    halted: bool,
    /// How many items the current run (the first, or a resume) set out to do.
    run_total: usize,
}

impl<T: Clone> BulkQueue<T> {
    pub fn new(items: Vec<T>) -> Self {
        let run_total = items.len();
        BulkQueue {
            items: items
                .into_iter()
                .map(|item| (item, ItemStatus::Pending))
                .collect(),
            halted: false,
            run_total,
        }
    }

    pub fn items(&self) -> &[(T, ItemStatus)] {
        &self.items
    }

    /// The next item to send, now marked running; `None` while one runs, once halted, or when
    /// nothing is left.
    pub fn start_next(&mut self) -> Option<(usize, T)> {
        if self.halted || self.is_running() {
            return None;
        }
        let index = self
            .items
            .iter()
            .position(|(_, status)| *status == ItemStatus::Pending)?;
        self.items[index].1 = ItemStatus::Running;
        Some((index, self.items[index].0.clone()))
    }

    /// Records the answer for the running item at `index`; `halt` stops the run there.
    pub fn finish(&mut self, index: usize, result: Result<String, String>, halt: bool) {
        let Some((_, status)) = self.items.get_mut(index) else {
            return;
        };
        if *status != ItemStatus::Running {
            return;
        }
        *status = match result {
            Ok(message) => ItemStatus::Done(message),
            Err(message) => {
                self.halted |= halt;
                ItemStatus::Failed(message)
            }
        };
    }

    /// Puts every failed item, and what a halt left pending, back in line: nothing done is
    /// sent again.
    pub fn resume(&mut self) {
        for (_, status) in &mut self.items {
            if matches!(status, ItemStatus::Failed(_)) {
                *status = ItemStatus::Pending;
            }
        }
        self.halted = false;
        self.run_total = self.count(|status| *status == ItemStatus::Pending);
    }

    fn count(&self, which: impl Fn(&ItemStatus) -> bool) -> usize {
        self.items
            .iter()
            .filter(|(_, status)| which(status))
            .count()
    }

    pub fn is_running(&self) -> bool {
        self.items
            .iter()
            .any(|(_, status)| *status == ItemStatus::Running)
    }

    /// Nothing runs and nothing more will without a resume.
    pub fn is_finished(&self) -> bool {
        !self.is_running()
            && (self.halted || !self.items.iter().any(|(_, s)| *s == ItemStatus::Pending))
    }

    pub fn done(&self) -> usize {
        self.count(|status| matches!(status, ItemStatus::Done(_)))
    }

    pub fn failed(&self) -> usize {
        self.count(|status| matches!(status, ItemStatus::Failed(_)))
    }

    /// What is not done yet: failed or still pending.
    pub fn remaining(&self) -> usize {
        self.items.len() - self.done()
    }

    /// "Deleting 2 of 5…" while it runs, then the summary.
    pub fn progress_text(&self) -> String {
        if self.is_running() {
            let left =
                self.count(|status| matches!(status, ItemStatus::Pending | ItemStatus::Running));
            let current = self.run_total.saturating_sub(left) + 1;
            format!("Deleting {current} of {}…", self.run_total)
        } else if self.is_finished() {
            let (done, total, failed) = (self.done(), self.items.len(), self.failed());
            if failed == 0 && self.remaining() == 0 {
                format!("Deleted {done} of {total}.")
            } else {
                format!(
                    "Deleted {done} of {total}; {} not deleted.",
                    self.remaining()
                )
            }
        } else {
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(n: usize) -> BulkQueue<i64> {
        BulkQueue::new((1..=n as i64).collect())
    }

    #[test]
    fn the_queue_sends_one_at_a_time_in_order() {
        let mut q = queue(3);
        assert_eq!(q.start_next(), Some((0, 1)));
        assert_eq!(q.start_next(), None, "one at a time");
        assert_eq!(q.progress_text(), "Deleting 1 of 3…");
        q.finish(0, Ok("deleted".into()), false);
        assert_eq!(q.start_next(), Some((1, 2)));
        assert_eq!(q.progress_text(), "Deleting 2 of 3…");
        q.finish(1, Err("boom".into()), false);
        assert_eq!(
            q.start_next(),
            Some((2, 3)),
            "a failure does not stop the run"
        );
        q.finish(2, Ok("deleted".into()), false);
        assert!(q.is_finished());
        assert_eq!((q.done(), q.failed(), q.remaining()), (2, 1, 1));
        assert_eq!(q.progress_text(), "Deleted 2 of 3; 1 not deleted.");
        assert_eq!(q.items()[1].1, ItemStatus::Failed("boom".into()));
    }

    #[test]
    fn resuming_sends_only_what_was_not_done() {
        let mut q = queue(5);
        for index in 0..5 {
            let (i, _) = q.start_next().unwrap();
            assert_eq!(i, index);
            let result = if i == 1 || i == 3 {
                Err("no".into())
            } else {
                Ok("ok".into())
            };
            q.finish(i, result, false);
        }
        q.resume();
        let mut sent = vec![];
        while let Some((i, item)) = q.start_next() {
            sent.push(item);
            assert_eq!(q.progress_text(), format!("Deleting {} of 2…", sent.len()));
            q.finish(i, Ok("ok".into()), false);
        }
        assert_eq!(sent, vec![2, 4]);
        assert_eq!(q.progress_text(), "Deleted 5 of 5.");
    }

    #[test]
    fn a_halt_stops_until_resumed() {
        let mut q = queue(3);
        let (i, _) = q.start_next().unwrap();
        q.finish(i, Err("Could not reach Grafana".into()), true);
        assert_eq!(q.start_next(), None);
        assert!(q.is_finished());
        assert_eq!(q.remaining(), 3);
        q.resume();
        assert_eq!(q.start_next(), Some((0, 1)));
    }

    #[test]
    fn stale_answers_are_ignored() {
        let mut q = queue(2);
        q.finish(0, Ok("not running".into()), false);
        q.finish(7, Ok("no such item".into()), false);
        assert_eq!(q.done(), 0);
        assert_eq!(q.start_next(), Some((0, 1)));
    }
}
