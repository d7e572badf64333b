//! The interpreter of one Weft process: RustPython with the standard library frozen in,
//! our Python start-up code, and CPython's conventions for running a script.
//!
//! Command line (set by the host): `weft [--warmup] SCRIPT`. The script is read from the
//! host's in-memory file system and runs as `__main__` under the name it was given.

mod alloc;

use rustpython::InterpreterBuilderExt;
use rustpython_vm::{Interpreter, InterpreterBuilder, PyResult, VirtualMachine, py_freeze};
use std::process::ExitCode;

pub fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    let warmup = args.next_if(|a| a == "--warmup").is_some();
    let Some(script) = args.next() else {
        eprintln!("usage: weft [--warmup] SCRIPT [ARGS...]");
        return ExitCode::from(2);
    };
    let code = interpreter(&script).run(|vm| {
        startup(vm)?;
        if warmup {
            return run_source(vm, WARMUP, "<warmup>");
        }
        match std::fs::read_to_string(&script) {
            Ok(source) => run_source(vm, &source, &script),
            Err(err) => {
                eprintln!("python: can't open file '{script}': [Errno {}] {err}", err.raw_os_error().unwrap_or(2));
                Err(vm.new_system_exit(vec![vm.ctx.new_int(2).into()].into()))
            }
        }
    });
    // CPython exits with the status modulo 256, as the OS reports it.
    ExitCode::from(code as u8)
}

fn interpreter(script: &str) -> Interpreter {
    let mut settings = rustpython_vm::Settings::default();
    settings.argv = std::iter::once(script.to_owned()).chain(std::env::args().skip(2)).collect();
    settings.cpu_count = std::env::var("WEFT_CPU_COUNT").ok().and_then(|n| n.parse().ok());
    InterpreterBuilder::new()
        .settings(settings)
        .init_stdlib()
        .add_frozen_modules(py_freeze!(dir = "../py"))
        .interpreter()
}

/// Our start-up module: line-buffered stdio and the host's view of the process.
fn startup(vm: &VirtualMachine) -> PyResult<()> {
    vm.import("_weft_startup", 0).map(drop)
}

fn run_source(vm: &VirtualMachine, source: &str, path: &str) -> PyResult<()> {
    let scope = vm.new_scope_with_main()?;
    scope.globals.set_item("__file__", vm.ctx.new_str(path).into(), vm)?;
    scope.globals.set_item("__cached__", vm.ctx.none(), vm)?;
    vm.run_string(scope, source, path).map(drop)
}

/// Runs the interpreter's hot paths long enough for V8 to tier them up: wasm has no
/// on-stack replacement, so a long first call would otherwise stay in baseline code.
const WARMUP: &str = r#"
def spin(n):
    total = 0
    for i in range(n):
        if i % 3 == 0 or i % 5 == 0:
            total += i * i
    return total
for _ in range(40):
    spin(20000)
"#;
