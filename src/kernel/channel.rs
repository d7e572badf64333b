//! Byte-frame channel, the transport under `multiprocessing.Queue` and `Pipe`.
//!
//! Frames travel as chunks `[header][payload]` through a byte ring. A frame that fits is
//! one chunk, written whole or not at all; a larger one streams in chunks while its sender
//! holds the send lock and its receiver the receive lock, so frames never interleave and
//! any size works. Each chunk is published with one atomic add, so a receiver never sees
//! half of one.

use super::futex::{block_on, update, Deadline};
use super::mutex::Mutex;
use super::segment::Segment;
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError {
    Timeout,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecvError {
    /// Nothing arrived in time (for `try_recv`: the channel is empty).
    Timeout,
    /// Closed and drained: end of file.
    Closed,
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SendError::Timeout => "send timed out",
            SendError::Closed => "send on a closed channel",
        })
    }
}

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecvError::Timeout => "receive timed out",
            RecvError::Closed => "channel closed",
        })
    }
}

impl std::error::Error for SendError {}
impl std::error::Error for RecvError {}

/// Chunk header: payload length in the low bits.
const LENGTH: u32 = (1 << 30) - 1;
/// The frame continues in the next chunk.
const MORE: u32 = 1 << 31;
/// The sender gave up mid-frame (timeout): the receiver drops what it has of it.
const ABORT: u32 = 1 << 30;
const CHUNK_HEADER: usize = 4;

/// In the `used` word, beside the byte count: senders and receivers sleep on that word,
/// so closing must change it to wake them.
const CLOSED: u32 = 1 << 31;

/// Layout: `+0` send lock, `+8` receive lock ([`Mutex`]es), `+16` bytes in the ring with
/// the closed flag in bit 31 (the futex word both sides sleep on), `+20` read index (receive
/// lock holder's), `+24` write index (send lock holder's), `+28` whole frames queued,
/// `+32` capacity, `+36` the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channel {
    base: u32,
}

impl Channel {
    pub const HEADER: u32 = 36;
    /// Room for a useful chunk plus an abort marker even with the ring half full.
    pub const MIN_CAPACITY: u32 = 32;

    /// Segment bytes needed for a ring of `capacity` bytes.
    pub fn size(capacity: u32) -> u32 {
        Self::HEADER + capacity
    }

    pub fn init(seg: &dyn Segment, base: u32, capacity: u32) -> Self {
        assert!(
            (Self::MIN_CAPACITY..=LENGTH).contains(&capacity),
            "channel capacity {capacity} out of range"
        );
        Mutex::init(seg, base);
        Mutex::init(seg, base + 8);
        for word in [16, 20, 24, 28] {
            seg.store(base + word, 0);
        }
        seg.store(base + 32, capacity);
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn used(self) -> u32 {
        self.base + 16
    }

    fn read_index(self) -> u32 {
        self.base + 20
    }

    fn write_index(self) -> u32 {
        self.base + 24
    }

    fn frames(self) -> u32 {
        self.base + 28
    }

    pub fn capacity(self, seg: &dyn Segment) -> u32 {
        seg.load(self.base + 32)
    }

    /// Frames fully sent and not yet fully received.
    pub fn len(self, seg: &dyn Segment) -> u32 {
        seg.load(self.frames())
    }

    pub fn is_closed(self, seg: &dyn Segment) -> bool {
        seg.load(self.used()) & CLOSED != 0
    }

    /// Refuses further sends (one in progress fails too); receivers drain what was sent,
    /// then get [`RecvError::Closed`].
    pub fn close(self, seg: &dyn Segment) {
        if update(seg, self.used(), |u| {
            (u & CLOSED == 0).then_some(u | CLOSED)
        })
        .is_ok()
        {
            seg.notify(self.used(), u32::MAX);
        }
    }

    /// Copies between the ring at `index` and the caller, wrapping at the end.
    fn ring(
        self,
        seg: &dyn Segment,
        index: u32,
        len: usize,
        mut copy: impl FnMut(u32, std::ops::Range<usize>),
    ) {
        let capacity = self.capacity(seg);
        let first = len.min((capacity - index) as usize);
        copy(self.base + Self::HEADER + index, 0..first);
        if first < len {
            copy(self.base + Self::HEADER, first..len);
        }
    }

    pub fn send(
        self,
        seg: &dyn Segment,
        frame: &[u8],
        timeout: Option<Duration>,
    ) -> Result<(), SendError> {
        let deadline = Deadline::after(timeout);
        let _lock = Mutex::at(self.base)
            .hold(seg, &deadline)
            .ok_or(SendError::Timeout)?;
        let capacity = self.capacity(seg) as usize;
        let mut rest = frame;
        loop {
            let started = rest.len() < frame.len();
            let whole = CHUNK_HEADER + rest.len();
            // A frame that fits waits to go in one piece, so a timeout leaves no trace of
            // it; otherwise half the ring at a time keeps chunks from getting tiny.
            let wanted = if !started && whole <= capacity {
                whole
            } else {
                whole.min(capacity / 2)
            };
            let used = block_on(seg, self.used(), &deadline, || {
                let u = seg.load(self.used());
                if u & CLOSED != 0 || capacity - (u as usize) >= wanted {
                    Ok(u)
                } else {
                    Err(u)
                }
            });
            let Some(used) = used else {
                if started {
                    // Always fits: every non-final chunk leaves room for it. Closed, it
                    // is not needed: receivers drop the unfinished frame anyway.
                    let _ = self.publish(seg, ABORT, &[]);
                }
                return Err(SendError::Timeout);
            };
            if used & CLOSED != 0 {
                return Err(SendError::Closed);
            }
            let space = capacity - used as usize;
            if whole <= space {
                // Counted before it is visible, so a fast receiver never takes `len` below 0.
                seg.fetch_add(self.frames(), 1);
                let sent = self.publish(seg, 0, rest);
                if sent.is_err() {
                    seg.fetch_sub(self.frames(), 1);
                }
                return sent;
            }
            let (chunk, tail) = rest.split_at(space - 2 * CHUNK_HEADER);
            self.publish(seg, MORE, chunk)?;
            rest = tail;
        }
    }

    pub fn try_send(self, seg: &dyn Segment, frame: &[u8]) -> Result<(), SendError> {
        self.send(seg, frame, Some(Duration::ZERO))
    }

    /// Writes one chunk past the write index and makes it visible, unless closed.
    fn publish(self, seg: &dyn Segment, flags: u32, payload: &[u8]) -> Result<(), SendError> {
        let capacity = self.capacity(seg);
        let index = seg.load(self.write_index());
        let header = (flags | payload.len() as u32).to_le_bytes();
        self.ring(seg, index, CHUNK_HEADER, |at, range| {
            seg.write(at, &header[range])
        });
        let after_header = (index + CHUNK_HEADER as u32) % capacity;
        self.ring(seg, after_header, payload.len(), |at, range| {
            seg.write(at, &payload[range])
        });
        let n = (CHUNK_HEADER + payload.len()) as u32;
        update(seg, self.used(), |u| (u & CLOSED == 0).then_some(u + n))
            .map_err(|_| SendError::Closed)?;
        seg.store(self.write_index(), (index + n) % capacity);
        seg.notify(self.used(), u32::MAX);
        Ok(())
    }

    /// Waits only for a frame's first chunk: once a frame has begun, its sender ends it
    /// (last chunk, abort marker, or close), and giving up halfway would lose it.
    pub fn recv(self, seg: &dyn Segment, timeout: Option<Duration>) -> Result<Vec<u8>, RecvError> {
        let deadline = Deadline::after(timeout);
        let _lock = Mutex::at(self.base + 8)
            .hold(seg, &deadline)
            .ok_or(RecvError::Timeout)?;
        let capacity = self.capacity(seg);
        let mut frame = Vec::new();
        let mut started = false;
        loop {
            let wait_until = if started { &Deadline::NEVER } else { &deadline };
            let used = block_on(seg, self.used(), wait_until, || {
                let u = seg.load(self.used());
                if u != 0 {
                    Ok(u)
                } else {
                    Err(u)
                }
            })
            .ok_or(RecvError::Timeout)?;
            if used & !CLOSED == 0 {
                // Closed and empty; an unfinished frame is dropped with its failed sender.
                return Err(RecvError::Closed);
            }
            let index = seg.load(self.read_index());
            let mut header = [0; CHUNK_HEADER];
            self.ring(seg, index, CHUNK_HEADER, |at, range| {
                seg.read(at, &mut header[range])
            });
            let header = u32::from_le_bytes(header);
            let len = header & LENGTH;
            if header & ABORT != 0 {
                frame.clear();
            } else {
                let start = frame.len();
                frame.resize(start + len as usize, 0);
                let payload = &mut frame[start..];
                self.ring(
                    seg,
                    (index + CHUNK_HEADER as u32) % capacity,
                    len as usize,
                    |at, range| seg.read(at, &mut payload[range]),
                );
            }
            let n = CHUNK_HEADER as u32 + len;
            seg.store(self.read_index(), (index + n) % capacity);
            seg.fetch_sub(self.used(), n);
            seg.notify(self.used(), u32::MAX);
            started = header & MORE != 0;
            if header & (MORE | ABORT) == 0 {
                seg.fetch_sub(self.frames(), 1);
                return Ok(frame);
            }
        }
    }

    pub fn try_recv(self, seg: &dyn Segment) -> Result<Vec<u8>, RecvError> {
        self.recv(seg, Some(Duration::ZERO))
    }

    /// Waits until a frame is fully queued or the channel is closed (a receive would not
    /// block); false on timeout. `Connection.poll` is this.
    pub fn poll(self, seg: &dyn Segment, timeout: Option<Duration>) -> bool {
        block_on(seg, self.used(), &Deadline::after(timeout), || {
            let used = seg.load(self.used());
            if seg.load(self.frames()) > 0 || used & CLOSED != 0 {
                Ok(())
            } else {
                Err(used)
            }
        })
        .is_some()
    }
}
