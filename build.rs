// The engine freezes `src/py/*.py` into the binary; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=src/py");
}
