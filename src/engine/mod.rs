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
//! - any of these may instead start from a copy of one set up, at `weft_resume`
//!   (`template.rs`);
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
mod template;
mod trace;
mod weft_module;

use rustpython_vm::{AsObject, Interpreter, InterpreterBuilder, PyResult, VirtualMachine, py_freeze};
use std::process::ExitCode;

/// What the main process runs (a child's is its job).
enum Main {
    Script(String),
    Module(String),
}

pub fn main() -> ExitCode {
    // The OS reports the status modulo 256, as CPython's does.
    ExitCode::from(start(None) as u8)
}

/// Runs this process to its end: its exit code. `resumed`: the interpreter of the
/// template this process was copied from (`template.rs`), already set up.
fn start(resumed: Option<Box<Interpreter>>) -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // None: a child.
    let main = match args.first().map(String::as_str) {
        Some("--child") => None,
        Some("-m") => match args.get(1) {
            Some(module) => Some(Main::Module(module.clone())),
            None => return usage(),
        },
        Some(script) if !script.starts_with("--") => Some(Main::Script(script.to_owned())),
        _ => return usage(),
    };
    if main.is_some() {
        process::init_main();
    }
    let Ok(cwd) = enter_working_dir() else { return 2 };
    // `python -m` sees '-m' as sys.argv[0] until runpy puts the module's path there.
    let argv = match &main {
        Some(Main::Module(_)) => [&args[..1], &args[2..]].concat(),
        _ => args.clone(),
    };
    let is_resumed = resumed.is_some();
    let interpreter = match resumed {
        Some(interpreter) => {
            if let Err(code) = set_up(&interpreter, |vm| adopt_command_line(vm, argv)) {
                return code;
            }
            interpreter
        }
        None => {
            let interpreter = Box::new(interpreter(argv));
            // What every process imports, and every child.
            let imports = |vm: &VirtualMachine| {
                vm.import("_weft_startup", 0)?;
                if main.is_none() {
                    vm.import("_weft_spawn", 0)?;
                }
                Ok(())
            };
            if let Err(code) = set_up(&interpreter, imports) {
                return code;
            }
            template::offer(interpreter)
        }
    };
    alloc::reserve_heap(HEAP_RESERVE);
    finish(interpreter, |vm| {
        begin(vm, is_resumed)?;
        match &main {
            None => {
                vm.allow_threads(process::await_assignment);
                let code = vm.import("_weft_spawn", 0)?.get_attr("main", vm)?.call((), vm)?;
                Err(vm.new_system_exit(vec![code].into()))
            }
            Some(Main::Script(script)) => run_script(vm, script, cwd.is_some()),
            Some(Main::Module(module)) => {
                vm.new_scope_with_main()?;
                vm.insert_sys_path(vm.ctx.new_str(current_dir()).into())?;
                vm.run_module(module)
            }
        }
    })
}

/// Room for the stacks of the thread limit (2 MiB each, www/runtime/threads.js), taken
/// before the process starts its first thread other than the main one.
const HEAP_RESERVE: usize = 320 << 20;

/// Runs `step` in the interpreter before the process's own start; Err(exit code) once its
/// exception is printed.
fn set_up(interpreter: &Interpreter, step: impl FnOnce(&VirtualMachine) -> PyResult<()>) -> Result<(), i32> {
    interpreter.enter(|vm| step(vm).map_err(|err| vm.print_exception(&err))).map_err(|()| 1)
}

/// A copy's sys.argv and sys.path are its template's: they become this process's, as
/// `interpreter` would have set them (PYTHONPATH first, before the stdlib's).
fn adopt_command_line(vm: &VirtualMachine, argv: Vec<String>) -> PyResult<()> {
    let strings = |list: Vec<String>| vm.ctx.new_list(list.into_iter().map(|s| vm.ctx.new_str(s).into()).collect());
    let sys = vm.sys_module.as_object();
    sys.set_attr("argv", strings(argv), vm)?;
    sys.set_attr("orig_argv", strings(std::env::args().collect()), vm)?;
    let path = sys.get_attr("path", vm)?;
    for (at, dir) in python_path().into_iter().enumerate() {
        vm.call_method(&path, "insert", (at, dir))?;
    }
    Ok(())
}

fn python_path() -> Vec<String> {
    let paths = std::env::var("PYTHONPATH").unwrap_or_default();
    paths.split(':').filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// What belongs to this process alone, once what processes share is set up
/// (`_weft_startup.begin`): its Stop thread and its GIL.
fn begin(vm: &VirtualMachine, resumed: bool) -> PyResult<()> {
    vm.import("_weft_startup", 0)?.get_attr("begin", vm)?.call((resumed,), vm).map(drop)
}

/// Runs `main` to the end of the process, as the interpreter's last work; its exit code.
fn finish(interpreter: Box<Interpreter>, main: impl FnOnce(&VirtualMachine) -> PyResult<()>) -> i32 {
    let mut interrupted = false;
    let code = interpreter.run(|vm| {
        let result = main(vm);
        interrupted = matches!(&result, Err(e) if e.fast_isinstance(vm.ctx.exceptions.keyboard_interrupt));
        result
    }) as i32;
    // CPython ends itself by SIGINT after an uncaught KeyboardInterrupt: a shell sees 130.
    let code = if interrupted { 130 } else { code };
    trace::record(trace::ThreadState::Finished, "");
    process::exited(code);
    code
}

/// Enters the run's working directory, if it has one (`WEFT_CWD`): its path; Err once the
/// error is printed.
fn enter_working_dir() -> Result<Option<String>, ()> {
    let cwd = std::env::var("WEFT_CWD").ok();
    if let Some(dir) = &cwd {
        if let Err(err) = std::env::set_current_dir(dir) {
            eprintln!("weft: can't enter the working directory '{dir}': {err}");
            return Err(());
        }
    }
    Ok(cwd)
}

fn usage() -> i32 {
    eprintln!("usage: weft SCRIPT [ARGS...] | weft -m MODULE [ARGS...] | weft --child");
    2
}

fn interpreter(argv: Vec<String>) -> Interpreter {
    let mut settings = rustpython_vm::Settings::default();
    settings.argv = argv;
    settings.path_list.extend(python_path());
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
