//! The interpreter of one Weft process: RustPython with the standard library frozen in,
//! our Python modules (`src/py/`), the lessons' PyPI packages, the `_weft` kernel module,
//! and CPython's conventions for running a script.
//!
//! Command line (set by the host):
//! - `weft SCRIPT [ARGS...]`: the main process runs SCRIPT from the in-memory file system
//!   as `__main__`, under the name it was given, with its directory as `sys.path[0]`;
//! - `weft -m MODULE [ARGS...]`: runs MODULE as `__main__` through `runpy`, as `python -m`
//!   does (`sys.path[0]` the working directory);
//! - `weft --child`: a `multiprocessing` child: sets up, waits for the page to assign it
//!   a job, then bootstraps from the payload its parent left (`src/py/_weft_spawn.py`);
//! - `weft --warmup`: runs the interpreter's hot loop so V8 tiers it up before user code.
//!
//! Environment: `WEFT_CWD`, the working directory of a run given one (`weft run`'s: the
//! host's); `PYTHONPATH`, directories put on `sys.path` as CPython does.

mod alloc;
mod describe;
mod fetch;
mod gil;
mod process;
mod queue_module;
mod shared;
mod signals;
mod trace;
mod weft_module;

use rustpython_vm::{AsObject, Interpreter, InterpreterBuilder, PyResult, VirtualMachine, py_freeze};
use std::process::ExitCode;

enum Mode {
    Script(String),
    Module(String),
    Child,
    Warmup,
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("--warmup") => Mode::Warmup,
        Some("--child") => Mode::Child,
        Some("-m") => match args.get(1) {
            Some(module) => Mode::Module(module.clone()),
            None => return usage(),
        },
        Some(script) if !script.starts_with("--") => Mode::Script(script.to_owned()),
        _ => return usage(),
    };
    if !matches!(mode, Mode::Child) {
        process::init_main();
    }
    let cwd = std::env::var("WEFT_CWD").ok();
    if let Some(dir) = &cwd {
        if let Err(err) = std::env::set_current_dir(dir) {
            eprintln!("weft: can't enter the working directory '{dir}': {err}");
            return ExitCode::from(2);
        }
    }
    // `python -m` sees '-m' as sys.argv[0] until runpy puts the module's path there.
    let argv = match &mode {
        Mode::Module(_) => [&args[..1], &args[2..]].concat(),
        _ => args.clone(),
    };
    // Room for the stacks of the thread limit (2 MiB each, www/runtime/threads.js).
    alloc::reserve_heap(320 << 20);
    let mut interrupted = false;
    let code = interpreter(argv).run(|vm| {
        vm.import("_weft_startup", 0)?;
        let result = match &mode {
            Mode::Warmup => run_source(vm, WARMUP, "<warmup>"),
            Mode::Child => run_child(vm),
            Mode::Script(script) => run_script(vm, script, cwd.is_some()),
            Mode::Module(module) => {
                vm.new_scope_with_main()?;
                vm.insert_sys_path(vm.ctx.new_str(current_dir()).into())?;
                vm.run_module(module)
            }
        };
        interrupted = matches!(&result, Err(e) if e.fast_isinstance(vm.ctx.exceptions.keyboard_interrupt));
        result
    }) as i32;
    // CPython ends itself by SIGINT after an uncaught KeyboardInterrupt: a shell sees 130.
    let code = if interrupted { 130 } else { code };
    trace::record(trace::ThreadState::Finished, "");
    process::exited(code);
    // The OS reports the status modulo 256, as CPython's does.
    ExitCode::from(code as u8)
}

fn usage() -> ExitCode {
    eprintln!("usage: weft SCRIPT [ARGS...] | weft -m MODULE [ARGS...] | weft --child | weft --warmup");
    ExitCode::from(2)
}

fn interpreter(argv: Vec<String>) -> Interpreter {
    let mut settings = rustpython_vm::Settings::default();
    settings.argv = argv;
    if let Ok(paths) = std::env::var("PYTHONPATH") {
        settings.path_list.extend(paths.split(':').filter(|p| !p.is_empty()).map(str::to_owned));
    }
    settings.cpu_count = std::env::var("WEFT_CPU_COUNT").ok().and_then(|n| n.parse().ok());
    let builder = InterpreterBuilder::new().settings(settings);
    let stdlib = rustpython_stdlib::stdlib_module_defs(&builder.ctx);
    let weft = weft_module::module_def(&builder.ctx);
    // Replaces RustPython's `_queue` (a later definition of a name wins).
    let queue = queue_module::module_def(&builder.ctx);
    builder
        .add_native_modules(&stdlib)
        // The stdlib modules the lessons import (scripts/stdlib.mjs); the rest are files in
        // sys._stdlib_dir, which a run's file server fetches on first open.
        .add_frozen_modules(py_freeze!(dir = "../../target/py-stdlib"))
        .add_native_module(weft)
        .add_native_module(queue)
        .init_hook(signals::install)
        .add_frozen_modules(py_freeze!(dir = "../py"))
        // The PyPI packages (scripts/packages.mjs; build.rs says how to get them).
        .add_frozen_modules(py_freeze!(dir = "../../target/py-packages"))
        .interpreter()
}

/// `absolute`: name it by its absolute path, as CPython 3.9+ does; a run without a working
/// directory of its own (the playground's `main.py`) keeps the name its pages show.
fn run_script(vm: &VirtualMachine, script: &str, absolute: bool) -> PyResult<()> {
    let full = if script.starts_with('/') { script.to_owned() } else { format!("{}/{script}", current_dir().trim_end_matches('/')) };
    // sys.path[0]: the script's directory (our file system has no symlinks to resolve).
    let dir = std::path::Path::new(&normalize(&full)).parent().map_or("/".into(), |d| d.display().to_string());
    vm.insert_sys_path(vm.ctx.new_str(dir).into())?;
    let name = if absolute { &full } else { script };
    match std::fs::read_to_string(script) {
        Ok(source) => run_source(vm, &source, name),
        Err(err) => {
            eprintln!("python: can't open file '{script}': [Errno {}] {err}", err.raw_os_error().unwrap_or(2));
            Err(vm.new_system_exit(vec![vm.ctx.new_int(2).into()].into()))
        }
    }
}

fn current_dir() -> String {
    std::env::current_dir().map_or("/".into(), |d| d.display().to_string())
}

/// An absolute path without `.`, `..` or repeated separators.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => drop(parts.pop()),
            _ => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
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
