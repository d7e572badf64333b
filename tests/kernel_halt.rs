//! Halting a process that is about to be ended: no thread is left inside the kernel's
//! brief sections holding a lock the other processes need. Alone in its test binary
//! because the gate is process-wide and stays closed.

mod common;

use common::TestSegment;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::sync::{Condvar, Mutex as StdMutex};
use std::thread;
use std::time::Duration;
use weft::kernel::{halt, Arena, Segment, Wait};

const LEN: u32 = 4096;

/// A segment whose next store, once armed, pauses its thread until resumed. An
/// allocation's first store claims the arena's lock (its owner word, after the state word
/// at offset 0 was taken), so the thread pauses holding the lock.
struct PausingSegment {
    inner: TestSegment,
    armed: AtomicBool,
    paused: StdMutex<Option<bool>>, // None: not yet paused; Some(resumed)
    changed: Condvar,
}

impl PausingSegment {
    fn wait_until(&self, done: impl Fn(Option<bool>) -> bool) {
        let mut paused = self.paused.lock().unwrap();
        while !done(*paused) {
            paused = self.changed.wait(paused).unwrap();
        }
    }

    fn set(&self, state: bool) {
        *self.paused.lock().unwrap() = Some(state);
        self.changed.notify_all();
    }
}

impl Segment for PausingSegment {
    fn len(&self) -> u32 {
        self.inner.len()
    }
    fn load(&self, offset: u32) -> u32 {
        self.inner.load(offset)
    }
    fn store(&self, offset: u32, value: u32) {
        if self.armed.swap(false, SeqCst) {
            self.set(false);
            self.wait_until(|paused| paused == Some(true));
        }
        self.inner.store(offset, value)
    }
    fn compare_exchange(&self, offset: u32, current: u32, new: u32) -> Result<u32, u32> {
        self.inner.compare_exchange(offset, current, new)
    }
    fn fetch_add(&self, offset: u32, delta: u32) -> u32 {
        self.inner.fetch_add(offset, delta)
    }
    fn fetch_sub(&self, offset: u32, delta: u32) -> u32 {
        self.inner.fetch_sub(offset, delta)
    }
    fn wait(&self, offset: u32, expected: u32, timeout: Option<Duration>) -> Wait {
        self.inner.wait(offset, expected, timeout)
    }
    fn notify(&self, offset: u32, count: u32) -> u32 {
        self.inner.notify(offset, count)
    }
    fn read(&self, offset: u32, out: &mut [u8]) {
        self.inner.read(offset, out)
    }
    fn write(&self, offset: u32, data: &[u8]) {
        self.inner.write(offset, data)
    }
}

#[test]
fn halt_waits_for_a_thread_inside_the_arena_and_lets_no_one_in_after() {
    let seg: &'static PausingSegment = Box::leak(Box::new(PausingSegment {
        inner: common::segment(LEN),
        armed: AtomicBool::new(false),
        paused: StdMutex::new(None),
        changed: Condvar::new(),
    }));
    Arena::init(seg, 0, LEN);
    seg.armed.store(true, SeqCst);
    let inside = thread::spawn(|| Arena::at(seg, 0).alloc(64));
    seg.wait_until(|paused| paused.is_some());
    assert_ne!(seg.load(0), 0, "paused holding the arena's lock");

    assert!(!halt(Duration::from_millis(50)), "a thread is still inside");
    let halting = thread::spawn(|| halt(Duration::from_secs(30)));
    thread::sleep(Duration::from_millis(100));
    assert!(!halting.is_finished(), "halt returned with a thread inside");

    seg.set(true);
    assert!(halting.join().unwrap());
    assert!(
        inside.join().unwrap().is_some(),
        "the section under way completed"
    );

    // The gate stays closed: the next allocation stops before taking the lock.
    let late = thread::spawn(|| Arena::at(seg, 0).alloc(64));
    thread::sleep(Duration::from_millis(100));
    assert!(!late.is_finished(), "a thread passed the closed gate");
    assert_eq!(
        seg.load(0),
        0,
        "the arena's lock is free for other processes"
    );
}
