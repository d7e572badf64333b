//! The global interpreter lock of one process (statics live in the process's own
//! memory, so each process has its own). In GIL mode at most one thread runs bytecode:
//! a thread that has waited a switch interval asks the holder to let go, and the holder
//! does at its next loop jump (`sys.monitoring` callback `_weft.gil_check`, armed
//! by `src/py/_weft_gil.py`). Blocking calls release it. In free-threaded mode only the
//! timeline's states are recorded.

use super::trace::{self, ThreadState};
use rustpython_vm::{PyObjectRef, VirtualMachine};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

static ENABLED: AtomicBool = AtomicBool::new(false);
static INTERVAL_US: AtomicU64 = AtomicU64::new(5000);

struct State {
    held: bool,
    /// Counts hand-overs, so a waiter can tell whether the holder changed while it slept.
    switches: u64,
    drop_request: bool,
}

static STATE: Mutex<State> = Mutex::new(State { held: false, switches: 0, drop_request: false });
static RELEASED: Condvar = Condvar::new();
static SWITCHED: Condvar = Condvar::new();

thread_local! {
    /// Whether this thread holds the GIL: a blocking call made inside another one (a
    /// wrapped lock inside a wrapped join, say) must not let go of a GIL it does not hold.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// `sys.monitoring.restart_events`: re-arms the callback where it returned DISABLE.
static RESTART_EVENTS: OnceLock<PyObjectRef> = OnceLock::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn take(s: &mut State) {
    HOLDING.set(true);
    s.held = true;
    s.drop_request = false;
    s.switches += 1;
    SWITCHED.notify_all();
}

fn interval() -> Duration {
    Duration::from_micros(INTERVAL_US.load(Ordering::Relaxed))
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Turns GIL mode on for this process; the calling thread (the main one) holds it.
pub fn enable(restart_events: PyObjectRef) {
    let _ = RESTART_EVENTS.set(restart_events);
    take(&mut state());
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn set_interval(seconds: f64) {
    INTERVAL_US.store((seconds * 1e6).clamp(1.0, 1e9) as u64, Ordering::Relaxed);
}

/// Takes the GIL after a blocking call or at a thread's start, then records `Running`.
pub fn acquire(vm: &VirtualMachine) {
    if enabled() && !HOLDING.get() && !try_take() {
        trace::record(ThreadState::WaitingForGil, "");
        wait_to_take(vm);
    }
    trace::record(ThreadState::Running, "");
}

fn try_take() -> bool {
    let mut s = state();
    if s.held {
        return false;
    }
    take(&mut s);
    true
}

enum Waited {
    Taken,
    HolderStayed,
    HolderChanged,
}

fn wait_to_take(vm: &VirtualMachine) {
    loop {
        let waited = vm.allow_threads(|| {
            let s = state();
            let seen = s.switches;
            let (mut s, _) = RELEASED.wait_timeout_while(s, interval(), |s| s.held).unwrap_or_else(|e| e.into_inner());
            if !s.held {
                take(&mut s);
                Waited::Taken
            } else if s.switches == seen {
                s.drop_request = true;
                Waited::HolderStayed
            } else {
                Waited::HolderChanged
            }
        });
        match waited {
            Waited::Taken => return,
            Waited::HolderStayed => {
                if let Some(restart) = RESTART_EVENTS.get() {
                    let _ = restart.call((), vm);
                }
            }
            Waited::HolderChanged => {}
        }
    }
}

/// Lets go of the GIL before a blocking call (which has recorded why).
pub fn release() {
    if enabled() && HOLDING.get() {
        HOLDING.set(false);
        let mut s = state();
        s.held = false;
        RELEASED.notify_one();
    }
}

/// The holder's side of a switch request: let go, wait until another thread has taken
/// the GIL (so this one does not take it straight back), then queue up again.
pub fn switch_if_requested(vm: &VirtualMachine) {
    if !HOLDING.get() {
        return;
    }
    let seen = {
        let mut s = state();
        if !s.drop_request {
            return;
        }
        // Recorded before letting go, so the timeline never shows two threads running.
        trace::record(ThreadState::WaitingForGil, "");
        s.drop_request = false;
        s.held = false;
        HOLDING.set(false);
        RELEASED.notify_one();
        s.switches
    };
    vm.allow_threads(|| {
        let s = state();
        let _ = SWITCHED.wait_timeout_while(s, interval(), |s| s.switches == seen);
    });
    if !try_take() {
        wait_to_take(vm);
    }
    trace::record(ThreadState::Running, "");
}

/// Runs a blocking `call` without the GIL, recorded as `what` (sleeping or blocked on
/// `label`). `call` runs attached to the VM; anything in it that blocks detaches itself.
pub fn blocking<R>(vm: &VirtualMachine, what: ThreadState, label: &str, call: impl FnOnce() -> R) -> R {
    trace::record(what, label);
    release();
    let result = call();
    acquire(vm);
    result
}
