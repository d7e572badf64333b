//! The global interpreter lock of one process (statics live in the process's own
//! memory, so each process has its own). In GIL mode at most one thread runs bytecode.
//! A thread that has waited a switch interval asks the holder to let go; the holder does
//! at its next loop jump. Blocking calls release it. In free-threaded mode only the
//! timeline's states are recorded.
//!
//! Reaching the holder costs nothing while nobody asks: the waiter leaves a finalizable
//! reference cycle (`_weft_gil._SwitchRequest`) with the automatic collector due, so the
//! holder collects it at its next bytecode. Its finalizer arms the `sys.monitoring` JUMP
//! callback `_weft.gil_check` in the holder's own frames (the only frames `set_events`
//! instruments at once), which lets go at the next jump and disarms again while the
//! other thread wakes.

use super::trace::{self, ThreadState};
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};
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
    /// A `_SwitchRequest` is out for the current holder: other waiters need not add one.
    asked: bool,
}

static STATE: Mutex<State> = Mutex::new(State { held: false, switches: 0, drop_request: false, asked: false });
static RELEASED: Condvar = Condvar::new();
static SWITCHED: Condvar = Condvar::new();

thread_local! {
    /// Whether this thread holds the GIL: a blocking call made inside another one (a
    /// wrapped lock inside a wrapped join, say) must not let go of a GIL it does not hold.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// What a switch request uses, from `_weft_gil.install()`.
pub struct Hooks {
    /// `_SwitchRequest`: instantiated natively, so the waiter runs no bytecode (it would
    /// collect the request itself).
    pub request: PyObjectRef,
    /// Disarms the JUMP callback (`sys.monitoring.set_events`).
    pub disarm: PyObjectRef,
}

static HOOKS: OnceLock<Hooks> = OnceLock::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn take(s: &mut State) {
    HOLDING.set(true);
    s.held = true;
    s.drop_request = false;
    s.asked = false;
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
pub fn enable(hooks: Hooks) {
    let _ = HOOKS.set(hooks);
    take(&mut state());
    ENABLED.store(true, Ordering::Relaxed);
}

/// The shortest interval honoured. Each switch request costs the holder a collection and
/// the waiters a wake-up, so below this (tests set 1 µs) the threads did little else:
/// test_wait's 100 pool threads under 1 µs never finished here. CPython clamps the same
/// way where it must (test.support on old Android emulators).
const MIN_INTERVAL_US: f64 = 100.0;

pub fn set_interval(seconds: f64) {
    INTERVAL_US.store((seconds * 1e6).clamp(MIN_INTERVAL_US, 1e9) as u64, Ordering::Relaxed);
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
    /// Or another waiter has asked it to let go.
    HolderChanged,
}

fn wait_to_take(vm: &VirtualMachine) {
    // The hand-over count at which this thread asked; it asks again each interval the
    // same holder stays (its request may have been collected by a thread that had no GIL
    // to give), while other waiters leave it to this one.
    let mut asked_at = None;
    loop {
        let waited = vm.allow_threads(|| {
            let s = state();
            let seen = s.switches;
            let (mut s, _) = RELEASED.wait_timeout_while(s, interval(), |s| s.held).unwrap_or_else(|e| e.into_inner());
            if !s.held {
                take(&mut s);
                Waited::Taken
            } else if s.switches == seen && (!s.asked || asked_at == Some(seen)) {
                s.drop_request = true;
                s.asked = true;
                asked_at = Some(seen);
                Waited::HolderStayed
            } else {
                Waited::HolderChanged
            }
        });
        match waited {
            Waited::Taken => return,
            Waited::HolderStayed => {
                if let Some(hooks) = HOOKS.get() {
                    let _ = request_switch(hooks, vm);
                }
            }
            Waited::HolderChanged => {}
        }
    }
}

/// Leaves the holder a `_SwitchRequest` to collect. The collection is made due last, by
/// one tracked allocation under a gen-0 threshold of 1 (it stays due once the threshold
/// is back): the holder starts collecting at once, and its stop-the-world would wait up
/// to a millisecond for a waiter still attached, so nothing may follow but detaching.
fn request_switch(hooks: &Hooks, vm: &VirtualMachine) -> PyResult<()> {
    let request = hooks.request.call((), vm)?;
    request.set_attr("cycle", request.clone(), vm)?;
    drop(request);
    // One request at a time, so none restores the threshold another has lowered.
    static REQUESTING: Mutex<()> = Mutex::new(());
    let _one = REQUESTING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let young = &vm.state.gc.generations[0];
    let threshold = young.threshold();
    young.set_threshold(1);
    drop(vm.ctx.new_list(Vec::new()));
    young.set_threshold(threshold);
    Ok(())
}

/// Makes the holder run the JUMP callback once without asking it to let go, so that it
/// sees a signal raised for it (`signals::interrupt`). Called attached; detach next.
pub fn poke_holder(vm: &VirtualMachine) {
    if let (true, Some(hooks)) = (enabled(), HOOKS.get()) {
        let _ = request_switch(hooks, vm);
    }
}

/// The JUMP callback, armed only while a switch is asked for: lets go if another thread
/// still wants the GIL. A thread that has nothing to give (its GIL went at a blocking call
/// after the arming) just disarms its own frames.
pub fn on_jump(vm: &VirtualMachine) {
    if !switch_if_requested(vm) {
        disarm(vm);
    }
}

/// Back to no callbacks at all: re-instruments the calling thread's frames, which are the
/// ones the arming instrumented when it is the thread that was asked.
fn disarm(vm: &VirtualMachine) {
    if let Some(hooks) = HOOKS.get() {
        let _ = hooks.disarm.call((), vm);
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

/// The holder's side of a switch request: let go, disarm while the other thread wakes,
/// wait until it has taken the GIL (so this one does not take it straight back), then
/// queue up again. Says whether it switched.
fn switch_if_requested(vm: &VirtualMachine) -> bool {
    if !HOLDING.get() {
        return false;
    }
    let seen = {
        let mut s = state();
        if !s.drop_request {
            return false;
        }
        // Recorded before letting go, so the timeline never shows two threads running.
        trace::record(ThreadState::WaitingForGil, "");
        s.drop_request = false;
        s.held = false;
        HOLDING.set(false);
        RELEASED.notify_one();
        s.switches
    };
    disarm(vm);
    vm.allow_threads(|| {
        let s = state();
        let _ = SWITCHED.wait_timeout_while(s, interval(), |s| s.switches == seen);
    });
    if !try_take() {
        wait_to_take(vm);
    }
    trace::record(ThreadState::Running, "");
    true
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

/// Runs a native wait `op` without the GIL and detached from the VM (so other threads and
/// finalization never wait on it), shown on the timeline as blocked on the Python API that
/// called us, or on `direct()` when the program called us itself.
pub fn blocked<R>(vm: &VirtualMachine, direct: impl FnOnce() -> String, op: impl FnOnce() -> R) -> R {
    let label = super::describe::label(vm, direct);
    blocking(vm, ThreadState::Blocked, &label, || vm.allow_threads(op))
}
