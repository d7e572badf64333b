//! The run's shared segment: one SharedArrayBuffer outside every process's memory that
//! holds the process table and the arena of cross-process objects. Wasm cannot address
//! it directly, so each kernel operation is a host call (`www/runtime/shared.js`).
//!
//! Layout (mirrored in `www/runtime/shared.js`): `+0` change epoch, `+4` unused, `+8` process table, then
//! the arena to the end.

use crate::kernel::{Arena, ProcessTable, Segment, Wait};
use std::time::Duration;

pub const EPOCH: u32 = 0;
pub const TABLE: u32 = 8;
/// Live processes per run, the main one included (`www/runtime/shared.js` agrees).
pub const MAX_PROCESSES: u32 = 32;

#[link(wasm_import_module = "weft_shared")]
unsafe extern "C" {
    fn size() -> u32;
    fn load(offset: u32) -> u32;
    fn store(offset: u32, value: u32);
    fn compare_exchange(offset: u32, current: u32, new: u32) -> u32;
    fn fetch_add(offset: u32, delta: u32) -> u32;
    fn fetch_sub(offset: u32, delta: u32) -> u32;
    /// `timeout_ms < 0` waits forever; returns 0 woken, 1 not equal, 2 timed out.
    fn wait(offset: u32, expected: u32, timeout_ms: f64) -> u32;
    fn notify(offset: u32, count: u32) -> u32;
    fn read(offset: u32, ptr: *mut u8, len: u32);
    fn write(offset: u32, ptr: *const u8, len: u32);
}

/// The run's segment, reached through host calls.
pub struct HostSegment;

// SAFETY (all calls below): the host checks offsets against the buffer and copies
// between it and this instance's memory only within the given pointer and length.
impl Segment for HostSegment {
    fn len(&self) -> u32 {
        unsafe { size() }
    }
    fn load(&self, offset: u32) -> u32 {
        unsafe { load(offset) }
    }
    fn store(&self, offset: u32, value: u32) {
        unsafe { store(offset, value) }
    }
    fn compare_exchange(&self, offset: u32, current: u32, new: u32) -> Result<u32, u32> {
        let previous = unsafe { compare_exchange(offset, current, new) };
        if previous == current { Ok(previous) } else { Err(previous) }
    }
    fn fetch_add(&self, offset: u32, delta: u32) -> u32 {
        unsafe { fetch_add(offset, delta) }
    }
    fn fetch_sub(&self, offset: u32, delta: u32) -> u32 {
        unsafe { fetch_sub(offset, delta) }
    }
    fn wait(&self, offset: u32, expected: u32, timeout: Option<Duration>) -> Wait {
        let ms = timeout.map_or(-1.0, |t| t.as_secs_f64() * 1000.0);
        match unsafe { wait(offset, expected, ms) } {
            0 => Wait::Woken,
            1 => Wait::Mismatch,
            _ => Wait::TimedOut,
        }
    }
    fn notify(&self, offset: u32, count: u32) -> u32 {
        unsafe { notify(offset, count) }
    }
    fn read(&self, offset: u32, out: &mut [u8]) {
        unsafe { read(offset, out.as_mut_ptr(), out.len() as u32) }
    }
    fn write(&self, offset: u32, data: &[u8]) {
        unsafe { write(offset, data.as_ptr(), data.len() as u32) }
    }
}

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

/// Tells every `change_wait`er that a channel or process changed state.
pub fn bump_epoch() {
    SEGMENT.fetch_add(EPOCH, 1);
    SEGMENT.notify(EPOCH, u32::MAX);
}

/// Records `pid`'s exit for `join` and `connection.wait`.
pub fn exited(pid: u32, code: i32) {
    let _ = table().set_exited(&SEGMENT, pid, code);
    bump_epoch();
}
