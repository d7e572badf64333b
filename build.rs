// The engine freezes `src/py/*.py` and the PyPI packages that scripts/packages.mjs
// unpacks into target/py-packages into the binary; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=src/py");
    println!("cargo:rerun-if-changed=target/py-packages");
    if std::env::var_os("CARGO_FEATURE_ENGINE").is_some() && !std::path::Path::new("target/py-packages/installed.json").exists() {
        panic!("target/py-packages is missing: run `node scripts/packages.mjs` (or `node scripts/build.mjs`, which runs it) first");
    }
}
