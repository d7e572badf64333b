//! Ending a process without wedging the others. A kill or Stop may end a process at any
//! moment, and one cut off inside the kernel's own brief sections (the arena's, the process
//! table's) would leave a lock every process needs held for good. Those sections pass a
//! gate: [`halt`] closes it and waits until no thread of this process is inside; a thread
//! that comes to the closed gate stops there, since its process is about to end.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::SeqCst};
use std::time::{Duration, Instant};

static INSIDE: AtomicU32 = AtomicU32::new(0);
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Proof of being inside the gate; leaving is dropping it.
pub(crate) struct Inside(());

impl Drop for Inside {
    fn drop(&mut self) {
        INSIDE.fetch_sub(1, SeqCst);
    }
}

/// Passes the gate, or never returns once it is closed.
pub(crate) fn enter() -> Inside {
    // Counted before the check and `halt` closes before counting (both SeqCst), so either
    // `halt` waits for us or we see the gate closed.
    INSIDE.fetch_add(1, SeqCst);
    if CLOSED.load(SeqCst) {
        INSIDE.fetch_sub(1, SeqCst);
        loop {
            std::thread::park();
        }
    }
    Inside(())
}

/// Closes the gate for good, then waits up to `timeout` for every thread inside to leave;
/// false if one is still inside (waiting, say, for a lock that an ended process held).
pub fn halt(timeout: Duration) -> bool {
    CLOSED.store(true, SeqCst);
    let deadline = Instant::now() + timeout;
    while INSIDE.load(SeqCst) != 0 {
        if Instant::now() >= deadline {
            return false;
        }
        // The sections take microseconds and a halt happens once per process.
        std::thread::sleep(Duration::from_micros(50));
    }
    true
}
