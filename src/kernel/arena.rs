//! A heap inside a segment, so any process can allocate shared objects and free them.

use super::mutex::{Brief, Mutex};
use super::segment::Segment;

/// Block header: `+0` size in bytes including the header (a multiple of 8) with
/// [`FREE`] in bit 0, `+4` reference count when allocated, next free block when free.
const HEADER: u32 = 8;
const FREE: u32 = 1;
/// Smallest block worth splitting off: a header and 8 bytes.
const MIN_BLOCK: u32 = 16;

fn align8(n: u32) -> Option<u32> {
    n.checked_add(7).map(|n| n & !7)
}

/// First-fit allocator with an address-ordered free list, so a free merges with both
/// neighbours by looking only at its list neighbours.
///
/// Layout at `base` (8-aligned): `+0` [`Mutex`] guarding the rest, `+8` first free block
/// (0: none), `+12` end of the heap; blocks follow from `+16`. Returned offsets are
/// 8-aligned and point just past a block header.
#[derive(Clone, Copy)]
pub struct Arena<'a> {
    seg: &'a dyn Segment,
    base: u32,
}

impl<'a> Arena<'a> {
    /// Bytes taken by the arena's own header.
    pub const OVERHEAD: u32 = 16;

    /// Makes `base..base + len` one free block.
    pub fn init(seg: &'a dyn Segment, base: u32, len: u32) -> Self {
        assert!(base.is_multiple_of(8), "arena base {base} is not 8-aligned");
        let end = (base + len) & !7;
        let first = base + Self::OVERHEAD;
        assert!(
            end >= first + MIN_BLOCK && end <= seg.len(),
            "arena {base}+{len} does not fit"
        );
        Mutex::init(seg, base);
        seg.store(base + 8, first);
        seg.store(base + 12, end);
        seg.store(first, (end - first) | FREE);
        seg.store(first + 4, 0);
        Self { seg, base }
    }

    pub fn at(seg: &'a dyn Segment, base: u32) -> Self {
        Self { seg, base }
    }

    fn lock(&self) -> Brief<'a> {
        Mutex::at(self.base).hold_briefly(self.seg)
    }

    fn head(&self) -> u32 {
        self.base + 8
    }

    fn size(&self, block: u32) -> u32 {
        self.seg.load(block) & !FREE
    }

    fn next(&self, block: u32) -> u32 {
        self.seg.load(block + 4)
    }

    /// Points `prev` (or the list head) at `next`.
    fn link(&self, prev: Option<u32>, next: u32) {
        self.seg.store(prev.map_or(self.head(), |p| p + 4), next);
    }

    /// `size` bytes with a reference count of 1, or `None` when no free block fits.
    pub fn alloc(&self, size: u32) -> Option<u32> {
        let need = align8(size.max(1))?.checked_add(HEADER)?;
        let _lock = self.lock();
        let (mut prev, mut block) = (None, self.seg.load(self.head()));
        while block != 0 && self.size(block) < need {
            (prev, block) = (Some(block), self.next(block));
        }
        if block == 0 {
            return None;
        }
        let size = self.size(block);
        let taken = if size - need >= MIN_BLOCK {
            let rest = block + need;
            self.seg.store(rest, (size - need) | FREE);
            self.seg.store(rest + 4, self.next(block));
            self.link(prev, rest);
            need
        } else {
            self.link(prev, self.next(block));
            size
        };
        self.seg.store(block, taken);
        self.seg.store(block + 4, 1);
        Some(block + HEADER)
    }

    /// Frees at once, whatever the reference count.
    pub fn free(&self, offset: u32) {
        let block = offset - HEADER;
        let _lock = self.lock();
        let end = self.seg.load(self.base + 12);
        assert!(
            block >= self.base + Self::OVERHEAD
                && block < end
                && block.is_multiple_of(8)
                && self.seg.load(block) & FREE == 0,
            "free of {offset}, which is not an allocated block"
        );
        let (mut prev, mut next) = (None, self.seg.load(self.head()));
        while next != 0 && next < block {
            (prev, next) = (Some(next), self.next(next));
        }
        let mut size = self.size(block);
        if next != 0 && block + size == next {
            size += self.size(next);
            next = self.next(next);
        }
        match prev {
            Some(p) if p + self.size(p) == block => {
                self.seg.store(p, (self.size(p) + size) | FREE);
                self.seg.store(p + 4, next);
            }
            _ => {
                self.seg.store(block, size | FREE);
                self.seg.store(block + 4, next);
                self.link(prev, block);
            }
        }
    }

    /// Adds a reference, e.g. when a handle to the object is sent to another process.
    pub fn retain(&self, offset: u32) {
        self.seg.fetch_add(offset - HEADER + 4, 1);
    }

    /// Drops a reference; true when it was the last and the block was freed.
    pub fn release(&self, offset: u32) -> bool {
        let last = self.seg.fetch_sub(offset - HEADER + 4, 1) == 1;
        if last {
            self.free(offset);
        }
        last
    }
}
