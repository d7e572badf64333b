//! Fixed-size storage behind `multiprocessing.Value` and `Array`; the Python side pairs
//! it with a separate lock, exactly as `RawValue` plus a lock makes a `Value`.

use super::segment::Segment;
use std::fmt;

/// An access past the end of the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfBounds;

impl fmt::Display for OutOfBounds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("shared memory access out of bounds")
    }
}

impl std::error::Error for OutOfBounds {}

/// Layout: `+0` length in bytes, `+8` the bytes (8-aligned for doubles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedBytes {
    base: u32,
}

impl SharedBytes {
    pub const HEADER: u32 = 8;

    /// Segment bytes needed for a region of `len` bytes.
    pub fn size(len: u32) -> u32 {
        Self::HEADER + len
    }

    /// Zero-filled, as ctypes objects start out.
    pub fn init(seg: &dyn Segment, base: u32, len: u32) -> Self {
        seg.store(base, len);
        seg.write(base + Self::HEADER, &vec![0; len as usize]);
        Self { base }
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    pub fn len(self, seg: &dyn Segment) -> u32 {
        seg.load(self.base)
    }

    fn check(self, seg: &dyn Segment, offset: u32, len: usize) -> Result<u32, OutOfBounds> {
        let end = (offset as usize).checked_add(len).ok_or(OutOfBounds)?;
        if end > self.len(seg) as usize {
            return Err(OutOfBounds);
        }
        Ok(self.base + Self::HEADER + offset)
    }

    pub fn read(self, seg: &dyn Segment, offset: u32, len: u32) -> Result<Vec<u8>, OutOfBounds> {
        let at = self.check(seg, offset, len as usize)?;
        let mut out = vec![0; len as usize];
        seg.read(at, &mut out);
        Ok(out)
    }

    pub fn write(self, seg: &dyn Segment, offset: u32, data: &[u8]) -> Result<(), OutOfBounds> {
        let at = self.check(seg, offset, data.len())?;
        seg.write(at, data);
        Ok(())
    }
}
