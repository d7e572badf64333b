//! One-shot broadcast flag (`multiprocessing.Event`).

use super::futex::{block_on, update, Deadline};
use super::segment::Segment;
use std::time::Duration;

const SET: u32 = 1;
/// Each `set` that changes the flag also bumps a count in the upper bits, so a waiter
/// still notices a `set` that a quick `clear` undid before it woke.
const SET_COUNT: u32 = 2;

/// Layout: `+0` flag in bit 0, number of sets (wrapping) above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    base: u32,
}

impl Event {
    pub const SIZE: u32 = 4;

    pub fn init(seg: &dyn Segment, base: u32) -> Self {
        seg.store(base, 0);
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    pub fn set(self, seg: &dyn Segment) {
        let changed = update(seg, self.base, |s| {
            (s & SET == 0).then(|| s.wrapping_add(SET_COUNT) | SET)
        });
        if changed.is_ok() {
            seg.notify(self.base, u32::MAX);
        }
    }

    pub fn clear(self, seg: &dyn Segment) {
        // Err only when already clear.
        let _ = update(seg, self.base, |s| (s & SET != 0).then_some(s & !SET));
    }

    pub fn is_set(self, seg: &dyn Segment) -> bool {
        seg.load(self.base) & SET != 0
    }

    /// True once the event is, or has been since the call began, set; false on timeout.
    pub fn wait(self, seg: &dyn Segment, timeout: Option<Duration>) -> bool {
        let start = seg.load(self.base);
        let sets = |s: u32| s & !SET;
        block_on(seg, self.base, &Deadline::after(timeout), || {
            let s = seg.load(self.base);
            if s & SET != 0 || sets(s) != sets(start) {
                Ok(())
            } else {
                Err(s)
            }
        })
        .is_some()
    }
}
