// The engine freezes `src/py/*.py`, the PyPI packages that scripts/packages.mjs unpacks
// into target/py-packages and the stdlib modules scripts/stdlib.mjs puts in
// target/py-stdlib into the binary; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=src/py");
    println!("cargo:rerun-if-changed=target/py-packages");
    println!("cargo:rerun-if-changed=target/py-stdlib");
    if std::env::var_os("CARGO_FEATURE_ENGINE").is_some() {
        // A process made from a template enters there (src/engine/template.rs).
        println!("cargo:rustc-link-arg-bins=--export=weft_resume");
        for (dir, stamp, script) in [("py-packages", "installed.json", "packages"), ("py-stdlib", "made-from.json", "stdlib")] {
            if !std::path::Path::new(&format!("target/{dir}/{stamp}")).exists() {
                panic!("target/{dir} is missing: run `node scripts/{script}.mjs` (or `node scripts/build.mjs`, which runs it) first");
            }
        }
    }
}
