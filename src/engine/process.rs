//! Who this process is in the run, and the host calls that start and end processes.
//! The main process is pid 1 and sets up the shared segment; a spawned child learns its
//! pid from the environment the host gives it (`WEFT_PID`, `WEFT_PPID`).

use crate::engine::shared::{self, SEGMENT};
use std::sync::OnceLock;

#[link(wasm_import_module = "weft_process")]
unsafe extern "C" {
    /// Asks the page for a new process running as `pid`, reading its payload from the
    /// channel at `payload`. Returns at once; the page starts the Workers.
    #[link_name = "spawn"]
    fn host_spawn(pid: u32, payload: u32);
    /// Asks the page to end `pid`'s Workers now and record exit code `-signum`.
    #[link_name = "terminate"]
    fn host_terminate(pid: u32, signum: i32);
}

struct Identity {
    pid: u32,
    ppid: u32,
    payload: Option<u32>,
}

static IDENTITY: OnceLock<Identity> = OnceLock::new();

fn env_u32(name: &str) -> Option<u32> {
    std::env::var(name).ok()?.parse().ok()
}

/// `payload`: the spawn channel, for a child; `None` for the main process.
pub fn init(payload: Option<u32>) {
    let identity = match (payload, env_u32("WEFT_PID")) {
        (Some(payload), Some(pid)) => {
            let _ = shared::table().set_running(&SEGMENT, pid);
            Identity { pid, ppid: env_u32("WEFT_PPID").unwrap_or(1), payload: Some(payload) }
        }
        _ => {
            shared::init();
            Identity { pid: 1, ppid: 0, payload: None }
        }
    };
    let _ = IDENTITY.set(identity);
}

fn identity() -> &'static Identity {
    IDENTITY.get().expect("process::init runs first")
}

pub fn pid() -> u32 {
    identity().pid
}

pub fn ppid() -> u32 {
    identity().ppid
}

pub fn payload() -> Option<u32> {
    identity().payload
}

pub fn start(pid: u32, payload: u32) {
    // SAFETY: plain host call with integer arguments.
    unsafe { host_spawn(pid, payload) }
}

pub fn terminate(pid: u32, signum: i32) {
    // SAFETY: plain host call with integer arguments.
    unsafe { host_terminate(pid, signum) }
}

/// Records this process's exit code for `join` and wakes `connection.wait`ers.
pub fn exited(code: i32) {
    shared::exited(pid(), code);
}
