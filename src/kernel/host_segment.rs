//! The segment of a wasm build: a SharedArrayBuffer outside this instance's memory, which
//! wasm cannot address, so every operation is a host call (`weft_shared`, implemented by
//! `www/runtime/shared.js` with `Atomics`). The engine runs on it, and so do the kernel's
//! tests when built for wasm.

use super::segment::{Segment, Wait};
use std::time::Duration;

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

/// The whole of the host's shared buffer.
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
        if previous == current {
            Ok(previous)
        } else {
            Err(previous)
        }
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
