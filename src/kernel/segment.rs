//! The memory every cross-process object lives in, and a native stand-in for it.

use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::time::{Duration, Instant};

/// How a [`Segment::wait`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// A [`Segment::notify`] woke us (or the wakeup was spurious: callers re-check).
    Woken,
    /// The word did not hold the expected value, so we never slept.
    Mismatch,
    TimedOut,
}

/// Shared memory addressed by byte offset. Word operations take 4-byte-aligned offsets
/// and are sequentially consistent; `wait`/`notify` are futexes with the semantics of
/// JS `Atomics.wait`/`Atomics.notify`, so a SharedArrayBuffer can implement the trait.
/// Words are little-endian as seen through `read`/`write`, like wasm and JS typed arrays.
#[allow(
    clippy::len_without_is_empty,
    reason = "a segment never changes size, so emptiness tells nothing"
)]
pub trait Segment: Send + Sync {
    /// Size in bytes.
    fn len(&self) -> u32;
    fn load(&self, offset: u32) -> u32;
    fn store(&self, offset: u32, value: u32);
    fn compare_exchange(&self, offset: u32, current: u32, new: u32) -> Result<u32, u32>;
    /// Wrapping.
    fn fetch_add(&self, offset: u32, delta: u32) -> u32;
    /// Wrapping.
    fn fetch_sub(&self, offset: u32, delta: u32) -> u32;
    /// Sleeps while the word at `offset` holds `expected`, until notified or timed out.
    fn wait(&self, offset: u32, expected: u32, timeout: Option<Duration>) -> Wait;
    /// Wakes up to `count` waiters on `offset` (`u32::MAX`: all); returns how many woke.
    fn notify(&self, offset: u32, count: u32) -> u32;
    /// Copies bytes out; need not be atomic as a whole, so callers order it with words.
    fn read(&self, offset: u32, out: &mut [u8]);
    fn write(&self, offset: u32, data: &[u8]);
}

/// A segment in this process's heap, for native tests and single-process use.
pub struct HeapSegment {
    words: Box<[AtomicU32]>,
}

impl HeapSegment {
    /// Zero-filled; `len_bytes` is rounded up to whole words.
    pub fn new(len_bytes: u32) -> Self {
        let words = len_bytes.div_ceil(4) as usize;
        Self {
            words: (0..words).map(|_| AtomicU32::new(0)).collect(),
        }
    }

    fn word(&self, offset: u32) -> &AtomicU32 {
        debug_assert_eq!(offset % 4, 0, "unaligned word offset {offset}");
        &self.words[(offset / 4) as usize]
    }

    fn key(&self, offset: u32) -> usize {
        self.word(offset) as *const AtomicU32 as usize
    }

    /// Visits the words under `offset..offset + len` as (word, first byte in it, byte range
    /// in the caller's buffer), so unaligned byte copies never disturb neighbouring bytes.
    fn spans(
        &self,
        offset: u32,
        len: usize,
        mut visit: impl FnMut(&AtomicU32, usize, std::ops::Range<usize>),
    ) {
        let mut done = 0;
        while done < len {
            let at = offset as usize + done;
            let within = at % 4;
            let n = (4 - within).min(len - done);
            visit(&self.words[at / 4], within, done..done + n);
            done += n;
        }
    }
}

impl Segment for HeapSegment {
    fn len(&self) -> u32 {
        (self.words.len() * 4) as u32
    }

    fn load(&self, offset: u32) -> u32 {
        self.word(offset).load(SeqCst)
    }

    fn store(&self, offset: u32, value: u32) {
        self.word(offset).store(value, SeqCst)
    }

    fn compare_exchange(&self, offset: u32, current: u32, new: u32) -> Result<u32, u32> {
        self.word(offset)
            .compare_exchange(current, new, SeqCst, SeqCst)
    }

    fn fetch_add(&self, offset: u32, delta: u32) -> u32 {
        self.word(offset).fetch_add(delta, SeqCst)
    }

    fn fetch_sub(&self, offset: u32, delta: u32) -> u32 {
        self.word(offset).fetch_sub(delta, SeqCst)
    }

    fn wait(&self, offset: u32, expected: u32, timeout: Option<Duration>) -> Wait {
        let word = self.word(offset);
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        // SAFETY: the callbacks neither panic nor call back into parking_lot_core.
        let result = unsafe {
            parking_lot_core::park(
                self.key(offset),
                || word.load(SeqCst) == expected,
                || {},
                |_, _| {},
                parking_lot_core::DEFAULT_PARK_TOKEN,
                deadline,
            )
        };
        match result {
            parking_lot_core::ParkResult::Unparked(_) => Wait::Woken,
            parking_lot_core::ParkResult::Invalid => Wait::Mismatch,
            parking_lot_core::ParkResult::TimedOut => Wait::TimedOut,
        }
    }

    fn notify(&self, offset: u32, count: u32) -> u32 {
        let mut left = count;
        let filter = |_| {
            if left == 0 {
                return parking_lot_core::FilterOp::Stop;
            }
            left -= 1;
            parking_lot_core::FilterOp::Unpark
        };
        // SAFETY: the callbacks neither panic nor call back into parking_lot_core.
        let result = unsafe {
            parking_lot_core::unpark_filter(self.key(offset), filter, |_| {
                parking_lot_core::DEFAULT_UNPARK_TOKEN
            })
        };
        result.unparked_threads as u32
    }

    fn read(&self, offset: u32, out: &mut [u8]) {
        self.spans(offset, out.len(), |word, within, range| {
            let bytes = word.load(SeqCst).to_le_bytes();
            out[range.clone()].copy_from_slice(&bytes[within..within + range.len()]);
        });
    }

    fn write(&self, offset: u32, data: &[u8]) {
        self.spans(offset, data.len(), |word, within, range| {
            let patch = |old: u32| {
                let mut bytes = old.to_le_bytes();
                bytes[within..within + range.len()].copy_from_slice(&data[range.clone()]);
                Some(u32::from_le_bytes(bytes))
            };
            // Never fails: `patch` always returns Some.
            let _ = word.fetch_update(SeqCst, SeqCst, patch);
        });
    }
}
