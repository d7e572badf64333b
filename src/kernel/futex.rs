//! The one blocking loop every object uses, and read-modify-write helpers the
//! [`Segment`] trait leaves out to keep host implementations small.

use super::segment::Segment;
use std::time::{Duration, Instant};

/// A timeout fixed to an instant once, so retrying after a spurious wakeup never
/// stretches the caller's total wait.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    pub(crate) const NEVER: Deadline = Deadline(None);

    /// `None`, or a timeout too large to represent, waits forever.
    pub(crate) fn after(timeout: Option<Duration>) -> Self {
        Deadline(timeout.and_then(|t| Instant::now().checked_add(t)))
    }

    /// Sleeps on the word at `offset` while it holds `seen`; false once the deadline has
    /// passed (the caller then gives up).
    fn sleep(&self, seg: &dyn Segment, offset: u32, seen: u32) -> bool {
        let timeout = match self.0 {
            None => None,
            Some(at) => match at.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return false,
            },
        };
        seg.wait(offset, seen, timeout);
        true
    }
}

/// Runs `attempt` until it succeeds or the deadline passes. A failed attempt returns the
/// value it saw in the word at `offset`, and we sleep only while the word still holds it:
/// whoever changes the state changes that word and notifies it, so no wakeup is lost.
/// The attempt always runs once more after a wakeup, so a zero timeout means "try once".
pub(crate) fn block_on<T>(
    seg: &dyn Segment,
    offset: u32,
    deadline: &Deadline,
    mut attempt: impl FnMut() -> Result<T, u32>,
) -> Option<T> {
    loop {
        match attempt() {
            Ok(done) => return Some(done),
            Err(seen) if !deadline.sleep(seg, offset, seen) => return None,
            Err(_) => {}
        }
    }
}

/// Applies `f` atomically (a compare-exchange loop); `Err` with the current value when
/// `f` declines. Returns the previous value, like `AtomicU32::fetch_update`.
pub(crate) fn update(
    seg: &dyn Segment,
    offset: u32,
    mut f: impl FnMut(u32) -> Option<u32>,
) -> Result<u32, u32> {
    let mut current = seg.load(offset);
    loop {
        let new = f(current).ok_or(current)?;
        match seg.compare_exchange(offset, current, new) {
            Ok(previous) => return Ok(previous),
            Err(actual) => current = actual,
        }
    }
}

/// Atomic exchange; returns the previous value.
pub(crate) fn swap(seg: &dyn Segment, offset: u32, new: u32) -> u32 {
    match update(seg, offset, |_| Some(new)) {
        Ok(previous) | Err(previous) => previous,
    }
}
