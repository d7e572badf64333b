//! The timeline's events: each thread reports its state changes to the host, which
//! stamps them with the time and the process and thread ids and queues them with the
//! run's output (`www/runtime/output.js`). The codes are mirrored there.

#[derive(Clone, Copy)]
#[repr(u32)]
pub enum ThreadState {
    Created = 0,
    Running = 1,
    WaitingForGil = 2,
    Sleeping = 3,
    Blocked = 4,
    Finished = 5,
    /// Not a state: the label is the thread's Python name.
    Name = 6,
    /// Not a state: the label is the process's name.
    Process = 7,
}

#[link(wasm_import_module = "weft_trace")]
unsafe extern "C" {
    fn state(code: u32, label: *const u8, len: u32);
}

pub fn record(what: ThreadState, label: &str) {
    // SAFETY: the host only reads `len` bytes at `label`.
    unsafe { state(what as u32, label.as_ptr(), label.len() as u32) }
}
