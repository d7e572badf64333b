//! The interpreter of one Weft process: RustPython with the standard library frozen in,
//! our Python modules (`src/py/`), the lessons' PyPI packages, the `_weft` kernel module,
//! and CPython's conventions for running a script.
//!
//! Command line (set by the host):
//! - `weft SCRIPT [ARGS...]`: the main process runs SCRIPT from the in-memory file system
//!   as `__main__`, under the name it was given;
//! - `weft --child`: a `multiprocessing` child: sets up, waits for the page to assign it
//!   a job, then bootstraps from the payload its parent left (`src/py/_weft_spawn.py`);
//! - `weft --warmup`: runs the interpreter's hot loop so V8 tiers it up before user code.

mod alloc;
mod fetch;
mod gil;
mod process;
mod shared;
mod trace;
mod weft_module;

use rustpython::InterpreterBuilderExt;
use rustpython_vm::{Interpreter, InterpreterBuilder, PyResult, VirtualMachine, py_freeze};
use std::process::ExitCode;

enum Mode {
    Script(String),
    Child,
    Warmup,
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("--warmup") => Mode::Warmup,
        Some("--child") => Mode::Child,
        Some(script) if !script.starts_with("--") => Mode::Script(script.to_owned()),
        _ => return usage(),
    };
    if !matches!(mode, Mode::Child) {
        process::init_main();
    }
    // Room for the stacks of the thread limit (2 MiB each, www/runtime/threads.js).
    alloc::reserve_heap(320 << 20);
    let code = interpreter(&args).run(|vm| {
        vm.import("_weft_startup", 0)?;
        match &mode {
            Mode::Warmup => run_source(vm, WARMUP, "<warmup>"),
            Mode::Child => run_child(vm),
            Mode::Script(script) => run_script(vm, script),
        }
    }) as i32;
    trace::record(trace::ThreadState::Finished, "");
    process::exited(code);
    // The OS reports the status modulo 256, as CPython's does.
    ExitCode::from(code as u8)
}

fn usage() -> ExitCode {
    eprintln!("usage: weft SCRIPT [ARGS...] | weft --child | weft --warmup");
    ExitCode::from(2)
}

fn interpreter(args: &[String]) -> Interpreter {
    let mut settings = rustpython_vm::Settings::default();
    settings.argv = args.to_vec();
    settings.cpu_count = std::env::var("WEFT_CPU_COUNT").ok().and_then(|n| n.parse().ok());
    let builder = InterpreterBuilder::new().settings(settings).init_stdlib();
    let weft = weft_module::module_def(&builder.ctx);
    builder
        .add_native_module(weft)
        .add_frozen_modules(py_freeze!(dir = "../py"))
        // The PyPI packages (scripts/packages.mjs; build.rs says how to get them).
        .add_frozen_modules(py_freeze!(dir = "../../target/py-packages"))
        .interpreter()
}

fn run_script(vm: &VirtualMachine, script: &str) -> PyResult<()> {
    match std::fs::read_to_string(script) {
        Ok(source) => run_source(vm, &source, script),
        Err(err) => {
            eprintln!("python: can't open file '{script}': [Errno {}] {err}", err.raw_os_error().unwrap_or(2));
            Err(vm.new_system_exit(vec![vm.ctx.new_int(2).into()].into()))
        }
    }
}

fn run_source(vm: &VirtualMachine, source: &str, path: &str) -> PyResult<()> {
    let scope = vm.new_scope_with_main()?;
    scope.globals.set_item("__file__", vm.ctx.new_str(path).into(), vm)?;
    scope.globals.set_item("__cached__", vm.ctx.none(), vm)?;
    vm.run_string(scope, source, path).map(drop)
}

/// A child imports what every child needs before its job arrives, then exits with what
/// its `Process._bootstrap` returns, like CPython's spawn_main.
fn run_child(vm: &VirtualMachine) -> PyResult<()> {
    let spawn = vm.import("_weft_spawn", 0)?;
    vm.allow_threads(process::await_assignment);
    let code = spawn.get_attr("main", vm)?.call((), vm)?;
    Err(vm.new_system_exit(vec![code].into()))
}

/// Exercises the interpreter's hot paths long enough for V8 to tier them up: wasm has
/// no on-stack replacement, so a long first call would otherwise stay in baseline code.
/// Two threads at once too: objects shared between threads take other code paths.
const WARMUP: &str = r#"
import threading
def spin(n):
    total = 0
    for i in range(n):
        if i % 3 == 0 or i % 5 == 0:
            total += i * i
    return total
def spins():
    for _ in range(20):
        spin(20000)
spins()
threads = [threading.Thread(target=spins) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
"#;
