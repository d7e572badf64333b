//! Weft: Python's concurrency lessons, running for real in a browser tab.
//!
//! `engine` embeds RustPython and exists only in the wasm build (feature `engine`);
//! `kernel` holds the cross-process objects and builds everywhere, so `cargo test`
//! exercises it natively with real threads.

// The engine's allocator keeps its per-thread cache in a `#[thread_local]` static, and
// `_weft` names lock owners by thread id.
#![cfg_attr(feature = "engine", feature(thread_local, thread_id_value))]

#[cfg(feature = "engine")]
pub mod engine;

pub mod kernel;
