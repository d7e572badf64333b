//! The engine binary: a Python interpreter for one process of a Weft run.
//! Built for `wasm32-wasip1-threads`; the browser host (`www/runtime/`) provides WASI.

fn main() -> std::process::ExitCode {
    weft::engine::main()
}
