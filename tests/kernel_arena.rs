//! The in-segment allocator, alone and under concurrent use.

mod common;

use common::segment;
use std::sync::Arc;
use std::thread;
use weft::kernel::{Arena, Segment};

const LEN: u32 = 4096;
/// The largest single allocation an empty arena of `LEN` bytes holds: all of it but the
/// arena's header and one block header.
const WHOLE: u32 = LEN - Arena::OVERHEAD - 8;

#[test]
fn blocks_are_aligned_disjoint_and_inside_the_arena() {
    let seg = segment(LEN);
    let arena = Arena::init(&seg, 0, LEN);
    let mut blocks: Vec<(u32, u32)> = (1..40)
        .map(|size| (arena.alloc(size).unwrap(), size))
        .collect();
    blocks.sort_unstable();
    for pair in blocks.windows(2) {
        let ((a, a_len), (b, _)) = (pair[0], pair[1]);
        assert!(a + a_len <= b, "{a}+{a_len} overlaps {b}");
    }
    assert!(blocks
        .iter()
        .all(|&(at, len)| at % 8 == 0 && at >= Arena::OVERHEAD && at + len <= LEN));
}

#[test]
fn exhaustion_returns_none() {
    let seg = segment(LEN);
    let arena = Arena::init(&seg, 0, LEN);
    assert_eq!(arena.alloc(WHOLE + 1), None);
    assert_eq!(arena.alloc(u32::MAX), None);
    let whole = arena.alloc(WHOLE).unwrap();
    assert_eq!(arena.alloc(1), None);
    arena.free(whole);
    assert!(arena.alloc(1).is_some());
}

#[test]
fn freed_neighbours_coalesce() {
    let seg = segment(LEN);
    let arena = Arena::init(&seg, 0, LEN);
    let blocks: Vec<u32> = std::iter::from_fn(|| arena.alloc(100)).collect();
    assert!(blocks.len() > 10);
    // Free every other block first, so each later free merges with both neighbours.
    for &block in blocks.iter().step_by(2) {
        arena.free(block);
    }
    assert_eq!(
        arena.alloc(300),
        None,
        "holes of one block cannot hold three"
    );
    for &block in blocks.iter().skip(1).step_by(2) {
        arena.free(block);
    }
    let whole = arena
        .alloc(WHOLE)
        .expect("everything merged back into one block");
    arena.free(whole);
}

#[test]
fn release_frees_on_the_last_reference_only() {
    let seg = segment(LEN);
    let arena = Arena::init(&seg, 0, LEN);
    let block = arena.alloc(64).unwrap();
    arena.retain(block);
    arena.retain(block);
    assert!(!arena.release(block));
    assert!(!arena.release(block));
    assert_eq!(arena.alloc(WHOLE), None, "still allocated");
    assert!(arena.release(block));
    assert!(arena.alloc(WHOLE).is_some());
}

#[test]
fn arena_lives_in_the_segment_at_any_base() {
    let seg = segment(LEN + 64);
    let first = Arena::init(&seg, 64, LEN).alloc(16).unwrap();
    // A second view, as another process would open it, shares the same heap.
    let again = Arena::at(&seg, 64);
    let second = again.alloc(16).unwrap();
    assert!(first >= 64 + Arena::OVERHEAD && second >= first + 16);
    again.free(first);
    assert_eq!(Arena::at(&seg, 64).alloc(16), Some(first));
}

#[test]
fn concurrent_alloc_and_free_never_hand_out_overlapping_blocks() {
    const THREADS: u32 = 8;
    const LEN: u32 = 64 * 1024;
    let seg = Arc::new(segment(LEN));
    Arena::init(&*seg, 0, LEN);
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let seg = seg.clone();
            thread::spawn(move || {
                let arena = Arena::at(&*seg, 0);
                let mut rng = t.wrapping_mul(2654435761) | 1;
                let mut live: Vec<(u32, Vec<u8>)> = Vec::new();
                for round in 0..20_000u32 {
                    rng = rng.wrapping_mul(1664525).wrapping_add(1013904223);
                    if live.len() < 8 {
                        let size = 1 + (rng >> 16) % 300;
                        let at = arena.alloc(size).expect("room for every thread's blocks");
                        // A pattern only this block should hold, checked before freeing.
                        let fill: Vec<u8> = (0..size).map(|i| (t * 37 + round + i) as u8).collect();
                        seg.write(at, &fill);
                        live.push((at, fill));
                    } else {
                        let (at, fill) = live.swap_remove((rng >> 8) as usize % live.len());
                        let mut now = vec![0; fill.len()];
                        seg.read(at, &mut now);
                        assert_eq!(now, fill, "block at {at} was overwritten");
                        arena.free(at);
                    }
                }
                live.into_iter().for_each(|(at, _)| arena.free(at));
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert!(
        Arena::at(&*seg, 0)
            .alloc(LEN - Arena::OVERHEAD - 8)
            .is_some(),
        "all freed and merged"
    );
}
