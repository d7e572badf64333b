//! The segment every kernel test runs on: natively a `HeapSegment`; on wasm a fresh region
//! of the host's SharedArrayBuffer, so the tests prove the kernel over the `Atomics` the
//! engine runs on (`tests/kernel-wasm/` runs them in Chromium).

#[cfg(not(target_family = "wasm"))]
pub use weft::kernel::HeapSegment as TestSegment;

/// Zero-filled; `len_bytes` is rounded up to whole words.
#[cfg(not(target_family = "wasm"))]
pub fn segment(len_bytes: u32) -> TestSegment {
    TestSegment::new(len_bytes)
}

#[cfg(target_family = "wasm")]
#[allow(unused_imports, reason = "some test binaries never name the type")]
pub use region::{segment, TestSegment};

#[cfg(target_family = "wasm")]
mod region {
    use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
    use std::time::Duration;
    use weft::kernel::{HostSegment, Segment, Wait};

    /// Where the next region starts (word-aligned). Regions are never reused, so each
    /// starts zeroed: the host's buffer is new for every run of a test binary.
    static NEXT: AtomicU32 = AtomicU32::new(0);

    /// `len` bytes of the host's buffer from `base`, addressed from 0.
    pub struct TestSegment {
        base: u32,
        len: u32,
    }

    /// Zero-filled; `len_bytes` is rounded up to whole words.
    pub fn segment(len_bytes: u32) -> TestSegment {
        let len = len_bytes.next_multiple_of(4);
        let base = NEXT.fetch_add(len, SeqCst);
        assert!(
            base.checked_add(len)
                .is_some_and(|end| end <= HostSegment.len()),
            "the host's shared buffer has no room left for a {len}-byte test segment"
        );
        TestSegment { base, len }
    }

    impl TestSegment {
        /// The buffer offset of `len` bytes at `offset`, refused beyond the region as a
        /// `HeapSegment` refuses them beyond its end.
        fn at(&self, offset: u32, len: usize) -> u32 {
            assert!(
                (offset as usize).saturating_add(len) <= self.len as usize,
                "{len} bytes at {offset} are outside a {}-byte segment",
                self.len
            );
            self.base + offset
        }
    }

    impl Segment for TestSegment {
        fn len(&self) -> u32 {
            self.len
        }
        fn load(&self, offset: u32) -> u32 {
            HostSegment.load(self.at(offset, 4))
        }
        fn store(&self, offset: u32, value: u32) {
            HostSegment.store(self.at(offset, 4), value)
        }
        fn compare_exchange(&self, offset: u32, current: u32, new: u32) -> Result<u32, u32> {
            HostSegment.compare_exchange(self.at(offset, 4), current, new)
        }
        fn fetch_add(&self, offset: u32, delta: u32) -> u32 {
            HostSegment.fetch_add(self.at(offset, 4), delta)
        }
        fn fetch_sub(&self, offset: u32, delta: u32) -> u32 {
            HostSegment.fetch_sub(self.at(offset, 4), delta)
        }
        fn wait(&self, offset: u32, expected: u32, timeout: Option<Duration>) -> Wait {
            HostSegment.wait(self.at(offset, 4), expected, timeout)
        }
        fn notify(&self, offset: u32, count: u32) -> u32 {
            HostSegment.notify(self.at(offset, 4), count)
        }
        fn read(&self, offset: u32, out: &mut [u8]) {
            HostSegment.read(self.at(offset, out.len()), out)
        }
        fn write(&self, offset: u32, data: &[u8]) {
            HostSegment.write(self.at(offset, data.len()), data)
        }
    }
}
