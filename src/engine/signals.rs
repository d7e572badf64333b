//! Signals within a run. None arrive from outside a tab, but `_thread.interrupt_main()`
//! and `signal.raise_signal()` send one to the main thread, whose Python handler (set
//! with `signal.signal`, kept by `src/py/_weft_signal.py`) must run there. Raised in the
//! main thread, it runs at once. Raised in another, it waits here until the main thread
//! comes back from a blocking call or takes the GIL at a hand-over, since RustPython's
//! wasm build has no per-instruction signal check: a free-threaded main thread that never
//! waits does not see it. Nothing wakes a wait here either, so the main thread's waits
//! ([`wait`]) look for a signal every [`SLICE`].

use super::gil;
use super::trace::ThreadState;
use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

const SIG_DFL: i64 = 0;
/// How long a wait of the main thread goes without looking for a signal: what Stop's
/// Ctrl-C waits at most before the main thread's handler runs.
pub const SLICE: Duration = Duration::from_millis(50);
pub const SIGINT: i32 = 2;

static MAIN_THREAD: OnceLock<ThreadId> = OnceLock::new();
static PENDING: Mutex<Vec<i32>> = Mutex::new(Vec::new());
/// Whether `PENDING` may hold anything: the check made at every wait's end.
static ANY: AtomicBool = AtomicBool::new(false);

/// Remembers which thread is the main one (an interpreter init hook: it runs there).
pub fn install(_vm: &mut VirtualMachine) {
    let _ = MAIN_THREAD.set(std::thread::current().id());
}

fn in_main_thread() -> bool {
    MAIN_THREAD.get() == Some(&std::thread::current().id())
}

/// The Python handler for `signum`, or its disposition (SIG_DFL 0, SIG_IGN 1) as an int.
fn handler(vm: &VirtualMachine, signum: i32) -> PyResult<Result<PyObjectRef, i64>> {
    let handler = vm.import("_weft_signal", 0)?.get_attr("getsignal", vm)?.call((signum,), vm)?;
    Ok(match handler.try_to_value::<i64>(vm) {
        Ok(disposition) if handler.class().is(vm.ctx.types.int_type) => Err(disposition),
        _ => Ok(handler),
    })
}

/// Sends `signum` to the main thread (`getsignal` checks the number). `only_handled`: as
/// `interrupt_main`, nothing happens unless Python handles it; otherwise (`raise_signal`)
/// SIG_DFL takes its default action.
pub fn raise(vm: &VirtualMachine, signum: i32, only_handled: bool) -> PyResult<()> {
    match handler(vm, signum)? {
        Err(SIG_DFL) if !only_handled => {
            vm.import("_weft_signal", 0)?.get_attr("default_action", vm)?.call((signum,), vm)?;
            return Ok(());
        }
        Err(_) => return Ok(()),
        Ok(_) => {}
    }
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).push(signum);
    ANY.store(true, Ordering::SeqCst);
    deliver_pending(vm)
}

/// Ctrl-C from the page's Stop (the hidden Stop thread calls it): SIGINT for the main
/// thread, which a GIL holder busy in Python takes at its next jump once poked.
pub fn interrupt(vm: &VirtualMachine) -> PyResult<()> {
    raise(vm, SIGINT, false)?;
    super::gil::poke_holder(vm);
    Ok(())
}

/// [`deliver_pending`] at a GIL hand-over, unless the frame interrupted is ours: our
/// modules catch exceptions where a program's would not, and would swallow the handler's.
pub fn deliver_pending_at_jump(vm: &VirtualMachine) -> PyResult<()> {
    if !ANY.load(Ordering::Relaxed) {
        return Ok(());
    }
    let module = vm.current_frame().and_then(|frame| frame.f_globals().get_item_opt("__name__", vm).ok().flatten());
    let ours = module.and_then(|name| name.str(vm).ok()).is_some_and(|name| name.expect_str().starts_with("_weft"));
    if ours {
        return Ok(());
    }
    deliver_pending(vm)
}

/// In the main thread, runs the handlers waiting for it, in the order raised; the first
/// exception (KeyboardInterrupt, say) is what the interrupted call raises, and the rest
/// wait for the next chance.
pub fn deliver_pending(vm: &VirtualMachine) -> PyResult<()> {
    if !ANY.load(Ordering::Relaxed) || !in_main_thread() {
        return Ok(());
    }
    loop {
        let next = {
            let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
            let next = (!pending.is_empty()).then(|| pending.remove(0));
            ANY.store(!pending.is_empty(), Ordering::SeqCst);
            next
        };
        let Some(signum) = next else { return Ok(()) };
        if let Ok(handler) = handler(vm, signum)? {
            let frame: PyObjectRef = vm.current_frame().map_or_else(|| vm.ctx.none(), Into::into);
            handler.call((signum, frame), vm)?;
        }
    }
}

/// A wait without the GIL, shown on the timeline as `state` on `label`: `op(limit)` waits up
/// to `limit` (None: for ever) and `done` tells whether what it gave ends the wait. In the
/// main thread it waits in slices, and a signal raised meanwhile has its handler run here,
/// as CPython's waits are interrupted: the handler's exception is what the wait raises;
/// if it returns, the wait goes on for what is left of `limit` (PEP 475). Only for waits
/// that can time out and be started again with nothing lost.
pub fn wait<T>(
    vm: &VirtualMachine,
    state: ThreadState,
    label: &str,
    limit: Option<Duration>,
    mut op: impl FnMut(Option<Duration>) -> T,
    done: impl Fn(&T) -> bool,
) -> PyResult<T> {
    if !in_main_thread() {
        return Ok(gil::blocking(vm, state, label, || op(limit)));
    }
    let deadline = limit.map(|limit| Instant::now() + limit);
    loop {
        let result = gil::blocking(vm, state, label, || loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let slice = left.map_or(SLICE, |left| left.min(SLICE));
            let result = op(Some(slice));
            if done(&result) || left.is_some_and(|left| left <= slice) || ANY.load(Ordering::SeqCst) {
                break result;
            }
        });
        if done(&result) || deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(result);
        }
        deliver_pending(vm)?;
    }
}
