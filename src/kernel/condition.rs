//! Condition variable over an [`RLock`] (`multiprocessing.Condition`'s default lock).
//!
//! A futex word cannot wake a chosen waiter, so `notify(n)` hands out `n` permits that
//! only waiters already present may take (tickets below the limit), then wakes everyone
//! to race for them: exactly the notified number leave, and late arrivals cannot steal.

use super::futex::{block_on, update, Deadline};
use super::mutex::{NotOwner, RLock};
use super::segment::Segment;
use std::time::Duration;

/// Layout: `+0` next ticket, `+4` ticket limit (tickets below it may take a permit),
/// `+8` permits, `+12` waiters not yet given a permit, `+16` wakeup sequence (futex word).
/// Everything but permit taking changes only while the caller holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Condition {
    base: u32,
}

impl Condition {
    pub const SIZE: u32 = 20;

    pub fn init(seg: &dyn Segment, base: u32) -> Self {
        for word in 0..Self::SIZE / 4 {
            seg.store(base + 4 * word, 0);
        }
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn next_ticket(self) -> u32 {
        self.base
    }

    fn limit(self) -> u32 {
        self.base + 4
    }

    fn permits(self) -> u32 {
        self.base + 8
    }

    fn unsignalled(self) -> u32 {
        self.base + 12
    }

    fn sequence(self) -> u32 {
        self.base + 16
    }

    /// Releases `lock` fully, waits for a notify, then re-acquires it at its old level
    /// (even after a timeout, as Python does). True if notified, false on timeout.
    pub fn wait(
        self,
        seg: &dyn Segment,
        lock: RLock,
        owner: u32,
        timeout: Option<Duration>,
    ) -> Result<bool, NotOwner> {
        if lock.owner(seg) != Some(owner) {
            return Err(NotOwner);
        }
        let deadline = Deadline::after(timeout);
        let ticket = seg.fetch_add(self.next_ticket(), 1);
        seg.fetch_add(self.unsignalled(), 1);
        let level = lock.unlock_all(seg, owner)?;
        let notified = block_on(seg, self.sequence(), &deadline, || {
            let seen = seg.load(self.sequence());
            if self.take_permit(seg, ticket) {
                Ok(())
            } else {
                Err(seen)
            }
        })
        .is_some();
        lock.relock(seg, owner, level);
        // With the lock back no notify can run: a permit granted after our last look is
        // ours to take; otherwise we withdraw so later notifies skip us.
        let notified = notified || self.take_permit(seg, ticket);
        if !notified {
            seg.fetch_sub(self.unsignalled(), 1);
        }
        Ok(notified)
    }

    fn take_permit(self, seg: &dyn Segment, ticket: u32) -> bool {
        let eligible = (seg.load(self.limit()).wrapping_sub(ticket) as i32) > 0;
        eligible && update(seg, self.permits(), |p| p.checked_sub(1)).is_ok()
    }

    /// Wakes up to `n` of the current waiters; returns how many. The caller must hold the
    /// lock the waiters use (Python raises otherwise; the binding checks).
    pub fn notify(self, seg: &dyn Segment, n: u32) -> u32 {
        let woken = seg.load(self.unsignalled()).min(n);
        if woken > 0 {
            seg.fetch_sub(self.unsignalled(), woken);
            seg.store(self.limit(), seg.load(self.next_ticket()));
            seg.fetch_add(self.permits(), woken);
            seg.fetch_add(self.sequence(), 1);
            seg.notify(self.sequence(), u32::MAX);
        }
        woken
    }

    pub fn notify_all(self, seg: &dyn Segment) -> u32 {
        self.notify(seg, u32::MAX)
    }
}
