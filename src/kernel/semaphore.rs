//! Counting semaphore; `multiprocessing.Lock` is one bounded at 1, which is why it may be
//! released by a process other than the one that acquired it.

use super::futex::{block_on, update, Deadline};
use super::segment::Segment;
use std::fmt;
use std::time::Duration;

/// Releasing a bounded semaphore past its bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyReleases;

impl fmt::Display for TooManyReleases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("semaphore or lock released too many times")
    }
}

impl std::error::Error for TooManyReleases {}

/// Layout: `+0` value (the futex word), `+4` bound (`u32::MAX` when unbounded),
/// `+8` number of acquirers that may be asleep, so release skips the notify when none are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Semaphore {
    base: u32,
}

impl Semaphore {
    pub const SIZE: u32 = 12;

    pub fn init(seg: &dyn Segment, base: u32, value: u32, bound: Option<u32>) -> Self {
        let bound = bound.unwrap_or(u32::MAX);
        assert!(
            value <= bound,
            "initial value {value} exceeds the bound {bound}"
        );
        seg.store(base, value);
        seg.store(base + 4, bound);
        seg.store(base + 8, 0);
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn value_word(self) -> u32 {
        self.base
    }

    fn sleepers_word(self) -> u32 {
        self.base + 8
    }

    pub fn acquire(self, seg: &dyn Segment, timeout: Option<Duration>) -> bool {
        let take = || update(seg, self.value_word(), |v| v.checked_sub(1)).map(drop);
        if take().is_ok() {
            return true;
        }
        // Announce ourselves before re-checking: a release either sees us or we see its value.
        seg.fetch_add(self.sleepers_word(), 1);
        let acquired = block_on(seg, self.value_word(), &Deadline::after(timeout), take).is_some();
        seg.fetch_sub(self.sleepers_word(), 1);
        acquired
    }

    pub fn release(self, seg: &dyn Segment) -> Result<(), TooManyReleases> {
        let bound = seg.load(self.base + 4);
        update(seg, self.value_word(), |v| (v < bound).then_some(v + 1))
            .map_err(|_| TooManyReleases)?;
        if seg.load(self.sleepers_word()) != 0 {
            seg.notify(self.value_word(), 1);
        }
        Ok(())
    }

    pub fn value(self, seg: &dyn Segment) -> u32 {
        seg.load(self.value_word())
    }
}
