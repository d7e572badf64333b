//! The engine's allocator: small blocks come from a per-thread cache in front of
//! wasi-libc's malloc. That malloc has one lock for the whole process, and Python
//! allocates an object for nearly every operation, so without the cache two CPU-bound
//! threads ran slower together than one after the other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;
use std::ptr::{self, addr_of_mut};
use std::sync::OnceLock;

#[global_allocator]
static ALLOCATOR: ThreadCache = ThreadCache;

/// Size classes are multiples of `GRAIN` up to `GRAIN * CLASSES` bytes.
const GRAIN: usize = 16;
const CLASSES: usize = 32;
/// Bound on the blocks one thread keeps per class; the rest go back to malloc.
const MAX_CACHED: u32 = 256;

struct Cache {
    heads: [*mut u8; CLASSES],
    counts: [u32; CLASSES],
    flush_registered: bool,
}

#[thread_local]
static mut CACHE: Cache = Cache { heads: [ptr::null_mut(); CLASSES], counts: [0; CLASSES], flush_registered: false };

pub struct ThreadCache;

fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size();
    (layout.align() <= GRAIN && size > 0 && size <= GRAIN * CLASSES).then(|| (size - 1) / GRAIN)
}

fn class_layout(class: usize) -> Layout {
    // SAFETY: non-zero multiple of a power-of-two alignment.
    unsafe { Layout::from_size_align_unchecked((class + 1) * GRAIN, GRAIN) }
}

unsafe impl GlobalAlloc for ThreadCache {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else { return unsafe { System.alloc(layout) } };
        // SAFETY: CACHE is this thread's own; the allocator never re-enters itself.
        let cache = unsafe { &mut *addr_of_mut!(CACHE) };
        let head = cache.heads[class];
        if head.is_null() {
            return unsafe { System.alloc(class_layout(class)) };
        }
        // SAFETY: a cached block stores the next free block in its first word.
        cache.heads[class] = unsafe { *(head as *mut *mut u8) };
        cache.counts[class] -= 1;
        head
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if class_of(layout).is_none() {
            return unsafe { System.alloc_zeroed(layout) };
        }
        let block = unsafe { self.alloc(layout) };
        if !block.is_null() {
            unsafe { ptr::write_bytes(block, 0, layout.size()) };
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else { return unsafe { System.dealloc(block, layout) } };
        let cache = unsafe { &mut *addr_of_mut!(CACHE) };
        if cache.counts[class] >= MAX_CACHED {
            return unsafe { System.dealloc(block, class_layout(class)) };
        }
        if !cache.flush_registered {
            cache.flush_registered = true;
            flush_at_thread_exit();
        }
        unsafe { *(block as *mut *mut u8) = cache.heads[class] };
        cache.heads[class] = block;
        cache.counts[class] += 1;
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees new_size is valid for layout's alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            (None, None) => unsafe { System.realloc(block, layout, new_size) },
            (Some(old), Some(new)) if old == new => block,
            _ => {
                let moved = unsafe { self.alloc(new_layout) };
                if !moved.is_null() {
                    unsafe {
                        ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                }
                moved
            }
        }
    }
}

unsafe extern "C" {
    fn pthread_key_create(key: *mut u32, destructor: Option<unsafe extern "C" fn(*mut c_void)>) -> i32;
    fn pthread_setspecific(key: u32, value: *const c_void) -> i32;
}

/// A pthread key's destructor returns a finished thread's cache to malloc; unlike a
/// Rust thread-local destructor, registering it allocates nothing.
fn flush_at_thread_exit() {
    static KEY: OnceLock<u32> = OnceLock::new();
    let key = *KEY.get_or_init(|| {
        let mut key = 0;
        // SAFETY: plain libc call with a valid out-pointer.
        unsafe { pthread_key_create(&mut key, Some(flush)) };
        key
    });
    // SAFETY: any non-null value arms the destructor for this thread.
    unsafe { pthread_setspecific(key, ptr::dangling::<u8>() as *const c_void) };
}

unsafe extern "C" fn flush(_: *mut c_void) {
    let cache = unsafe { &mut *addr_of_mut!(CACHE) };
    for class in 0..CLASSES {
        while !cache.heads[class].is_null() {
            let block = cache.heads[class];
            cache.heads[class] = unsafe { *(block as *mut *mut u8) };
            unsafe { System.dealloc(block, class_layout(class)) };
        }
        cache.counts[class] = 0;
    }
    cache.flush_registered = false;
}

/// Grows the heap once, before any thread starts. Chromium has been seen to trap
/// ("memory access out of bounds") in threads of a process that starts 120 threads and
/// grows its memory for their stacks meanwhile (1 run in 5); none did once the heap had
/// grown beforehand. malloc keeps what it got, so the stacks then come from it.
pub fn reserve_heap(bytes: usize) {
    let Ok(layout) = Layout::from_size_align(bytes, GRAIN) else { return };
    // SAFETY: a fresh block of `layout`, freed with the same layout.
    unsafe {
        let block = System.alloc(layout);
        if !block.is_null() {
            System.dealloc(block, layout);
        }
    }
}
