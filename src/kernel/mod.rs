//! The cross-process kernel: objects shared by every Weft process.
//!
//! Each Python process is a Web Worker with its own wasm memory, so nothing shared can
//! live in any of them. Locks, queues, shared values and the process table live instead
//! in one SharedArrayBuffer owned by the runtime, reached through [`Segment`]: on wasm a
//! `HostSegment` (host calls onto that buffer). Natively a [`HeapSegment`] stands in for
//! it, so the same tests run on real threads natively and, built for wasm, in Chromium
//! over a SharedArrayBuffer (`tests/kernel-wasm/`).
//!
//! - [`Segment`]: word atomics and futex wait/notify by byte offset — the least a
//!   SharedArrayBuffer offers through `Atomics`, so the browser side stays a thin shim.
//! - [`Arena`]: a heap inside the segment, with its free list and lock in the segment too,
//!   so any process can create objects; reference counts free them when the last process
//!   lets go.
//! - The objects ([`Mutex`], [`RLock`], [`Semaphore`], [`Event`], [`Condition`], [`Barrier`],
//!   [`Channel`], [`SharedBytes`], [`ProcessTable`]) are `Copy` views holding only their
//!   offset, because a handle must survive being pickled to another process. Each
//!   documents its layout and takes the segment per call.
//! - Blocking calls take `Option<Duration>` (`None`: forever) and report success rather
//!   than erroring on timeout, like Python's `acquire(timeout=...)`. The deadline is fixed
//!   once, so spurious wakeups never extend it.
//! - [`halt`]: before a process is ended, lets its threads out of the kernel's brief
//!   internal sections and no one in, so ending it never leaves those locks held.
//! - Owner ids (locks) are nonzero and unique per thread across processes, e.g.
//!   `pid << 16 | thread`, so a lock knows who may release it, as Python's do.

mod arena;
mod barrier;
mod channel;
mod condition;
mod event;
mod futex;
mod halt;
#[cfg(target_family = "wasm")]
mod host_segment;
mod mutex;
mod process_table;
mod segment;
mod semaphore;
mod shared_bytes;

pub use arena::Arena;
pub use barrier::{Barrier, Broken};
pub use channel::{Channel, RecvError, SendError};
pub use condition::Condition;
pub use event::Event;
pub use halt::halt;
#[cfg(target_family = "wasm")]
pub use host_segment::HostSegment;
pub use mutex::{Mutex, NotOwner, RLock};
pub use process_table::{
    NoSuchProcess, ProcessInfo, ProcessState, ProcessTable, TableFull, NAME_MAX,
};
pub use segment::{HeapSegment, Segment, Wait};
pub use semaphore::{Semaphore, TooManyReleases};
pub use shared_bytes::{OutOfBounds, SharedBytes};
