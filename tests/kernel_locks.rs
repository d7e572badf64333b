//! Mutex, RLock and Condition across real threads.

mod common;

use common::TestSegment;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use weft::kernel::{Condition, Mutex, NotOwner, RLock, Segment};

const TIMEOUT: Duration = Duration::from_millis(100);
const LONG: Duration = Duration::from_secs(10);

fn segment() -> Arc<TestSegment> {
    Arc::new(common::segment(256))
}

fn assert_timed_out(started: Instant) {
    let took = started.elapsed();
    assert!(
        took >= TIMEOUT && took < 5 * TIMEOUT,
        "took {took:?} for a {TIMEOUT:?} timeout"
    );
}

/// Bumps a plain (load, then store) counter at offset 128 under `locked`, from many
/// threads: any gap in mutual exclusion loses increments.
fn count_under(
    seg: &Arc<TestSegment>,
    locked: impl Fn(&dyn Segment, u32, &dyn Fn()) + Send + Sync + Copy + 'static,
) {
    const THREADS: u32 = 8;
    const ROUNDS: u32 = 2000;
    let workers: Vec<_> = (1..=THREADS)
        .map(|owner| {
            let seg = seg.clone();
            thread::spawn(move || {
                for _ in 0..ROUNDS {
                    locked(&*seg, owner, &|| {
                        let n = seg.load(128);
                        thread::yield_now();
                        seg.store(128, n + 1);
                    });
                }
            })
        })
        .collect();
    workers.into_iter().for_each(|w| w.join().unwrap());
    assert_eq!(seg.load(128), THREADS * ROUNDS);
}

#[test]
fn mutex_makes_increments_exact() {
    let seg = segment();
    let mutex = Mutex::init(&*seg, 0);
    count_under(&seg, move |seg, owner, body| {
        assert!(mutex.lock(seg, owner, None));
        body();
        mutex.unlock(seg, owner).unwrap();
    });
    assert_eq!(mutex.owner(&*seg), None);
}

#[test]
fn rlock_makes_nested_increments_exact() {
    let seg = segment();
    let rlock = RLock::init(&*seg, 0);
    count_under(&seg, move |seg, owner, body| {
        assert!(rlock.lock(seg, owner, None));
        assert!(
            rlock.lock(seg, owner, Some(Duration::ZERO)),
            "re-entry must not block"
        );
        body();
        rlock.unlock(seg, owner).unwrap();
        rlock.unlock(seg, owner).unwrap();
    });
    assert_eq!(rlock.owner(&*seg), None);
}

#[test]
fn mutex_try_lock_fails_while_held() {
    let seg = segment();
    let mutex = Mutex::init(&*seg, 0);
    assert!(mutex.try_lock(&*seg, 1));
    assert_eq!(mutex.owner(&*seg), Some(1));
    assert!(!mutex.try_lock(&*seg, 2));
    assert!(!mutex.try_lock(&*seg, 1), "a Mutex is not re-entrant");
    mutex.unlock(&*seg, 1).unwrap();
    assert!(mutex.try_lock(&*seg, 2));
}

#[test]
fn mutex_lock_times_out_while_another_thread_holds_it() {
    let seg = segment();
    let mutex = Mutex::init(&*seg, 0);
    assert!(mutex.lock(&*seg, 1, None));
    let other = seg.clone();
    let waited = thread::spawn(move || {
        let started = Instant::now();
        assert!(!mutex.lock(&*other, 2, Some(TIMEOUT)));
        started
    });
    assert_timed_out(waited.join().unwrap());
    assert_eq!(mutex.owner(&*seg), Some(1));
}

#[test]
fn mutex_blocked_locker_gets_it_on_unlock() {
    let seg = segment();
    let mutex = Mutex::init(&*seg, 0);
    assert!(mutex.lock(&*seg, 1, None));
    let other = seg.clone();
    let waiter = thread::spawn(move || mutex.lock(&*other, 2, Some(LONG)));
    thread::sleep(Duration::from_millis(20));
    mutex.unlock(&*seg, 1).unwrap();
    assert!(waiter.join().unwrap());
    assert_eq!(mutex.owner(&*seg), Some(2));
}

#[test]
fn mutex_unlock_by_non_owner_is_refused() {
    let seg = segment();
    let mutex = Mutex::init(&*seg, 0);
    assert_eq!(
        mutex.unlock(&*seg, 1),
        Err(NotOwner),
        "unlocking an unlocked mutex"
    );
    assert!(mutex.lock(&*seg, 1, None));
    assert_eq!(mutex.unlock(&*seg, 2), Err(NotOwner));
    assert_eq!(
        mutex.owner(&*seg),
        Some(1),
        "a refused unlock leaves it held"
    );
    assert_eq!(NotOwner.to_string(), "cannot release un-acquired lock");
}

#[test]
fn rlock_counts_levels_and_only_its_owner_releases() {
    let seg = segment();
    let rlock = RLock::init(&*seg, 0);
    for _ in 0..3 {
        assert!(rlock.lock(&*seg, 1, None));
    }
    assert_eq!(rlock.level(&*seg), 3);
    assert!(!rlock.try_lock(&*seg, 2));
    assert_eq!(rlock.unlock(&*seg, 2), Err(NotOwner));
    rlock.unlock(&*seg, 1).unwrap();
    rlock.unlock(&*seg, 1).unwrap();
    assert!(!rlock.try_lock(&*seg, 2), "still held at level 1");
    rlock.unlock(&*seg, 1).unwrap();
    assert_eq!(
        rlock.unlock(&*seg, 1),
        Err(NotOwner),
        "released one time too many"
    );
    assert!(rlock.try_lock(&*seg, 2));
    assert_eq!(rlock.level(&*seg), 1);
}

/// Locks as `owner` once `ready` holds, checked under the lock.
fn lock_when(seg: &dyn Segment, lock: RLock, owner: u32, ready: impl Fn() -> bool) {
    loop {
        assert!(lock.lock(seg, owner, Some(LONG)));
        if ready() {
            return;
        }
        lock.unlock(seg, owner).unwrap();
        thread::yield_now();
    }
}

/// Condition layout used below: RLock at 0, Condition at 16, shared counters from 64.
fn condition(seg: &dyn Segment) -> (RLock, Condition) {
    (RLock::init(seg, 0), Condition::init(seg, 16))
}

#[test]
fn condition_notify_wakes_exactly_that_many_waiters() {
    let seg = segment();
    let (lock, cond) = condition(&*seg);
    let woken = Arc::new(AtomicU32::new(0));
    let waiters: Vec<_> = (1..=4)
        .map(|owner| {
            let (seg, woken) = (seg.clone(), woken.clone());
            thread::spawn(move || {
                assert!(lock.lock(&*seg, owner, None));
                seg.fetch_add(64, 1);
                assert_eq!(cond.wait(&*seg, lock, owner, Some(LONG)), Ok(true));
                woken.fetch_add(1, SeqCst);
                lock.unlock(&*seg, owner).unwrap();
            })
        })
        .collect();
    // Each waiter counts itself under the lock, which is free again only once it waits.
    lock_when(&*seg, lock, 99, || seg.load(64) == 4);
    let settle = || thread::sleep(Duration::from_millis(100));
    assert_eq!(cond.notify(&*seg, 1), 1);
    lock.unlock(&*seg, 99).unwrap();
    settle();
    assert_eq!(woken.load(SeqCst), 1);

    assert!(lock.lock(&*seg, 99, None));
    assert_eq!(cond.notify(&*seg, 2), 2);
    lock.unlock(&*seg, 99).unwrap();
    settle();
    assert_eq!(woken.load(SeqCst), 3);

    assert!(lock.lock(&*seg, 99, None));
    assert_eq!(cond.notify_all(&*seg), 1, "only one waiter is left");
    lock.unlock(&*seg, 99).unwrap();
    waiters.into_iter().for_each(|w| w.join().unwrap());
    assert_eq!(woken.load(SeqCst), 4);
}

#[test]
fn condition_notify_is_not_remembered_for_later_waiters() {
    let seg = segment();
    let (lock, cond) = condition(&*seg);
    assert!(lock.lock(&*seg, 1, None));
    assert_eq!(cond.notify(&*seg, 1), 0, "nobody is waiting");
    let started = Instant::now();
    assert_eq!(cond.wait(&*seg, lock, 1, Some(TIMEOUT)), Ok(false));
    assert_timed_out(started);
}

#[test]
fn condition_wait_times_out_and_restores_the_lock_level() {
    let seg = segment();
    let (lock, cond) = condition(&*seg);
    assert!(lock.lock(&*seg, 1, None));
    assert!(lock.lock(&*seg, 1, None));
    let started = Instant::now();
    assert_eq!(cond.wait(&*seg, lock, 1, Some(TIMEOUT)), Ok(false));
    assert_timed_out(started);
    assert_eq!(lock.owner(&*seg), Some(1));
    assert_eq!(lock.level(&*seg), 2);
}

#[test]
fn condition_wait_releases_every_lock_level_while_waiting() {
    let seg = segment();
    let (lock, cond) = condition(&*seg);
    let other = seg.clone();
    let waiter = thread::spawn(move || {
        assert!(lock.lock(&*other, 1, None));
        assert!(lock.lock(&*other, 1, None));
        other.store(64, 1);
        let notified = cond.wait(&*other, lock, 1, Some(LONG));
        (notified, lock.owner(&*other), lock.level(&*other))
    });
    // Getting the lock at all means the waiter let go of both levels.
    lock_when(&*seg, lock, 2, || seg.load(64) == 1);
    assert_eq!(lock.level(&*seg), 1);
    assert_eq!(cond.notify(&*seg, 1), 1);
    lock.unlock(&*seg, 2).unwrap();
    assert_eq!(waiter.join().unwrap(), (Ok(true), Some(1), 2));
}

#[test]
fn condition_wait_without_the_lock_is_refused() {
    let seg = segment();
    let (lock, cond) = condition(&*seg);
    assert_eq!(cond.wait(&*seg, lock, 1, Some(TIMEOUT)), Err(NotOwner));
    assert!(lock.lock(&*seg, 2, None));
    assert_eq!(cond.wait(&*seg, lock, 1, Some(TIMEOUT)), Err(NotOwner));
    assert_eq!(lock.owner(&*seg), Some(2));
}

#[test]
fn condition_producers_and_consumers_lose_no_wakeup() {
    const ITEMS: u32 = 500;
    let seg = segment();
    let (lock, cond) = condition(&*seg);
    let threads: Vec<_> = (1..=8)
        .map(|owner| {
            let seg = seg.clone();
            thread::spawn(move || {
                for _ in 0..ITEMS {
                    assert!(lock.lock(&*seg, owner, None));
                    if owner % 2 == 0 {
                        seg.fetch_add(64, 1);
                        cond.notify(&*seg, 1);
                    } else {
                        while seg.load(64) == 0 {
                            // Items are only taken under the lock, so a long silence means a
                            // notify went to nobody.
                            assert_eq!(
                                cond.wait(&*seg, lock, owner, Some(LONG)),
                                Ok(true),
                                "lost wakeup"
                            );
                        }
                        seg.fetch_sub(64, 1);
                    }
                    lock.unlock(&*seg, owner).unwrap();
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(seg.load(64), 0);
}
