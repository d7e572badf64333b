//! Processes made from a template: a fresh process, once its interpreter is set up and
//! before it starts a second thread, offers the page a copy of its memory. A later process
//! of the same kind (main or child) is that copy in a new instance, entered at
//! [`weft_resume`] instead of `_start`, so it skips the interpreter's set-up and the
//! imports every process makes (`_weft_startup`), and a child those every child makes
//! (`_weft_spawn`).
//!
//! What makes the copy sound: the interpreter waits in [`PARKED`], so nothing live is on
//! the wasm stack the copy leaves behind; only one thread exists, whose TLS block is at the
//! address the start function gives every main instance; and what differs per process
//! (its command line, environment, shared segment, Stop thread, GIL, pid) is set up after,
//! by a fresh process and a copy alike.

use rustpython_vm::Interpreter;
use std::sync::Mutex;

#[link(wasm_import_module = "weft_process")]
unsafe extern "C" {
    /// The page may copy this instance's memory from `start` to its end now, to make
    /// later processes of this kind from (www/runtime/template.js).
    #[link_name = "offer_template"]
    fn host_offer_template(start: u32);
}

unsafe extern "C" {
    /// Where the linker put the first static data: below it lies only the main thread's
    /// stack, which a copy does not need.
    static __global_base: u8;
    fn __wasilibc_deinitialize_environ();
    fn __wasilibc_initialize_environ();
}

struct Parked(Box<Interpreter>);
// SAFETY: only the main thread of a process ever touches it, before and after the copy.
unsafe impl Send for Parked {}

static PARKED: Mutex<Option<Parked>> = Mutex::new(None);

/// Lets the page copy this process as it is, then goes on with it.
pub fn offer(interpreter: Box<Interpreter>) -> Box<Interpreter> {
    *PARKED.lock().unwrap() = Some(Parked(interpreter));
    // SAFETY: plain host call; the lock above is released before it.
    unsafe { host_offer_template(&raw const __global_base as u32) };
    take()
}

fn take() -> Box<Interpreter> {
    PARKED.lock().unwrap().take().expect("a template holds its interpreter").0
}

/// The entry point of a process made from a template: the page has copied the template
/// into this instance's memory. Ends the process with its exit code.
#[unsafe(no_mangle)]
pub extern "C" fn weft_resume() {
    // The environment libc read was the template's; this run's may differ.
    // SAFETY: one thread; nothing holds a pointer into the old environment.
    unsafe {
        __wasilibc_deinitialize_environ();
        __wasilibc_initialize_environ();
    }
    std::process::exit(super::start(Some(take())));
}
