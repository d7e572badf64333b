//! Owner-aware locks: [`Mutex`] (Python's `threading.Lock` shape) and the re-entrant
//! [`RLock`] built on it.

use super::futex::{block_on, swap, Deadline};
use super::halt::{self, Inside};
use super::segment::Segment;
use std::fmt;
use std::time::Duration;

/// Releasing a lock the caller does not hold (Python: `RuntimeError: cannot release
/// un-acquired lock`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotOwner;

impl fmt::Display for NotOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot release un-acquired lock")
    }
}

impl std::error::Error for NotOwner {}

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;
/// Locked, and someone may be asleep on it: only then does unlock pay for a notify.
const CONTENDED: u32 = 2;

/// Owner id of the kernel's own short-lived locks, which only ever unlock themselves.
pub(crate) const INTERNAL: u32 = u32::MAX;

/// A futex mutex that remembers its owner.
///
/// Layout: `+0` state (unlocked/locked/contended), `+4` owner id (0 when unlocked).
/// Owner ids are nonzero and unique per thread across processes, e.g. `pid << 16 | tid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mutex {
    base: u32,
}

impl Mutex {
    pub const SIZE: u32 = 8;

    pub fn init(seg: &dyn Segment, base: u32) -> Self {
        seg.store(base, UNLOCKED);
        seg.store(base + 4, 0);
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn state(self) -> u32 {
        self.base
    }

    fn owner_word(self) -> u32 {
        self.base + 4
    }

    /// Not re-entrant: locking it again from its owner waits like anyone else.
    pub fn lock(self, seg: &dyn Segment, owner: u32, timeout: Option<Duration>) -> bool {
        self.lock_until(seg, owner, &Deadline::after(timeout))
    }

    pub(crate) fn lock_until(self, seg: &dyn Segment, owner: u32, deadline: &Deadline) -> bool {
        debug_assert_ne!(owner, 0, "owner ids are nonzero");
        let acquired = seg.compare_exchange(self.state(), UNLOCKED, LOCKED).is_ok()
            // We cannot tell whether others are asleep, so we take it as contended.
            || block_on(seg, self.state(), deadline, || match swap(seg, self.state(), CONTENDED) {
                UNLOCKED => Ok(()),
                _ => Err(CONTENDED),
            })
            .is_some();
        self.claim(seg, owner, acquired)
    }

    pub fn try_lock(self, seg: &dyn Segment, owner: u32) -> bool {
        debug_assert_ne!(owner, 0, "owner ids are nonzero");
        self.claim(
            seg,
            owner,
            seg.compare_exchange(self.state(), UNLOCKED, LOCKED).is_ok(),
        )
    }

    fn claim(self, seg: &dyn Segment, owner: u32, acquired: bool) -> bool {
        if acquired {
            seg.store(self.owner_word(), owner);
        }
        acquired
    }

    pub fn unlock(self, seg: &dyn Segment, owner: u32) -> Result<(), NotOwner> {
        if seg.load(self.owner_word()) != owner {
            return Err(NotOwner);
        }
        seg.store(self.owner_word(), 0);
        if seg.fetch_sub(self.state(), 1) != LOCKED {
            seg.store(self.state(), UNLOCKED);
            seg.notify(self.state(), 1);
        }
        Ok(())
    }

    pub fn owner(self, seg: &dyn Segment) -> Option<u32> {
        Some(seg.load(self.owner_word())).filter(|&owner| owner != 0)
    }

    /// Locks with the [`INTERNAL`] owner for the kernel's own critical sections; the guard
    /// unlocks even if the section panics, so a bug cannot wedge every process.
    pub(crate) fn hold<'a>(self, seg: &'a dyn Segment, deadline: &Deadline) -> Option<Held<'a>> {
        // Lazily: a guard built for a failed attempt would unlock on drop, and every
        // holder shares the INTERNAL owner, so it would release someone else's hold.
        self.lock_until(seg, INTERNAL, deadline)
            .then(|| Held { seg, mutex: self })
    }

    /// [`Mutex::hold`] without a deadline for the kernel's brief sections, those no thread
    /// may be cut off inside (see [`halt`]): never held across a wait for something else.
    pub(crate) fn hold_briefly(self, seg: &dyn Segment) -> Brief<'_> {
        let inside = halt::enter();
        Brief {
            _lock: self
                .hold(seg, &Deadline::NEVER)
                .expect("waits without a deadline"),
            _inside: inside,
        }
    }
}

/// Fields drop in order: the lock is released before the gate is left.
pub(crate) struct Brief<'a> {
    _lock: Held<'a>,
    _inside: Inside,
}

pub(crate) struct Held<'a> {
    seg: &'a dyn Segment,
    mutex: Mutex,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let unlocked = self.mutex.unlock(self.seg, INTERNAL);
        debug_assert!(unlocked.is_ok(), "internal lock lost its owner");
    }
}

/// A re-entrant lock: its owner may lock it again and must unlock it as many times.
///
/// Layout: `+0` [`Mutex`], `+8` recursion level (written only by the owner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RLock {
    base: u32,
}

impl RLock {
    pub const SIZE: u32 = Mutex::SIZE + 4;

    pub fn init(seg: &dyn Segment, base: u32) -> Self {
        Mutex::init(seg, base);
        seg.store(base + Mutex::SIZE, 0);
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn mutex(self) -> Mutex {
        Mutex::at(self.base)
    }

    fn level_word(self) -> u32 {
        self.base + Mutex::SIZE
    }

    pub fn lock(self, seg: &dyn Segment, owner: u32, timeout: Option<Duration>) -> bool {
        self.enter(seg, owner, || self.mutex().lock(seg, owner, timeout))
    }

    pub fn try_lock(self, seg: &dyn Segment, owner: u32) -> bool {
        self.enter(seg, owner, || self.mutex().try_lock(seg, owner))
    }

    fn enter(self, seg: &dyn Segment, owner: u32, acquire: impl FnOnce() -> bool) -> bool {
        if self.owner(seg) == Some(owner) {
            seg.fetch_add(self.level_word(), 1);
            return true;
        }
        let acquired = acquire();
        if acquired {
            seg.store(self.level_word(), 1);
        }
        acquired
    }

    /// Undoes one `lock`; the last one releases the lock to others.
    pub fn unlock(self, seg: &dyn Segment, owner: u32) -> Result<(), NotOwner> {
        if self.owner(seg) != Some(owner) {
            return Err(NotOwner);
        }
        if seg.fetch_sub(self.level_word(), 1) == 1 {
            self.mutex().unlock(seg, owner)?;
        }
        Ok(())
    }

    pub fn owner(self, seg: &dyn Segment) -> Option<u32> {
        self.mutex().owner(seg)
    }

    /// How many times the owner holds it; 0 when unlocked.
    pub fn level(self, seg: &dyn Segment) -> u32 {
        seg.load(self.level_word())
    }

    /// Releases every level at once, for a condition wait; returns the level to restore.
    pub(crate) fn unlock_all(self, seg: &dyn Segment, owner: u32) -> Result<u32, NotOwner> {
        if self.owner(seg) != Some(owner) {
            return Err(NotOwner);
        }
        let level = swap(seg, self.level_word(), 0);
        self.mutex().unlock(seg, owner)?;
        Ok(level)
    }

    /// Blocks until locked again at `level` (Python re-acquires without a timeout too).
    pub(crate) fn relock(self, seg: &dyn Segment, owner: u32, level: u32) {
        self.mutex().lock_until(seg, owner, &Deadline::NEVER);
        seg.store(self.level_word(), level);
    }
}
