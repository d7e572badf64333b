// The shared memory of one process, in 64 KiB pages. The engine is linked with the same
// limits (.cargo/config.toml), so the host can create the memory before instantiating.
export const MEMORY = { initial: 1024, maximum: 16384 };
