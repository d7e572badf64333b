//! Who is running: the table behind `multiprocessing.Process`, `active_children` and
//! `join`. Fixed capacity, because it lives in the arena like everything else.

use super::futex::{block_on, Deadline};
use super::mutex::{Brief, Mutex};
use super::segment::Segment;
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableFull;

impl fmt::Display for TableFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("too many processes")
    }
}

impl std::error::Error for TableFull {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoSuchProcess;

impl fmt::Display for NoSuchProcess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no such process")
    }
}

impl std::error::Error for NoSuchProcess {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessState {
    /// Registered; its worker is still loading.
    Starting = 1,
    Running = 2,
    /// Exited and not yet reaped: its exit code is kept for `join`.
    Exited = 3,
}

impl ProcessState {
    fn from_word(word: u32) -> Option<Self> {
        [Self::Starting, Self::Running, Self::Exited]
            .into_iter()
            .find(|s| *s as u32 == word)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessInfo {
    pub pid: u32,
    pub ppid: u32,
    pub name: String,
    pub state: ProcessState,
    /// Set once exited.
    pub exit_code: Option<i32>,
}

/// Name bytes kept per process.
pub const NAME_MAX: usize = 64;

/// Slot: `+0` pid (0: free), `+4` ppid, `+8` state (joiners' futex word), `+12` exit
/// code, `+16` name length, `+20` name.
const SLOT: u32 = 20 + NAME_MAX as u32;
const FREE: u32 = 0;

/// Layout: `+0` [`Mutex`] guarding the slots, `+8` capacity, `+12` next pid, `+16` slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessTable {
    base: u32,
}

impl ProcessTable {
    pub const HEADER: u32 = 16;

    /// Segment bytes needed for `capacity` processes.
    pub fn size(capacity: u32) -> u32 {
        Self::HEADER + capacity * SLOT
    }

    pub fn init(seg: &dyn Segment, base: u32, capacity: u32) -> Self {
        Mutex::init(seg, base);
        seg.store(base + 8, capacity);
        seg.store(base + 12, 1);
        let table = Self { base };
        for slot in table.slots(seg) {
            seg.store(slot, FREE);
        }
        table
    }

    pub fn at(base: u32) -> Self {
        Self { base }
    }

    fn lock<'a>(self, seg: &'a dyn Segment) -> Brief<'a> {
        Mutex::at(self.base).hold_briefly(seg)
    }

    fn slots(self, seg: &dyn Segment) -> impl Iterator<Item = u32> {
        let first = self.base + Self::HEADER;
        (0..seg.load(self.base + 8)).map(move |i| first + i * SLOT)
    }

    fn find(self, seg: &dyn Segment, pid: u32) -> Option<u32> {
        self.slots(seg)
            .find(|&slot| pid != FREE && seg.load(slot) == pid)
    }

    fn state(seg: &dyn Segment, slot: u32) -> Option<ProcessState> {
        ProcessState::from_word(seg.load(slot + 8))
    }

    /// A new process in state `Starting`. Pids start at 1 and are never reused, so a
    /// stale pid can never name someone else.
    pub fn register(self, seg: &dyn Segment, ppid: u32, name: &str) -> Result<u32, TableFull> {
        let _lock = self.lock(seg);
        let slot = self
            .slots(seg)
            .find(|&slot| seg.load(slot) == FREE)
            .ok_or(TableFull)?;
        let pid = seg.fetch_add(self.base + 12, 1);
        let mut end = name.len().min(NAME_MAX);
        while !name.is_char_boundary(end) {
            end -= 1;
        }
        seg.store(slot, pid);
        seg.store(slot + 4, ppid);
        seg.store(slot + 8, ProcessState::Starting as u32);
        seg.store(slot + 12, 0);
        seg.store(slot + 16, end as u32);
        seg.write(slot + 20, &name.as_bytes()[..end]);
        Ok(pid)
    }

    /// `Starting` becomes `Running`; any other state stays. The page marks a process
    /// exited without the table's lock (`www/runtime/shared.js`), and a child killed while
    /// it was still booting reaches this afterwards: a plain store would bring it back to
    /// life, and its joiners would wait for an exit that never comes.
    pub fn set_running(self, seg: &dyn Segment, pid: u32) -> Result<(), NoSuchProcess> {
        let _lock = self.lock(seg);
        let slot = self.find(seg, pid).ok_or(NoSuchProcess)?;
        let _ = seg.compare_exchange(
            slot + 8,
            ProcessState::Starting as u32,
            ProcessState::Running as u32,
        );
        Ok(())
    }

    /// Records the exit code and wakes everyone in [`wait_exit`](Self::wait_exit).
    pub fn set_exited(
        self,
        seg: &dyn Segment,
        pid: u32,
        exit_code: i32,
    ) -> Result<(), NoSuchProcess> {
        let _lock = self.lock(seg);
        let slot = self.find(seg, pid).ok_or(NoSuchProcess)?;
        seg.store(slot + 12, exit_code as u32);
        seg.store(slot + 8, ProcessState::Exited as u32);
        seg.notify(slot + 8, u32::MAX);
        Ok(())
    }

    /// The exit code once `pid` has exited; `None` on timeout or for an unknown (or
    /// already reaped) pid.
    pub fn wait_exit(self, seg: &dyn Segment, pid: u32, timeout: Option<Duration>) -> Option<i32> {
        let deadline = Deadline::after(timeout);
        let slot = self.find(seg, pid)?;
        block_on(seg, slot + 8, &deadline, || {
            let _lock = self.lock(seg);
            if seg.load(slot) != pid {
                return Ok(None);
            }
            match seg.load(slot + 8) {
                state if state == ProcessState::Exited as u32 => {
                    Ok(Some(seg.load(slot + 12) as i32))
                }
                state => Err(state),
            }
        })
        .flatten()
    }

    /// Frees an exited process's slot and returns its exit code (the parent's `join`
    /// does this once, keeping the code itself afterwards).
    pub fn reap(self, seg: &dyn Segment, pid: u32) -> Option<i32> {
        let _lock = self.lock(seg);
        let slot = self.find(seg, pid)?;
        (Self::state(seg, slot)? == ProcessState::Exited).then(|| {
            seg.store(slot, FREE);
            seg.load(slot + 12) as i32
        })
    }

    pub fn info(self, seg: &dyn Segment, pid: u32) -> Option<ProcessInfo> {
        let _lock = self.lock(seg);
        let slot = self.find(seg, pid)?;
        let state = Self::state(seg, slot)?;
        let mut name = vec![0; seg.load(slot + 16) as usize];
        seg.read(slot + 20, &mut name);
        Some(ProcessInfo {
            pid,
            ppid: seg.load(slot + 4),
            name: String::from_utf8(name).expect("names are stored whole UTF-8"),
            state,
            exit_code: (state == ProcessState::Exited).then(|| seg.load(slot + 12) as i32),
        })
    }

    fn live(seg: &dyn Segment, slot: u32) -> bool {
        seg.load(slot) != FREE && Self::state(seg, slot) != Some(ProcessState::Exited)
    }

    /// Pids of the children of `ppid` that have not exited, oldest first.
    pub fn children(self, seg: &dyn Segment, ppid: u32) -> Vec<u32> {
        let _lock = self.lock(seg);
        let mut pids: Vec<u32> = self
            .slots(seg)
            .filter(|&slot| Self::live(seg, slot) && seg.load(slot + 4) == ppid)
            .map(|slot| seg.load(slot))
            .collect();
        pids.sort_unstable();
        pids
    }

    /// Processes that have not exited.
    pub fn live_count(self, seg: &dyn Segment) -> u32 {
        let _lock = self.lock(seg);
        self.slots(seg)
            .filter(|&slot| Self::live(seg, slot))
            .count() as u32
    }
}
