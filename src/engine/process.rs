//! Who this process is in the run, and the host calls that start and end processes.
//! The main process is pid 1 and sets up the shared segment. A child is started before it
//! has a job (the page keeps a few warmed up): it waits for the page to assign it a pid,
//! a parent and the channel holding its spawn payload.

use crate::engine::shared::{self, SEGMENT};
use std::sync::OnceLock;

#[link(wasm_import_module = "weft_process")]
unsafe extern "C" {
    /// Asks the page for a process running as `pid`, reading its payload from the channel
    /// at `payload`. Returns at once; the page hands the job to a waiting child.
    #[link_name = "spawn"]
    fn host_spawn(pid: u32, payload: u32);
    /// Asks the page to end `pid`'s Workers now and record exit code `-signum`.
    #[link_name = "terminate"]
    fn host_terminate(pid: u32, signum: i32);
    /// Blocks until the page assigns this child its job: writes pid, ppid, payload.
    #[link_name = "assignment"]
    fn host_assignment(out: *mut u32);
    /// Blocks until the page ends this process (a kill, its exit, or the run's end): 1;
    /// or until Stop asks for a KeyboardInterrupt first: 0.
    #[link_name = "await_end"]
    fn host_await_end() -> u32;
    /// Tells the page that every other thread is parked, so ending the Workers now cuts
    /// none of them short in the middle of a write.
    #[link_name = "halted"]
    fn host_halted();
}

struct Identity {
    pid: u32,
    ppid: u32,
    payload: Option<u32>,
}

static IDENTITY: OnceLock<Identity> = OnceLock::new();

pub fn init_main() {
    shared::init();
    let _ = IDENTITY.set(Identity { pid: 1, ppid: 0, payload: None });
}

/// A child's wait for its job; everything before it (interpreter set-up, imports) is
/// done ahead of time.
pub fn await_assignment() {
    let mut job = [0u32; 3];
    // SAFETY: the host writes exactly three u32s at the pointer.
    unsafe { host_assignment(job.as_mut_ptr()) };
    let [pid, ppid, payload] = job;
    let _ = shared::table().set_running(&SEGMENT, pid);
    let _ = IDENTITY.set(Identity { pid, ppid, payload: Some(payload) });
}

/// 0 until a waiting child has its job.
pub fn pid() -> u32 {
    IDENTITY.get().map_or(0, |i| i.pid)
}

pub fn ppid() -> u32 {
    IDENTITY.get().map_or(0, |i| i.ppid)
}

pub fn payload() -> Option<u32> {
    IDENTITY.get().and_then(|i| i.payload)
}

pub fn start(pid: u32, payload: u32) {
    // SAFETY: plain host call with integer arguments.
    unsafe { host_spawn(pid, payload) }
}

pub fn terminate(pid: u32, signum: i32) {
    // SAFETY: plain host call with integer arguments.
    unsafe { host_terminate(pid, signum) }
}

/// What the page asks of this process's Stop thread.
pub enum Ending {
    /// Stop, as Ctrl-C: a KeyboardInterrupt for the main thread; the end may follow.
    Interrupt,
    /// The end: park every thread now.
    End,
}

pub fn await_end() -> Ending {
    // SAFETY: plain host call.
    match unsafe { host_await_end() } {
        0 => Ending::Interrupt,
        _ => Ending::End,
    }
}

pub fn halted() {
    // SAFETY: plain host call.
    unsafe { host_halted() }
}

/// Records this process's exit code for `join` and wakes `connection.wait`ers.
pub fn exited(code: i32) {
    shared::exited(pid(), code);
}
