//! What a blocking thread waits on, as the timeline labels it: the library API the program
//! called (the outermost frame of the innermost run of threading/queue/multiprocessing/...
//! frames) and the object it was called on. Every wait that really blocks asks, so this
//! reads the interpreter's frame chain in place: `sys._getframe` and `f_locals` would
//! build frame objects and dicts for the whole stack each time.

use rustpython_vm::builtins::PyStr;
use rustpython_vm::frame::{self, InterpreterFrame};
use rustpython_vm::{AsObject, PyObjectRef, VirtualMachine};
use std::cell::Cell;

/// Top-level packages whose frames are the library's, not the program's.
const BLOCKING_APIS: &[&str] = &[
    "threading", "queue", "multiprocessing", "concurrent", "asyncio", "selectors", "time",
    "_weft_gil", "_weft_selectors", "_weft_sync",
];
/// Library functions that call the program's own (thread targets, pool tasks): the API the
/// program called is below them.
const CALLERS: &[&str] = &["run", "_bootstrap", "_bootstrap_inner", "_run_thread", "_run_new_thread", "_worker", "worker", "_run"];
/// Our stand-ins, named as the program knows them.
const SHOWN_AS: &[(&str, &str)] = &[("_weft_gil.RLock", "threading.RLock"), ("_weft_gil._ThreadHandle", "_thread._ThreadHandle")];
const OWNER_MAX: usize = 80;

thread_local! {
    /// Set while this thread runs an owner's `repr`. A repr may itself wait (a Future's
    /// takes its condition's lock, which the waiter is queueing for): that inner wait is
    /// labelled without an owner, or each level would describe the next until the native
    /// stack overflowed.
    static IN_REPR: Cell<bool> = const { Cell::new(false) };
}

/// The label of a wait: the API's, or `direct()` when the program called us itself.
pub fn label(vm: &VirtualMachine, direct: impl FnOnce() -> String) -> String {
    let label = api(vm);
    if label.is_empty() { direct() } else { label }
}

/// The label, or "" when the caller is the program itself (no library frame on top).
pub fn api(vm: &VirtualMachine) -> String {
    let mut api = None;
    let mut cur = frame::current_thread_iframe();
    let mut depth = 0;
    // SAFETY: the chain from the current frame down is this thread's live frames.
    while let Some(f) = unsafe { cur.as_ref() } {
        match module(f, vm) {
            Some(module) if is_library(&module, f) => api = Some((f, module, depth)),
            _ => break,
        }
        cur = f.previous();
        depth += 1;
    }
    let Some((f, module, depth)) = api else {
        return String::new();
    };
    let mut name = format!("{module}.{}", f.code().code.qualname.as_str());
    for (ours, shown) in SHOWN_AS {
        if let Some(rest) = name.strip_prefix(ours).filter(|rest| rest.starts_with('.')) {
            name = format!("{shown}{rest}");
        }
    }
    if let Some(owner) = (!IN_REPR.get()).then(|| owner(f, depth, vm)).flatten() {
        IN_REPR.set(true);
        let text = owner.repr(vm).map(|s| s.to_string_lossy().into_owned());
        IN_REPR.set(false);
        let text = text.unwrap_or_else(|_| default_repr(&owner, vm));
        name.push(' ');
        if text.chars().count() <= OWNER_MAX {
            name.push_str(&text);
        } else {
            name.extend(text.chars().take(OWNER_MAX - 3));
            name.push_str("...");
        }
    }
    name
}

fn module(f: &InterpreterFrame, vm: &VirtualMachine) -> Option<String> {
    let name = f.globals().get_item_opt("__name__", vm).ok().flatten()?;
    name.downcast_ref::<PyStr>()?.to_str().map(str::to_owned)
}

fn is_library(module: &str, f: &InterpreterFrame) -> bool {
    let package = module.split('.').next().unwrap_or_default();
    BLOCKING_APIS.contains(&package) && !CALLERS.contains(&f.code().code.obj_name.as_str())
}

/// The frame's local `self`, if it has one. Only this frame is materialized, and its
/// locals read through its `f_locals` proxy: a frame object made for a running frame reads
/// its values from the live frame.
fn owner(f: &InterpreterFrame, depth: usize, vm: &VirtualMachine) -> Option<PyObjectRef> {
    f.code().code.varnames.iter().any(|name| name.as_str() == "self").then_some(())?;
    let object = frame::frame_at_offset(depth, vm)?;
    let locals = object.as_object().get_attr("f_locals", vm).ok()?;
    locals.get_item("self", vm).ok()
}

/// `object.__repr__(owner)`, for an owner whose own repr failed.
fn default_repr(owner: &PyObjectRef, vm: &VirtualMachine) -> String {
    vm.ctx.types.object_type.as_object().get_attr("__repr__", vm)
        .and_then(|repr| repr.call((owner.clone(),), vm))
        .and_then(|text| text.str(vm).map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default()
}
