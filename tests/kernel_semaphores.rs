//! Semaphores, bounded and not, across real threads.

mod common;

use common::TestSegment;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use weft::kernel::{Semaphore, TooManyReleases};

const TIMEOUT: Duration = Duration::from_millis(100);
const LONG: Duration = Duration::from_secs(10);

fn segment() -> Arc<TestSegment> {
    Arc::new(common::segment(64))
}

#[test]
fn semaphore_never_admits_more_holders_than_its_value() {
    const VALUE: u32 = 3;
    let seg = segment();
    let sem = Semaphore::init(&*seg, 0, VALUE, Some(VALUE));
    let holders = Arc::new(AtomicU32::new(0));
    let most = Arc::new(AtomicU32::new(0));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (seg, holders, most) = (seg.clone(), holders.clone(), most.clone());
            thread::spawn(move || {
                for _ in 0..500 {
                    assert!(sem.acquire(&*seg, Some(LONG)));
                    let now = holders.fetch_add(1, SeqCst) + 1;
                    most.fetch_max(now, SeqCst);
                    thread::yield_now();
                    holders.fetch_sub(1, SeqCst);
                    sem.release(&*seg).unwrap();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert!(
        most.load(SeqCst) <= VALUE,
        "{} holders at once",
        most.load(SeqCst)
    );
    assert_eq!(sem.value(&*seg), VALUE);
}

#[test]
fn bounded_semaphore_refuses_release_past_its_bound() {
    let seg = segment();
    let sem = Semaphore::init(&*seg, 0, 2, Some(2));
    assert_eq!(sem.release(&*seg), Err(TooManyReleases));
    assert_eq!(sem.value(&*seg), 2);
    assert!(sem.acquire(&*seg, None));
    sem.release(&*seg).unwrap();
    assert_eq!(sem.release(&*seg), Err(TooManyReleases));
    assert_eq!(
        TooManyReleases.to_string(),
        "semaphore or lock released too many times"
    );
}

#[test]
fn unbounded_semaphore_counts_up_freely() {
    let seg = segment();
    let sem = Semaphore::init(&*seg, 0, 0, None);
    for _ in 0..5 {
        sem.release(&*seg).unwrap();
    }
    assert_eq!(sem.value(&*seg), 5);
    for _ in 0..5 {
        assert!(sem.acquire(&*seg, Some(Duration::ZERO)));
    }
    assert!(!sem.acquire(&*seg, Some(Duration::ZERO)));
}

#[test]
fn process_lock_is_released_by_another_thread() {
    // multiprocessing.Lock: a semaphore bounded at 1, with no owner.
    let seg = segment();
    let lock = Semaphore::init(&*seg, 0, 1, Some(1));
    assert!(lock.acquire(&*seg, None));
    assert!(!lock.acquire(&*seg, Some(Duration::ZERO)));
    let other = seg.clone();
    thread::spawn(move || lock.release(&*other))
        .join()
        .unwrap()
        .unwrap();
    assert_eq!(lock.release(&*seg), Err(TooManyReleases));
    assert!(lock.acquire(&*seg, Some(Duration::ZERO)));
}

#[test]
fn acquire_times_out_when_exhausted() {
    let seg = segment();
    let sem = Semaphore::init(&*seg, 0, 0, Some(1));
    let started = Instant::now();
    assert!(!sem.acquire(&*seg, Some(TIMEOUT)));
    let took = started.elapsed();
    assert!(took >= TIMEOUT && took < 5 * TIMEOUT, "took {took:?}");
    assert_eq!(sem.value(&*seg), 0);
}

#[test]
fn release_wakes_blocked_acquirers_one_each() {
    let seg = segment();
    let sem = Semaphore::init(&*seg, 0, 0, None);
    let acquired = Arc::new(AtomicU32::new(0));
    let waiters: Vec<_> = (0..3)
        .map(|_| {
            let (seg, acquired) = (seg.clone(), acquired.clone());
            thread::spawn(move || {
                assert!(sem.acquire(&*seg, Some(LONG)));
                acquired.fetch_add(1, SeqCst);
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(50));
    sem.release(&*seg).unwrap();
    sem.release(&*seg).unwrap();
    thread::sleep(Duration::from_millis(100));
    assert_eq!(acquired.load(SeqCst), 2, "two releases admit exactly two");
    sem.release(&*seg).unwrap();
    waiters.into_iter().for_each(|w| w.join().unwrap());
    assert_eq!(sem.value(&*seg), 0);
}
