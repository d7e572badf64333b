//! Events and barriers across real threads.

mod common;

use common::TestSegment;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use weft::kernel::{Barrier, Broken, Event};

const TIMEOUT: Duration = Duration::from_millis(100);
const LONG: Duration = Duration::from_secs(10);

fn segment() -> Arc<TestSegment> {
    Arc::new(common::segment(64))
}

fn assert_timed_out(started: Instant) {
    let took = started.elapsed();
    assert!(
        took >= TIMEOUT && took < 5 * TIMEOUT,
        "took {took:?} for a {TIMEOUT:?} timeout"
    );
}

#[test]
fn event_set_wakes_every_waiter() {
    let seg = segment();
    let event = Event::init(&*seg, 0);
    let woken = Arc::new(AtomicU32::new(0));
    let waiters: Vec<_> = (0..5)
        .map(|_| {
            let (seg, woken) = (seg.clone(), woken.clone());
            thread::spawn(move || {
                assert!(event.wait(&*seg, Some(LONG)));
                woken.fetch_add(1, SeqCst);
            })
        })
        .collect();
    thread::sleep(Duration::from_millis(50));
    assert_eq!(woken.load(SeqCst), 0, "nobody leaves before set");
    event.set(&*seg);
    waiters.into_iter().for_each(|w| w.join().unwrap());
    assert_eq!(woken.load(SeqCst), 5);
}

#[test]
fn event_wait_times_out_unless_set() {
    let seg = segment();
    let event = Event::init(&*seg, 0);
    let started = Instant::now();
    assert!(!event.wait(&*seg, Some(TIMEOUT)));
    assert_timed_out(started);
    event.set(&*seg);
    assert!(event.is_set(&*seg));
    assert!(event.wait(&*seg, Some(Duration::ZERO)));
    event.clear(&*seg);
    assert!(!event.is_set(&*seg));
    assert!(!event.wait(&*seg, Some(Duration::ZERO)));
}

#[test]
fn event_set_then_cleared_at_once_still_wakes_waiters() {
    let seg = segment();
    let event = Event::init(&*seg, 0);
    let other = seg.clone();
    let waiter = thread::spawn(move || event.wait(&*other, Some(LONG)));
    thread::sleep(Duration::from_millis(50));
    event.set(&*seg);
    event.clear(&*seg);
    assert!(waiter.join().unwrap());
}

#[test]
fn barrier_releases_together_across_generations() {
    const PARTIES: u32 = 5;
    const GENERATIONS: usize = 20;
    let seg = segment();
    let barrier = Barrier::init(&*seg, 0, PARTIES);
    let arrived: Arc<Vec<AtomicU32>> =
        Arc::new((0..GENERATIONS).map(|_| AtomicU32::new(0)).collect());
    let threads: Vec<_> = (0..PARTIES)
        .map(|t| {
            let (seg, arrived) = (seg.clone(), arrived.clone());
            thread::spawn(move || {
                (0..GENERATIONS)
                    .map(|g| {
                        // Stagger arrivals so most threads really wait.
                        if (t as usize + g).is_multiple_of(PARTIES as usize) {
                            thread::sleep(Duration::from_millis(2));
                        }
                        arrived[g].fetch_add(1, SeqCst);
                        let index = barrier.wait(&*seg, Some(LONG)).unwrap();
                        assert_eq!(
                            arrived[g].load(SeqCst),
                            PARTIES,
                            "left generation {g} early"
                        );
                        index
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let indices: Vec<Vec<u32>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    for g in 0..GENERATIONS {
        let mut of_generation: Vec<u32> = indices.iter().map(|mine| mine[g]).collect();
        of_generation.sort_unstable();
        assert_eq!(
            of_generation,
            (0..PARTIES).collect::<Vec<_>>(),
            "generation {g}"
        );
    }
    assert!(!barrier.broken(&*seg));
}

#[test]
fn barrier_timeout_breaks_it_for_everyone_until_reset() {
    let seg = segment();
    let barrier = Barrier::init(&*seg, 0, 3);
    let other = seg.clone();
    let patient = thread::spawn(move || barrier.wait(&*other, Some(LONG)));
    thread::sleep(Duration::from_millis(20));
    let started = Instant::now();
    assert_eq!(barrier.wait(&*seg, Some(TIMEOUT)), Err(Broken));
    assert_timed_out(started);
    assert_eq!(patient.join().unwrap(), Err(Broken));
    assert!(barrier.broken(&*seg));
    assert_eq!(barrier.wait(&*seg, Some(LONG)), Err(Broken), "stays broken");

    barrier.reset(&*seg);
    assert!(!barrier.broken(&*seg));
    let passes: Vec<_> = (0..3)
        .map(|_| {
            let seg = seg.clone();
            thread::spawn(move || barrier.wait(&*seg, Some(LONG)))
        })
        .collect();
    assert!(passes.into_iter().all(|t| t.join().unwrap().is_ok()));
}

#[test]
fn barrier_abort_and_reset_break_current_waiters() {
    let seg = segment();
    let barrier = Barrier::init(&*seg, 0, 3);
    for stop in [Barrier::abort, Barrier::reset] {
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let seg = seg.clone();
                thread::spawn(move || barrier.wait(&*seg, Some(LONG)))
            })
            .collect();
        while barrier.n_waiting(&*seg) < 2 {
            thread::yield_now();
        }
        stop(barrier, &*seg);
        for waiter in waiters {
            assert_eq!(waiter.join().unwrap(), Err(Broken));
        }
        barrier.reset(&*seg);
        assert_eq!(barrier.n_waiting(&*seg), 0);
        assert!(!barrier.broken(&*seg));
    }
}

#[test]
fn barrier_of_one_never_blocks() {
    let seg = segment();
    let barrier = Barrier::init(&*seg, 0, 1);
    for _ in 0..3 {
        assert_eq!(barrier.wait(&*seg, Some(Duration::ZERO)), Ok(0));
    }
}
