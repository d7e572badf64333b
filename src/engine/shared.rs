//! The run's shared segment: one SharedArrayBuffer outside every process's memory that
//! holds the process table and the arena of cross-process objects, reached through the
//! kernel's [`HostSegment`] (host calls into `www/runtime/shared.js`).
//!
//! Layout (mirrored in `www/runtime/shared.js`): `+0` change epoch, `+4` how many wait on it,
//! `+8` process table, then the arena to the end.

use crate::kernel::{Arena, HostSegment, ProcessTable, Segment};
use std::time::Duration;

pub const EPOCH: u32 = 0;
const EPOCH_WAITERS: u32 = 4;
pub const TABLE: u32 = 8;
/// Live processes per run, the main one included (`www/runtime/shared.js` agrees).
pub const MAX_PROCESSES: u32 = 32;

pub static SEGMENT: HostSegment = HostSegment;

pub fn table() -> ProcessTable {
    ProcessTable::at(TABLE)
}

pub fn arena() -> Arena<'static> {
    Arena::at(&SEGMENT, TABLE + ProcessTable::size(MAX_PROCESSES))
}

/// Run once, by the main process before anything else can touch the segment.
pub fn init() {
    let table = ProcessTable::init(&SEGMENT, TABLE, MAX_PROCESSES);
    let base = TABLE + ProcessTable::size(MAX_PROCESSES);
    Arena::init(&SEGMENT, base, SEGMENT.len() - base);
    let pid = table.register(&SEGMENT, 0, "MainProcess").expect("an empty table has room");
    debug_assert_eq!(pid, 1);
    table.set_running(&SEGMENT, pid).expect("just registered");
}

/// Tells every `change_wait`er that a channel or process changed state. Every channel send
/// comes here, and most find nobody waiting: they skip the host's notify. (A waiter counts
/// itself before its wait compares the epoch, so it either sees this bump or is counted.)
pub fn bump_epoch() {
    SEGMENT.fetch_add(EPOCH, 1);
    if SEGMENT.load(EPOCH_WAITERS) != 0 {
        SEGMENT.notify(EPOCH, u32::MAX);
    }
}

/// Waits until the epoch is no longer `epoch`, or `limit` passes; whether it changed.
pub fn change_wait(epoch: u32, limit: Option<Duration>) -> bool {
    if SEGMENT.load(EPOCH) == epoch && limit != Some(Duration::ZERO) {
        SEGMENT.fetch_add(EPOCH_WAITERS, 1);
        SEGMENT.wait(EPOCH, epoch, limit);
        SEGMENT.fetch_sub(EPOCH_WAITERS, 1);
    }
    SEGMENT.load(EPOCH) != epoch
}

/// Records `pid`'s exit for `join` and `connection.wait`.
pub fn exited(pid: u32, code: i32) {
    let _ = table().set_exited(&SEGMENT, pid, code);
    bump_epoch();
}
