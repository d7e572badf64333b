//! `threading.Barrier` semantics across processes.
//!
//! Python's state machine, packed into one word so every transition is a single
//! compare-exchange: a cycle fills, then drains (released waiters leave) before the next
//! cycle may fill, so a slow waker can never mistake the next cycle for its own.

use super::futex::{block_on, update, Deadline};
use super::segment::Segment;
use std::fmt;
use std::time::Duration;

/// The barrier was aborted, reset, or broken by a timed-out waiter
/// (Python: `threading.BrokenBarrierError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken;

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("barrier is broken")
    }
}

impl std::error::Error for Broken {}

const FILLING: u32 = 0;
const DRAINING: u32 = 1;
const RESETTING: u32 = 2;
const BROKEN: u32 = 3;
const PHASE: u32 = 3;
/// The count of threads inside `wait` sits above the phase bits.
const ONE: u32 = 4;

fn phase(state: u32) -> u32 {
    state & PHASE
}

fn count(state: u32) -> u32 {
    state / ONE
}

fn pack(phase: u32, count: u32) -> u32 {
    (count * ONE) | phase
}

/// Layout: `+0` parties, `+4` state: phase in bits 0–1, threads inside `wait` above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Barrier {
    base: u32,
}

impl Barrier {
    pub const SIZE: u32 = 8;

    pub fn init(seg: &dyn Segment, base: u32, parties: u32) -> Self {
        assert!(
            (1..u32::MAX / ONE).contains(&parties),
            "a barrier needs 1.. parties, not {parties}"
        );
        seg.store(base, parties);
        seg.store(base + 4, pack(FILLING, 0));
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn state(self) -> u32 {
        self.base + 4
    }

    pub fn parties(self, seg: &dyn Segment) -> u32 {
        seg.load(self.base)
    }

    /// Returns this thread's arrival index, `0..parties`, once all parties have arrived.
    /// Timing out breaks the barrier for everyone, as in Python.
    pub fn wait(self, seg: &dyn Segment, timeout: Option<Duration>) -> Result<u32, Broken> {
        let deadline = Deadline::after(timeout);
        let parties = self.parties(seg);
        // Python waits out a drain or reset without a timeout too: it lasts only as long
        // as the previous cycle's waiters take to wake.
        let arrival = block_on(seg, self.state(), &Deadline::NEVER, || {
            let s = seg.load(self.state());
            match phase(s) {
                BROKEN => Ok(Err(Broken)),
                DRAINING | RESETTING => Err(s),
                _ => {
                    let index = count(s);
                    let last = index + 1 == parties;
                    // The last arrival leaves at once, so it is not counted in the drain.
                    let next = match (last, index) {
                        (false, _) => s + ONE,
                        (true, 0) => pack(FILLING, 0),
                        (true, _) => pack(DRAINING, index),
                    };
                    // A lost race re-reads: the stale value makes the futex wait return at once.
                    seg.compare_exchange(self.state(), s, next)
                        .map(|_| Ok((index, last)))
                        .map_err(|_| s)
                }
            }
        });
        let (index, last) = arrival.expect("waits without a deadline")?;
        if last {
            seg.notify(self.state(), u32::MAX);
            return Ok(index);
        }
        let released = block_on(seg, self.state(), &deadline, || {
            let s = seg.load(self.state());
            match phase(s) {
                FILLING => Err(s),
                p => Ok(p == DRAINING),
            }
        });
        let released = released.unwrap_or_else(|| self.break_on_timeout(seg));
        self.leave(seg);
        if released {
            Ok(index)
        } else {
            Err(Broken)
        }
    }

    /// Breaks the still-filling cycle; true if it was released just before we could.
    fn break_on_timeout(self, seg: &dyn Segment) -> bool {
        match update(seg, self.state(), |s| {
            (phase(s) == FILLING).then(|| pack(BROKEN, count(s)))
        }) {
            Ok(_) => {
                seg.notify(self.state(), u32::MAX);
                false
            }
            Err(s) => phase(s) == DRAINING,
        }
    }

    /// The last one out of a drain or reset opens the barrier for the next cycle.
    fn leave(self, seg: &dyn Segment) {
        let exit = |s: u32| {
            let (p, left) = (phase(s), count(s) - 1);
            Some(match p {
                DRAINING | RESETTING if left == 0 => pack(FILLING, 0),
                _ => pack(p, left),
            })
        };
        if let Ok(before) = update(seg, self.state(), exit) {
            if matches!(phase(before), DRAINING | RESETTING) && count(before) == 1 {
                seg.notify(self.state(), u32::MAX);
            }
        }
    }

    /// Breaks the barrier: current and future waiters get [`Broken`] until `reset`.
    pub fn abort(self, seg: &dyn Segment) {
        let _ = update(seg, self.state(), |s| Some(pack(BROKEN, count(s))));
        seg.notify(self.state(), u32::MAX);
    }

    /// Back to empty: current waiters get [`Broken`], later ones start a fresh cycle.
    pub fn reset(self, seg: &dyn Segment) {
        let _ = update(seg, self.state(), |s| {
            Some(match (phase(s), count(s)) {
                (_, 0) => pack(FILLING, 0),
                (FILLING | BROKEN, n) => pack(RESETTING, n),
                _ => s,
            })
        });
        seg.notify(self.state(), u32::MAX);
    }

    /// Threads waiting in the current cycle.
    pub fn n_waiting(self, seg: &dyn Segment) -> u32 {
        let s = seg.load(self.state());
        if phase(s) == FILLING {
            count(s)
        } else {
            0
        }
    }

    pub fn broken(self, seg: &dyn Segment) -> bool {
        phase(seg.load(self.state())) == BROKEN
    }
}
