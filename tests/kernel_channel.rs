//! Byte-frame channels across real threads.

mod common;

use common::{segment, TestSegment};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use weft::kernel::{Channel, Mutex, RecvError, SendError, Segment};

const TIMEOUT: Duration = Duration::from_millis(100);
const LONG: Duration = Duration::from_secs(10);

fn channel(capacity: u32) -> (Arc<TestSegment>, Channel) {
    let seg = Arc::new(segment(Channel::size(capacity)));
    let chan = Channel::init(&*seg, 0, capacity);
    (seg, chan)
}

fn assert_timed_out(started: Instant) {
    let took = started.elapsed();
    assert!(
        took >= TIMEOUT && took < 5 * TIMEOUT,
        "took {took:?} for a {TIMEOUT:?} timeout"
    );
}

/// Producer id, sequence number, then filler of a length that varies with both.
fn message(producer: u8, seq: u32) -> Vec<u8> {
    let mut m = vec![producer];
    m.extend(seq.to_le_bytes());
    m.extend(std::iter::repeat_n(
        producer ^ seq as u8,
        (seq as usize * 7 + producer as usize) % 40,
    ));
    m
}

#[test]
fn producers_and_consumers_deliver_each_frame_once_in_order_per_producer() {
    const PRODUCERS: u8 = 4;
    const CONSUMERS: usize = 3;
    const MESSAGES: u32 = 2000;
    let (seg, chan) = channel(256);
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let seg = seg.clone();
            thread::spawn(move || {
                (0..MESSAGES)
                    .for_each(|seq| chan.send(&*seg, &message(p, seq), Some(LONG)).unwrap())
            })
        })
        .collect();
    let consumers: Vec<_> = (0..CONSUMERS)
        .map(|_| {
            let seg = seg.clone();
            thread::spawn(move || {
                let mut got = Vec::new();
                loop {
                    match chan.recv(&*seg, Some(LONG)) {
                        Ok(frame) => got.push(frame),
                        Err(RecvError::Closed) => return got,
                        Err(RecvError::Timeout) => panic!("stalled"),
                    }
                }
            })
        })
        .collect();
    producers.into_iter().for_each(|p| p.join().unwrap());
    chan.close(&*seg);
    let mut seen = vec![Vec::new(); PRODUCERS as usize];
    for consumer in consumers {
        let mut last = [None; PRODUCERS as usize];
        for frame in consumer.join().unwrap() {
            let (p, seq) = (
                frame[0],
                u32::from_le_bytes(frame[1..5].try_into().unwrap()),
            );
            assert_eq!(frame, message(p, seq), "frame corrupted");
            assert!(
                last[p as usize] < Some(seq),
                "producer {p}: {seq} after {:?}",
                last[p as usize]
            );
            last[p as usize] = Some(seq);
            seen[p as usize].push(seq);
        }
    }
    for (p, mut seqs) in seen.into_iter().enumerate() {
        seqs.sort_unstable();
        assert_eq!(seqs, (0..MESSAGES).collect::<Vec<_>>(), "producer {p}");
    }
    assert_eq!(chan.len(&*seg), 0);
}

#[test]
fn frames_larger_than_the_ring_arrive_whole_and_unmixed() {
    // Around one chunk, half the ring, the whole ring, and far beyond.
    const SIZES: [usize; 8] = [1, 27, 28, 29, 64, 65, 1000, 100_000];
    let (seg, chan) = channel(64);
    fn frame(sender: u8, size: usize) -> Vec<u8> {
        (0..size)
            .map(|i| {
                if i == 0 {
                    sender
                } else {
                    (i % 251) as u8 ^ sender.wrapping_mul(91)
                }
            })
            .collect()
    }
    let senders: Vec<_> = (1..=2)
        .map(|sender| {
            let seg = seg.clone();
            thread::spawn(move || {
                for size in SIZES {
                    chan.send(&*seg, &frame(sender, size), Some(LONG)).unwrap();
                }
            })
        })
        .collect();
    let got: Vec<Vec<u8>> = (0..2 * SIZES.len())
        .map(|_| chan.recv(&*seg, Some(LONG)).unwrap())
        .collect();
    senders.into_iter().for_each(|s| s.join().unwrap());
    for sender in 1..=2 {
        let mine: Vec<&Vec<u8>> = got.iter().filter(|f| f[0] == sender).collect();
        assert_eq!(
            mine.iter().map(|f| f.len()).collect::<Vec<_>>(),
            SIZES,
            "sender {sender}'s frames, in order"
        );
        assert!(
            mine.iter().all(|f| **f == frame(sender, f.len())),
            "sender {sender}: mixed frame"
        );
    }
}

/// Waits (without a deadline: the condition must come) until the lock at `at` is held.
fn until_held(seg: &dyn Segment, at: u32) {
    while Mutex::at(at).owner(seg).is_none() {
        thread::yield_now();
    }
}

// Channel layout: the send lock at +0, the receive lock at +8.
const SEND_LOCK: u32 = 0;
const RECEIVE_LOCK: u32 = 8;

#[test]
fn a_receive_that_gives_up_on_a_busy_channel_leaves_the_receiver_inside_undisturbed() {
    let (seg, chan) = channel(64);
    let other = seg.clone();
    let inside = thread::spawn(move || chan.recv(&*other, Some(LONG)));
    until_held(&*seg, RECEIVE_LOCK);
    assert_eq!(chan.try_recv(&*seg), Err(RecvError::Timeout));
    assert!(
        Mutex::at(RECEIVE_LOCK).owner(&*seg).is_some(),
        "the failed try_recv released the receive lock it never held"
    );
    chan.send(&*seg, b"one", None).unwrap();
    assert_eq!(inside.join().unwrap().unwrap(), b"one");
    assert_eq!(chan.len(&*seg), 0);
}

#[test]
fn a_send_that_gives_up_on_a_busy_channel_leaves_the_sender_inside_undisturbed() {
    let (seg, chan) = channel(64);
    chan.send(&*seg, &[7; 60], None).unwrap();
    let other = seg.clone();
    let inside = thread::spawn(move || chan.send(&*other, &[8; 60], Some(LONG)));
    until_held(&*seg, SEND_LOCK);
    assert_eq!(chan.try_send(&*seg, b"x"), Err(SendError::Timeout));
    assert!(
        Mutex::at(SEND_LOCK).owner(&*seg).is_some(),
        "the failed try_send released the send lock it never held"
    );
    assert_eq!(chan.recv(&*seg, None).unwrap(), [7; 60]);
    inside.join().unwrap().unwrap();
    assert_eq!(chan.recv(&*seg, None).unwrap(), [8; 60]);
}

#[test]
fn recv_times_out_on_an_empty_channel() {
    let (seg, chan) = channel(64);
    assert_eq!(chan.try_recv(&*seg), Err(RecvError::Timeout));
    let started = Instant::now();
    assert_eq!(chan.recv(&*seg, Some(TIMEOUT)), Err(RecvError::Timeout));
    assert_timed_out(started);
}

#[test]
fn send_times_out_on_a_full_channel() {
    let (seg, chan) = channel(64);
    let mut sent = 0;
    while chan.try_send(&*seg, b"0123456789").is_ok() {
        sent += 1;
    }
    assert_eq!(
        sent,
        64 / 14,
        "each frame takes a 4-byte header and its 10 bytes"
    );
    assert_eq!(chan.len(&*seg), sent);
    let started = Instant::now();
    assert_eq!(
        chan.send(&*seg, b"0123456789", Some(TIMEOUT)),
        Err(SendError::Timeout)
    );
    assert_timed_out(started);
    assert_eq!(chan.recv(&*seg, None).unwrap(), b"0123456789");
    chan.try_send(&*seg, b"0123456789").unwrap();
}

#[test]
fn blocked_sender_proceeds_when_a_receiver_makes_room() {
    let (seg, chan) = channel(64);
    chan.send(&*seg, &[7; 60], None).unwrap();
    let other = seg.clone();
    let sender = thread::spawn(move || chan.send(&*other, &[8; 60], Some(LONG)));
    thread::sleep(Duration::from_millis(20));
    assert_eq!(chan.recv(&*seg, None).unwrap(), [7; 60]);
    sender.join().unwrap().unwrap();
    assert_eq!(chan.recv(&*seg, None).unwrap(), [8; 60]);
}

#[test]
fn a_big_frame_that_times_out_midway_is_dropped_whole() {
    let (seg, chan) = channel(64);
    assert_eq!(
        chan.send(&*seg, &[1; 1000], Some(TIMEOUT)),
        Err(SendError::Timeout)
    );
    assert_eq!(chan.len(&*seg), 0);
    // Its first chunk fills the ring, so the next frame goes in as a receiver drains it.
    let other = seg.clone();
    let receiver = thread::spawn(move || chan.recv(&*other, Some(LONG)));
    chan.send(&*seg, b"next", Some(LONG)).unwrap();
    assert_eq!(receiver.join().unwrap().unwrap(), b"next");
    assert_eq!(chan.try_recv(&*seg), Err(RecvError::Timeout));
}

#[test]
fn close_lets_receivers_drain_then_reports_end_of_file() {
    let (seg, chan) = channel(64);
    for frame in [&b"a"[..], b"bc", b""] {
        chan.send(&*seg, frame, None).unwrap();
    }
    chan.close(&*seg);
    assert!(chan.is_closed(&*seg));
    assert_eq!(chan.send(&*seg, b"late", None), Err(SendError::Closed));
    assert_eq!(chan.len(&*seg), 3);
    for frame in [&b"a"[..], b"bc", b""] {
        assert_eq!(chan.recv(&*seg, None).unwrap(), frame);
    }
    assert_eq!(chan.recv(&*seg, None), Err(RecvError::Closed));
    assert_eq!(chan.try_recv(&*seg), Err(RecvError::Closed));
}

#[test]
fn close_wakes_blocked_receivers_and_senders() {
    let (seg, chan) = channel(64);
    let receivers: Vec<_> = (0..2)
        .map(|_| {
            let seg = seg.clone();
            thread::spawn(move || chan.recv(&*seg, Some(LONG)))
        })
        .collect();
    thread::sleep(Duration::from_millis(20));
    chan.close(&*seg);
    for receiver in receivers {
        assert_eq!(receiver.join().unwrap(), Err(RecvError::Closed));
    }

    let (seg, chan) = channel(64);
    chan.send(&*seg, &[0; 60], None).unwrap();
    let other = seg.clone();
    let sender = thread::spawn(move || chan.send(&*other, &[0; 60], Some(LONG)));
    thread::sleep(Duration::from_millis(20));
    chan.close(&*seg);
    assert_eq!(sender.join().unwrap(), Err(SendError::Closed));
    assert_eq!(chan.recv(&*seg, None).unwrap(), [0; 60]);
    assert_eq!(chan.recv(&*seg, None), Err(RecvError::Closed));
}

#[test]
fn poll_waits_for_a_whole_frame_or_end_of_file() {
    let (seg, chan) = channel(64);
    let started = Instant::now();
    assert!(!chan.poll(&*seg, Some(TIMEOUT)));
    assert_timed_out(started);

    let sender = {
        let seg = seg.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            chan.send(&*seg, b"ready", Some(LONG)).unwrap();
        })
    };
    assert!(chan.poll(&*seg, Some(LONG)));
    sender.join().unwrap();
    assert!(chan.poll(&*seg, Some(Duration::ZERO)), "polling does not consume the frame");
    assert_eq!(chan.recv(&*seg, Some(LONG)).unwrap(), b"ready");

    chan.close(&*seg);
    assert!(chan.poll(&*seg, Some(Duration::ZERO)), "end of file is readable");
}
