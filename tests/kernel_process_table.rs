//! The process table: registration, exit codes, joining, capacity.

mod common;

use common::{segment, TestSegment};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};
use weft::kernel::{NoSuchProcess, ProcessInfo, ProcessState, ProcessTable, TableFull};

fn table(capacity: u32) -> (Arc<TestSegment>, ProcessTable) {
    let seg = Arc::new(segment(ProcessTable::size(capacity)));
    let table = ProcessTable::init(&*seg, 0, capacity);
    (seg, table)
}

#[test]
fn pids_start_at_one_and_are_never_reused() {
    let (seg, table) = table(2);
    assert_eq!(table.register(&*seg, 0, "MainProcess"), Ok(1));
    assert_eq!(table.register(&*seg, 1, "Process-1"), Ok(2));
    assert_eq!(table.register(&*seg, 1, "Process-2"), Err(TableFull));
    table.set_exited(&*seg, 2, 0).unwrap();
    assert_eq!(
        table.register(&*seg, 1, "Process-2"),
        Err(TableFull),
        "exited but not yet joined"
    );
    assert_eq!(table.reap(&*seg, 2), Some(0));
    assert_eq!(
        table.register(&*seg, 1, "Process-2"),
        Ok(3),
        "the slot is reused, the pid is not"
    );
    assert_eq!(table.info(&*seg, 2), None);
}

#[test]
fn concurrent_registrations_get_distinct_pids() {
    let (seg, table) = table(64);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let seg = seg.clone();
            thread::spawn(move || {
                (0..8)
                    .map(|_| table.register(&*seg, 1, "worker").unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut pids: Vec<u32> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    pids.sort_unstable();
    assert_eq!(pids, (1..=64).collect::<Vec<_>>());
    assert_eq!(table.register(&*seg, 1, "one too many"), Err(TableFull));
    assert_eq!(table.live_count(&*seg), 64);
}

#[test]
fn info_follows_a_process_from_start_to_exit() {
    let (seg, table) = table(4);
    let pid = table.register(&*seg, 1, "Process-1").unwrap();
    let info = |state, exit_code| ProcessInfo {
        pid,
        ppid: 1,
        name: "Process-1".into(),
        state,
        exit_code,
    };
    assert_eq!(
        table.info(&*seg, pid),
        Some(info(ProcessState::Starting, None))
    );
    table.set_running(&*seg, pid).unwrap();
    assert_eq!(
        table.info(&*seg, pid),
        Some(info(ProcessState::Running, None))
    );
    table.set_exited(&*seg, pid, -15).unwrap();
    assert_eq!(
        table.info(&*seg, pid),
        Some(info(ProcessState::Exited, Some(-15)))
    );
    assert_eq!(
        table.wait_exit(&*seg, pid, Some(Duration::ZERO)),
        Some(-15),
        "joining twice still answers"
    );
}

#[test]
fn a_process_marked_exited_while_booting_stays_exited() {
    // terminate() of a child that has not yet reached its job: the page records -15,
    // then the child's set-up reports it running.
    let (seg, table) = table(4);
    let pid = table.register(&*seg, 1, "Process-1").unwrap();
    table.set_exited(&*seg, pid, -15).unwrap();
    table.set_running(&*seg, pid).unwrap();
    assert_eq!(table.info(&*seg, pid).unwrap().state, ProcessState::Exited);
    assert_eq!(table.wait_exit(&*seg, pid, Some(Duration::ZERO)), Some(-15));
}

#[test]
fn wait_exit_wakes_every_joiner_with_the_exit_code() {
    let (seg, table) = table(4);
    let pid = table.register(&*seg, 1, "Process-1").unwrap();
    table.set_running(&*seg, pid).unwrap();
    let joiners: Vec<_> = (0..3)
        .map(|_| {
            let seg = seg.clone();
            thread::spawn(move || table.wait_exit(&*seg, pid, Some(Duration::from_secs(10))))
        })
        .collect();
    thread::sleep(Duration::from_millis(50));
    table.set_exited(&*seg, pid, 3).unwrap();
    assert!(joiners.into_iter().all(|j| j.join().unwrap() == Some(3)));
}

#[test]
fn wait_exit_times_out_while_running() {
    let (seg, table) = table(4);
    let pid = table.register(&*seg, 1, "Process-1").unwrap();
    let timeout = Duration::from_millis(100);
    let started = Instant::now();
    assert_eq!(table.wait_exit(&*seg, pid, Some(timeout)), None);
    let took = started.elapsed();
    assert!(took >= timeout && took < 5 * timeout, "took {took:?}");
}

#[test]
fn unknown_pids_are_reported() {
    let (seg, table) = table(4);
    assert_eq!(table.set_running(&*seg, 7), Err(NoSuchProcess));
    assert_eq!(table.set_exited(&*seg, 7, 0), Err(NoSuchProcess));
    assert_eq!(table.wait_exit(&*seg, 7, None), None);
    assert_eq!(table.info(&*seg, 7), None);
    assert_eq!(table.reap(&*seg, 7), None);
    let pid = table.register(&*seg, 0, "alive").unwrap();
    assert_eq!(
        table.reap(&*seg, pid),
        None,
        "a live process cannot be reaped"
    );
}

#[test]
fn children_lists_live_children_only() {
    let (seg, table) = table(8);
    let main = table.register(&*seg, 0, "MainProcess").unwrap();
    let kids: Vec<u32> = (0..3)
        .map(|i| {
            table
                .register(&*seg, main, &format!("Process-{i}"))
                .unwrap()
        })
        .collect();
    let grandchild = table.register(&*seg, kids[0], "Process-1:1").unwrap();
    table.set_exited(&*seg, kids[1], 0).unwrap();
    assert_eq!(table.children(&*seg, main), [kids[0], kids[2]]);
    assert_eq!(table.children(&*seg, kids[0]), [grandchild]);
    assert_eq!(table.live_count(&*seg), 4);
}

#[test]
fn long_names_are_cut_on_a_character_boundary() {
    let (seg, table) = table(2);
    let name = format!("{}é tail", "x".repeat(63));
    let pid = table.register(&*seg, 0, &name).unwrap();
    assert_eq!(table.info(&*seg, pid).unwrap().name, "x".repeat(63));
    let pid = table.register(&*seg, 0, "héllo").unwrap();
    assert_eq!(table.info(&*seg, pid).unwrap().name, "héllo");
}
