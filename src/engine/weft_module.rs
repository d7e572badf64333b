//! `_weft`: the kernel's objects and the process table, for our Python layer
//! (`src/py/multiprocessing/`, `src/py/_multiprocessing.py`). Handles are arena offsets;
//! objects live until the run ends. A call that has to block releases the GIL, detaches
//! from the VM (so other threads and finalization never wait on it) and shows on the
//! timeline as blocked. `gil_*`, `thread_*`, `trace`, `blocking`, `lock` and the stand-ins serve `_weft_gil`.

pub(crate) use _weft::module_def;

#[rustpython_vm::pymodule]
mod _weft {
    use crate::engine::describe;
    use crate::engine::fetch;
    use crate::engine::gil;
    use crate::engine::process;
    use crate::engine::shared::{self, SEGMENT};
    use crate::engine::signals;
    use crate::engine::trace::{self, ThreadState};
    use crate::kernel::{Barrier, Channel, Event, ProcessState, RLock, RecvError, Segment, SendError, Semaphore, SharedBytes};
    use rustpython_vm::builtins::{PyBaseExceptionRef, PyBytesRef, PyDictRef, PyStr, PyStrRef, PyTupleRef, PyType};
    use rustpython_vm::function::{ArgBytesLike, ArgIntoFloat, FuncArgs, OptionalArg, PosArgs, TimeoutSeconds};
    use rustpython_vm::types::{Callable, Constructor, GetAttr, Representable};
    use rustpython_vm::{pyclass, AsObject, FromArgs, Py, PyObjectRef, PyPayload, PyResult, VirtualMachine};
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    /// None blocks; a negative timeout means "don't wait", like CPython's lock timeouts.
    fn timeout(seconds: Option<ArgIntoFloat>) -> Option<Duration> {
        seconds.map(|s| Duration::try_from_secs_f64(s.into_float().max(0.0)).unwrap_or(Duration::MAX))
    }

    /// Runs a kernel wait: first without waiting, then, if it has to, blocked for
    /// `seconds`, where a signal for the main thread interrupts it (`signals::wait`).
    /// `done` tells whether an outcome ends the wait.
    fn wait<T>(seconds: Option<ArgIntoFloat>, vm: &VirtualMachine, op: impl Fn(Option<Duration>) -> T, done: impl Fn(&T) -> bool) -> PyResult<T> {
        let first = op(Some(Duration::ZERO));
        let limit = timeout(seconds);
        if done(&first) || limit == Some(Duration::ZERO) {
            return Ok(first);
        }
        let label = describe::label(vm, String::new);
        signals::wait(vm, ThreadState::Blocked, &label, limit, |t| vm.allow_threads(|| op(t)), done)
    }

    /// Runs `op` without the GIL, detached, shown on the timeline as blocked on the
    /// Python API that called us.
    fn blocked<T>(vm: &VirtualMachine, op: impl FnOnce() -> T) -> T {
        gil::blocked(vm, String::new, op)
    }

    fn alloc(size: u32, vm: &VirtualMachine) -> PyResult<u32> {
        shared::arena().alloc(size).ok_or_else(|| vm.new_memory_error("out of shared memory for multiprocessing objects"))
    }

    /// Identifies the calling thread across every process of the run (its native id).
    #[pyfunction]
    fn owner() -> u32 {
        (process::pid() << 16) | (std::thread::current().id().as_u64().get() as u32 & 0xffff)
    }

    /// The environment as libc reads it now: `os.environ` was built once, at its import,
    /// which for a child made from a template was the template's.
    #[pyfunction]
    fn environ(vm: &VirtualMachine) -> PyResult<PyDictRef> {
        let dict = vm.ctx.new_dict();
        for (name, value) in std::env::vars_os() {
            let name = vm.ctx.new_bytes(name.into_encoded_bytes());
            dict.set_item(name.as_object(), vm.ctx.new_bytes(value.into_encoded_bytes()).into(), vm)?;
        }
        Ok(dict)
    }

    #[pyfunction]
    fn pid() -> u32 {
        process::pid()
    }

    #[pyfunction]
    fn ppid() -> u32 {
        process::ppid()
    }

    #[pyfunction]
    fn process_register(name: PyStrRef, vm: &VirtualMachine) -> PyResult<u32> {
        shared::table().register(&SEGMENT, process::pid(), name.expect_str()).map_err(|_| {
            // What fork() gives when the system is out of processes.
            vm.new_os_subtype_error(vm.ctx.exceptions.blocking_io_error.to_owned(), Some(11), "Resource temporarily unavailable").upcast()
        })
    }

    #[pyfunction]
    fn process_start(pid: u32, payload: ArgBytesLike, vm: &VirtualMachine) -> PyResult<()> {
        // A ring with room for the whole payload, so handing it over never blocks.
        let capacity = (payload.with_ref(|b| b.len()) as u32 + 16).max(Channel::MIN_CAPACITY);
        let h = alloc(Channel::size(capacity), vm)?;
        let chan = Channel::init(&SEGMENT, h, capacity);
        payload.with_ref(|b| chan.try_send(&SEGMENT, b)).map_err(|e| vm.new_os_error(e.to_string()))?;
        process::start(pid, h);
        Ok(())
    }

    #[pyfunction]
    fn process_payload(vm: &VirtualMachine) -> PyResult<PyBytesRef> {
        let h = process::payload().ok_or_else(|| vm.new_runtime_error("not a spawned process"))?;
        let data = Channel::at(h).try_recv(&SEGMENT).map_err(|e| vm.new_runtime_error(format!("spawn payload: {e}")))?;
        Ok(vm.ctx.new_bytes(data))
    }

    #[pyfunction]
    fn process_wait(pid: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<Option<i32>> {
        // None from wait_exit is a timeout, or no such process: only the timeout waits on.
        let exited = |t| match shared::table().wait_exit(&SEGMENT, pid, t) {
            None if shared::table().info(&SEGMENT, pid).is_some() => None,
            code => Some(code),
        };
        Ok(wait(seconds, vm, exited, Option::is_some)?.flatten())
    }

    #[pyfunction]
    fn process_info(pid: u32, vm: &VirtualMachine) -> PyObjectRef {
        match shared::table().info(&SEGMENT, pid) {
            None => vm.ctx.none(),
            Some(info) => {
                let state = match info.state {
                    ProcessState::Starting => "starting",
                    ProcessState::Running => "running",
                    ProcessState::Exited => "exited",
                };
                let exit: PyObjectRef = info.exit_code.map_or_else(|| vm.ctx.none(), |c| vm.ctx.new_int(c).into());
                vm.new_tuple((info.pid, info.ppid, info.name, state, exit)).into()
            }
        }
    }

    #[pyfunction]
    fn process_terminate(pid: u32, signum: i32) {
        process::terminate(pid, signum);
    }

    #[pyfunction]
    fn process_reap(pid: u32) {
        shared::table().reap(&SEGMENT, pid);
    }

    #[pyfunction]
    fn semaphore_new(value: u32, maxvalue: Option<u32>, vm: &VirtualMachine) -> PyResult<u32> {
        let h = alloc(Semaphore::SIZE, vm)?;
        Semaphore::init(&SEGMENT, h, value, maxvalue);
        Ok(h)
    }

    #[pyfunction]
    fn semaphore_acquire(h: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<bool> {
        wait(seconds, vm, |t| Semaphore::at(h).acquire(&SEGMENT, t), |&ok| ok)
    }

    #[pyfunction]
    fn semaphore_release(h: u32, vm: &VirtualMachine) -> PyResult<()> {
        Semaphore::at(h).release(&SEGMENT).map_err(|_| vm.new_value_error("semaphore or lock released too many times"))
    }

    #[pyfunction]
    fn semaphore_value(h: u32) -> u32 {
        Semaphore::at(h).value(&SEGMENT)
    }

    #[pyfunction]
    fn rlock_new(vm: &VirtualMachine) -> PyResult<u32> {
        let h = alloc(RLock::SIZE, vm)?;
        RLock::init(&SEGMENT, h);
        Ok(h)
    }

    #[pyfunction]
    fn rlock_acquire(h: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<bool> {
        let me = owner();
        wait(seconds, vm, |t| RLock::at(h).lock(&SEGMENT, me, t), |&ok| ok)
    }

    #[pyfunction]
    fn rlock_release(h: u32, vm: &VirtualMachine) -> PyResult<()> {
        RLock::at(h)
            .unlock(&SEGMENT, owner())
            .map_err(|_| vm.new_assertion_error("attempt to release recursive lock not owned by thread"))
    }

    #[pyfunction]
    fn rlock_is_mine(h: u32) -> bool {
        RLock::at(h).owner(&SEGMENT) == Some(owner())
    }

    #[pyfunction]
    fn rlock_count(h: u32) -> u32 {
        let lock = RLock::at(h);
        if lock.owner(&SEGMENT) == Some(owner()) { lock.level(&SEGMENT) } else { 0 }
    }

    #[pyfunction]
    fn event_new(vm: &VirtualMachine) -> PyResult<u32> {
        let h = alloc(Event::SIZE, vm)?;
        Event::init(&SEGMENT, h);
        Ok(h)
    }

    #[pyfunction]
    fn event_set(h: u32) {
        Event::at(h).set(&SEGMENT);
    }

    #[pyfunction]
    fn event_clear(h: u32) {
        Event::at(h).clear(&SEGMENT);
    }

    #[pyfunction]
    fn event_is_set(h: u32) -> bool {
        Event::at(h).is_set(&SEGMENT)
    }

    #[pyfunction]
    fn event_wait(h: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<bool> {
        wait(seconds, vm, |t| Event::at(h).wait(&SEGMENT, t), |&ok| ok)
    }

    #[pyfunction]
    fn barrier_new(parties: u32, vm: &VirtualMachine) -> PyResult<u32> {
        let h = alloc(Barrier::SIZE, vm)?;
        Barrier::init(&SEGMENT, h, parties);
        Ok(h)
    }

    #[pyfunction]
    fn barrier_wait(h: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<u32> {
        blocked(vm, || Barrier::at(h).wait(&SEGMENT, timeout(seconds))).map_err(|_| {
            match vm.import("threading", 0).and_then(|t| t.get_attr("BrokenBarrierError", vm)) {
                Ok(cls) => match cls.downcast() {
                    Ok(cls) => vm.new_exception_empty(cls),
                    Err(_) => vm.new_runtime_error("broken barrier"),
                },
                Err(e) => e,
            }
        })
    }

    #[pyfunction]
    fn barrier_abort(h: u32) {
        Barrier::at(h).abort(&SEGMENT);
    }

    #[pyfunction]
    fn barrier_reset(h: u32) {
        Barrier::at(h).reset(&SEGMENT);
    }

    #[pyfunction]
    fn barrier_n_waiting(h: u32) -> u32 {
        Barrier::at(h).n_waiting(&SEGMENT)
    }

    #[pyfunction]
    fn barrier_broken(h: u32) -> bool {
        Barrier::at(h).broken(&SEGMENT)
    }

    #[pyfunction]
    fn barrier_parties(h: u32) -> u32 {
        Barrier::at(h).parties(&SEGMENT)
    }

    #[pyfunction]
    fn channel_new(capacity: OptionalArg<u32>, vm: &VirtualMachine) -> PyResult<u32> {
        let capacity = capacity.unwrap_or(1 << 16).max(Channel::MIN_CAPACITY);
        let h = alloc(Channel::size(capacity), vm)?;
        Channel::init(&SEGMENT, h, capacity);
        Ok(h)
    }

    #[pyfunction]
    fn channel_send(h: u32, data: ArgBytesLike, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<bool> {
        // Not a sliced wait: a send that times out mid-frame has to abort the frame.
        let sent = data.with_ref(|bytes| {
            let send = |t| Channel::at(h).send(&SEGMENT, bytes, t);
            let limit = timeout(seconds);
            match send(Some(Duration::ZERO)) {
                Err(SendError::Timeout) if limit != Some(Duration::ZERO) => blocked(vm, || send(limit)),
                sent => sent,
            }
        });
        match sent {
            Ok(()) => {
                shared::bump_epoch();
                Ok(true)
            }
            Err(SendError::Timeout) => Ok(false),
            Err(SendError::Closed) => Err(vm.new_os_subtype_error(vm.ctx.exceptions.broken_pipe_error.to_owned(), Some(32), "Broken pipe").upcast()),
        }
    }

    #[pyfunction]
    fn channel_recv(h: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<Option<PyBytesRef>> {
        match wait(seconds, vm, |t| Channel::at(h).recv(&SEGMENT, t), |r| !matches!(r, Err(RecvError::Timeout)))? {
            Ok(frame) => Ok(Some(vm.ctx.new_bytes(frame))),
            Err(RecvError::Timeout) => Ok(None),
            Err(RecvError::Closed) => Err(vm.new_eof_error("")),
        }
    }

    #[pyfunction]
    fn channel_poll(h: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<bool> {
        wait(seconds, vm, |t| Channel::at(h).poll(&SEGMENT, t), |&ready| ready)
    }

    #[pyfunction]
    fn channel_close(h: u32) {
        Channel::at(h).close(&SEGMENT);
        shared::bump_epoch();
    }

    #[pyfunction]
    fn channel_len(h: u32) -> u32 {
        Channel::at(h).len(&SEGMENT)
    }

    #[pyfunction]
    fn shared_new(nbytes: u32, vm: &VirtualMachine) -> PyResult<u32> {
        let h = alloc(SharedBytes::size(nbytes), vm)?;
        SharedBytes::init(&SEGMENT, h, nbytes);
        Ok(h)
    }

    #[pyfunction]
    fn shared_read(h: u32, offset: u32, n: u32, vm: &VirtualMachine) -> PyResult<PyBytesRef> {
        let data = SharedBytes::at(h).read(&SEGMENT, offset, n).map_err(|_| vm.new_index_error("shared memory index out of range"))?;
        Ok(vm.ctx.new_bytes(data))
    }

    #[pyfunction]
    fn shared_write(h: u32, offset: u32, data: ArgBytesLike, vm: &VirtualMachine) -> PyResult<()> {
        data.with_ref(|bytes| SharedBytes::at(h).write(&SEGMENT, offset, bytes))
            .map_err(|_| vm.new_index_error("shared memory index out of range"))
    }

    /// Run by a hidden thread in every process. Stop first asks it for SIGINT in the
    /// main thread (Ctrl-C). When the page ends the process (a kill, or Stop's deadline),
    /// it parks every other thread at its next safepoint and lets threads running
    /// without the interpreter out of the kernel's brief sections, then lets the page end
    /// the Workers. The browser ends a Worker that waits at once but lets a busy one run
    /// on for up to two seconds: long enough to write output after its kill, or to be cut
    /// short holding the run's output lock or a kernel lock.
    #[pyfunction]
    fn halt_on_stop(vm: &VirtualMachine) {
        while let process::Ending::Interrupt = vm.allow_threads(process::await_end) {
            // What the handler raises belongs to the main thread, not to this one.
            let _ = signals::interrupt(vm);
        }
        vm.state.stop_the_world.stop_the_world(&vm.state);
        // Past this the page ends the Workers anyway (`HALT_MS` in www/runtime/mailbox.js).
        crate::kernel::halt(Duration::from_millis(400));
        process::halted();
        vm.allow_threads(|| loop {
            std::thread::park();
        });
    }

    #[pyfunction]
    fn change_epoch() -> u32 {
        SEGMENT.load(shared::EPOCH)
    }

    #[pyfunction]
    fn change_wait(epoch: u32, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyResult<()> {
        wait(seconds, vm, |t| shared::change_wait(epoch, t), |&changed| changed).map(drop)
    }

    /// Turns on GIL mode for this process, held by the calling (main) thread.
    #[pyfunction]
    fn gil_enable(request: PyObjectRef, disarm: PyObjectRef) {
        gil::enable(gil::Hooks { request, disarm });
    }

    #[pyfunction]
    fn gil_enabled() -> bool {
        gil::enabled()
    }

    #[pyfunction]
    fn gil_set_interval(seconds: ArgIntoFloat) {
        gil::set_interval(seconds.into_float());
    }

    /// `_thread.interrupt_main(signum=SIGINT)` (`src/engine/signals.rs`).
    #[pyfunction]
    fn interrupt_main(signum: OptionalArg<i32>, vm: &VirtualMachine) -> PyResult<()> {
        signals::raise(vm, signum.unwrap_or(signals::SIGINT), true)
    }

    /// `signal.raise_signal(signum)` (`src/engine/signals.rs`).
    #[pyfunction]
    fn raise_signal(signum: i32, vm: &VirtualMachine) -> PyResult<()> {
        signals::raise(vm, signum, false)
    }

    /// The `sys.monitoring` callback for jumps (see `gil::on_jump`).
    #[pyfunction]
    fn gil_check(_event: PosArgs, vm: &VirtualMachine) -> PyResult<()> {
        gil::on_jump(vm);
        signals::deliver_pending_at_jump(vm)
    }

    /// First and last calls of every thread that runs Python.
    #[pyfunction]
    fn thread_begin(vm: &VirtualMachine) {
        trace::record(ThreadState::Created, "");
        gil::acquire(vm);
    }

    #[pyfunction]
    fn thread_end() {
        trace::record(ThreadState::Finished, "");
        gil::release();
    }

    /// Records a state change or a name (codes as in `trace::ThreadState`).
    #[pyfunction]
    fn trace(what: u32, label: PyStrRef, vm: &VirtualMachine) -> PyResult<()> {
        let what = match what {
            0 => ThreadState::Created,
            1 => ThreadState::Running,
            5 => ThreadState::Finished,
            6 => ThreadState::Name,
            7 => ThreadState::Process,
            _ => return Err(vm.new_value_error(format!("no timeline state {what}"))),
        };
        trace::record(what, label.expect_str());
        Ok(())
    }

    /// `input()` as CPython runs it when stdin is not a terminal: the prompt goes to
    /// sys.stdout (RustPython's goes to stderr), the line comes from sys.stdin.
    #[pyfunction]
    fn input(prompt: OptionalArg<PyObjectRef>, vm: &VirtualMachine) -> PyResult {
        let stdout = vm.sys_module.get_attr("stdout", vm)?;
        if let OptionalArg::Present(prompt) = prompt {
            vm.call_method(&stdout, "write", (prompt.str(vm)?,))?;
        }
        vm.call_method(&stdout, "flush", ())?;
        let stdin = vm.sys_module.get_attr("stdin", vm)?;
        let line = vm.call_method(&stdin, "readline", ())?;
        let line = line.str(vm)?;
        let text = line.expect_str();
        if text.is_empty() {
            return Err(vm.new_eof_error("EOF when reading a line"));
        }
        Ok(vm.ctx.new_str(text.strip_suffix('\n').unwrap_or(text)).into())
    }

    /// A stand-in for a function of CPython's (`time.sleep`, `_thread._shutdown`, `input`,
    /// ...): calls `call`, without the GIL if `releasing` says so, but looks like `original`
    /// (name, module, doc, repr). Native, so tracebacks through it look as CPython's do.
    #[pyattr]
    #[pyclass(name = "StandIn")]
    #[derive(Debug, PyPayload)]
    struct StandIn {
        original: PyObjectRef,
        call: PyObjectRef,
        releasing: Option<Releasing>,
    }

    /// How a releasing stand-in shows on the timeline: sleeping or blocked on `name`.
    /// `sleep`: the original is `time.sleep`, shown with its argument (`time.sleep(0.5)`),
    /// which the stand-in does itself for a plain number of seconds, so that a signal
    /// interrupts it in the main thread (`signals::wait`).
    #[derive(Debug)]
    struct Releasing {
        sleeping: bool,
        name: String,
        sleep: bool,
    }

    #[pyclass(with(Callable, GetAttr, Representable))]
    impl StandIn {
        /// Pickled by reference, as the original is: `pool.apply_async(time.sleep, …)` sends
        /// `time.sleep` to a child, where it is the child's stand-in.
        #[pymethod]
        fn __reduce__(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult {
            zelf.original.get_attr("__qualname__", vm)
        }
    }

    impl GetAttr for StandIn {
        fn getattro(zelf: &Py<Self>, name: &Py<PyStr>, vm: &VirtualMachine) -> PyResult {
            match name.to_str() {
                Some("__name__" | "__qualname__" | "__module__" | "__doc__" | "__text_signature__" | "__self__") => {
                    zelf.original.get_attr(name, vm)
                }
                _ => zelf.as_object().generic_getattr(name, vm),
            }
        }
    }

    impl Representable for StandIn {
        fn repr(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<PyStrRef> {
            zelf.original.repr(vm)
        }

        fn repr_str(_zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
            unreachable!("repr is the original's")
        }
    }

    impl Callable for StandIn {
        type Args = FuncArgs;

        fn call(zelf: &Py<Self>, args: FuncArgs, vm: &VirtualMachine) -> PyResult {
            let Some(releasing) = &zelf.releasing else {
                return zelf.call.call(args, vm);
            };
            let mut label = releasing.name.clone();
            if releasing.sleep {
                let shown: Vec<String> = args.args.iter().map(|a| a.repr(vm).map(|r| r.expect_str().to_owned()).unwrap_or_default()).collect();
                label = format!("{label}({})", shown.join(", "));
            }
            if let Some(length) = releasing.sleep.then(|| sleep_length(&args, vm)).flatten() {
                let nap = |t: Option<Duration>| vm.allow_threads(|| std::thread::sleep(t.unwrap_or(length)));
                return delivering(vm, || signals::wait(vm, ThreadState::Sleeping, &label, Some(length), nap, |_| false)).map(|()| vm.ctx.none());
            }
            blocking_call(vm, releasing.sleeping, &label, || zelf.call.call(args, vm))
        }
    }

    /// `time.sleep`'s argument, if it is one int or float of seconds the sleep can take as
    /// it is; anything else goes to the original, which raises CPython's errors.
    fn sleep_length(args: &FuncArgs, vm: &VirtualMachine) -> Option<Duration> {
        let [seconds] = args.args.as_slice() else { return None };
        let seconds = plain_seconds(seconds, vm).filter(|_| args.kwargs.is_empty())?;
        (seconds >= 0.0).then(|| Duration::try_from_secs_f64(seconds).ok()).flatten()
    }

    /// A timeout given as an int or float itself (no subclass, no `__float__`), in seconds:
    /// what our own waits take as it is, leaving the rest to the original call's checks.
    fn plain_seconds(seconds: &PyObjectRef, vm: &VirtualMachine) -> Option<f64> {
        let plain = seconds.class().is(vm.ctx.types.int_type) || seconds.class().is(vm.ctx.types.float_type);
        plain.then(|| seconds.try_float(vm).ok()).flatten().map(|f| f.to_f64())
    }

    /// `standin(original, call)`: `call`, looking like `original`.
    #[pyfunction]
    fn standin(original: PyObjectRef, call: PyObjectRef, vm: &VirtualMachine) -> PyObjectRef {
        StandIn { original, call, releasing: None }.into_ref(&vm.ctx).into()
    }

    /// `releasing(fn, sleeping, name)`: `fn` as a stand-in for itself that runs
    /// without the GIL, shown on the timeline as `name`.
    #[pyfunction]
    fn releasing(call: PyObjectRef, sleeping: bool, name: PyStrRef, vm: &VirtualMachine) -> PyObjectRef {
        let releasing = Some(Releasing { sleeping, name: name.expect_str().to_owned(), sleep: false });
        StandIn { original: call.clone(), call, releasing }.into_ref(&vm.ctx).into()
    }

    /// `sleeper(time.sleep)`: its stand-in, shown as sleeping on `time.sleep(seconds)`.
    #[pyfunction]
    fn sleeper(sleep: PyObjectRef, vm: &VirtualMachine) -> PyObjectRef {
        let releasing = Some(Releasing { sleeping: true, name: "time.sleep".to_owned(), sleep: true });
        StandIn { original: sleep.clone(), call: sleep, releasing }.into_ref(&vm.ctx).into()
    }

    /// `join_thread(handle, *args)`: `_thread._ThreadHandle.join(*args)` without the GIL,
    /// blocked on the API that called it; in the main thread a signal interrupts it.
    #[pyfunction]
    fn join_thread(handle: PyObjectRef, args: PosArgs, vm: &VirtualMachine) -> PyResult<()> {
        let args = args.into_vec();
        let join = handle.get_attr("join", vm)?;
        let label = describe::label(vm, || "_thread._ThreadHandle.join".to_owned());
        // None, or a plain number (negative: for ever, as the handle takes it); anything
        // else goes to the handle as it is, for its errors.
        let limit = match args.as_slice() {
            [] => Some(None),
            [t] if vm.is_none(t) => Some(None),
            [t] => plain_seconds(t, vm).and_then(|seconds| if seconds < 0.0 { Some(None) } else { Duration::try_from_secs_f64(seconds).ok().map(Some) }),
            _ => None,
        };
        let Some(limit) = limit else {
            return blocking_call(vm, false, &label, || join.call(args, vm)).map(drop);
        };
        let is_done = handle.get_attr("is_done", vm)?;
        let joined = |t: Option<Duration>| join.call((t.map_or_else(|| vm.ctx.none(), |t| vm.ctx.new_float(t.as_secs_f64()).into()),), vm);
        let done = |r: &PyResult| r.is_err() || is_done.call((), vm).and_then(|d| d.try_to_bool(vm)).unwrap_or(true);
        delivering(vm, || signals::wait(vm, ThreadState::Blocked, &label, limit, joined, done)?).map(drop)
    }

    #[derive(FromArgs)]
    struct AcquireArgs {
        #[pyarg(any, default = true)]
        blocking: bool,
        #[pyarg(any, default = TimeoutSeconds::new(-1.0))]
        timeout: TimeoutSeconds,
    }

    /// `_thread.TIMEOUT_MAX`: CPython's limit in microseconds, as seconds.
    const TIMEOUT_MAX: f64 = (i64::MAX / 1_000_000_000) as f64;

    /// CPython's checks of a lock's `acquire(blocking, timeout)`, in its order. Gives how long
    /// to wait: None for ever, zero not at all.
    fn acquire_limit(args: &AcquireArgs, vm: &VirtualMachine) -> PyResult<Option<Duration>> {
        let seconds = args.timeout.to_secs_f64();
        // CPython first converts the timeout to its 64-bit nanosecond clock.
        if seconds.abs() >= i64::MAX as f64 / 1e9 {
            return Err(vm.new_overflow_error("timestamp out of range for platform time_t"));
        }
        if !args.blocking && seconds != -1.0 {
            return Err(vm.new_value_error("can't specify a timeout for a non-blocking call"));
        }
        if seconds < 0.0 && seconds != -1.0 {
            return Err(vm.new_value_error("timeout value must be a non-negative number"));
        }
        if seconds > TIMEOUT_MAX {
            return Err(vm.new_overflow_error("timeout value is too large"));
        }
        Ok(match (args.blocking, seconds == -1.0) {
            (false, _) => Some(Duration::ZERO),
            (true, true) => None,
            (true, false) => Some(Duration::from_secs_f64(seconds)),
        })
    }

    /// The checks of a first `acquire`, for `_weft_gil.RLock`'s re-entry.
    #[pyfunction]
    fn acquire_check(args: AcquireArgs, vm: &VirtualMachine) -> PyResult<()> {
        acquire_limit(&args, vm).map(drop)
    }

    /// `_thread.lock` (`threading.Lock`), which waits without the GIL, blocked on the API
    /// that called it in the timeline. Not a base type, as in CPython.
    #[pyattr]
    #[pyclass(module = "_thread", name = "lock")]
    #[derive(Debug, Default, PyPayload)]
    struct Lock {
        held: Mutex<bool>,
        freed: Condvar,
    }

    impl Lock {
        fn try_take(&self) -> bool {
            !std::mem::replace(&mut *self.held.lock().unwrap(), true)
        }

        fn is_held(&self) -> bool {
            *self.held.lock().unwrap()
        }

        fn wait(zelf: &Py<Self>, limit: Option<Duration>, vm: &VirtualMachine) -> PyResult<bool> {
            let label = describe::label(vm, || format!("threading.Lock.acquire {}", Self::state(zelf)));
            let take = |limit| {
                vm.allow_threads(|| {
                    let held = zelf.held.lock().unwrap();
                    let mut held = match limit {
                        None => zelf.freed.wait_while(held, |held| *held).unwrap(),
                        Some(limit) => zelf.freed.wait_timeout_while(held, limit, |held| *held).unwrap().0,
                    };
                    !std::mem::replace(&mut *held, true)
                })
            };
            signals::wait(vm, ThreadState::Blocked, &label, limit, take, |&taken| taken)
        }

        fn state(zelf: &Py<Self>) -> String {
            let state = if zelf.is_held() { "locked" } else { "unlocked" };
            format!("<{state} _thread.lock object at {:#x}>", zelf.get_id())
        }
    }

    #[pyclass(with(Constructor, Representable), flags(HAS_WEAKREF))]
    impl Lock {
        #[pymethod]
        #[pymethod(name = "acquire_lock")]
        fn acquire(zelf: &Py<Self>, args: AcquireArgs, vm: &VirtualMachine) -> PyResult<bool> {
            let limit = acquire_limit(&args, vm)?;
            Ok(zelf.try_take() || (limit != Some(Duration::ZERO) && Self::wait(zelf, limit, vm)?))
        }

        #[pymethod]
        fn __enter__(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<bool> {
            Ok(zelf.try_take() || Self::wait(zelf, None, vm)?)
        }

        #[pymethod]
        #[pymethod(name = "release_lock")]
        fn release(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult<()> {
            if !std::mem::replace(&mut *zelf.held.lock().unwrap(), false) {
                return Err(vm.new_runtime_error("release unlocked lock"));
            }
            zelf.freed.notify_one();
            Ok(())
        }

        #[pymethod]
        fn __exit__(zelf: &Py<Self>, _exc: PosArgs, vm: &VirtualMachine) -> PyResult<()> {
            Self::release(zelf, vm)
        }

        #[pymethod]
        #[pymethod(name = "locked_lock")]
        fn locked(zelf: &Py<Self>) -> bool {
            zelf.is_held()
        }

        #[pymethod]
        fn _at_fork_reinit(zelf: &Py<Self>) {
            *zelf.held.lock().unwrap() = false;
        }
    }

    impl Constructor for Lock {
        type Args = ();

        fn py_new(_cls: &Py<PyType>, _args: (), _vm: &VirtualMachine) -> PyResult<Self> {
            Ok(Self::default())
        }
    }

    impl Representable for Lock {
        fn repr_str(zelf: &Py<Self>, _vm: &VirtualMachine) -> PyResult<String> {
            Ok(Self::state(zelf))
        }
    }

    /// `unraisable(exc, message)`: reports `exc` to sys.unraisablehook with `message` and
    /// no object, as CPython's C code reports an exception nothing can catch.
    #[pyfunction]
    fn unraisable(exc: PyBaseExceptionRef, message: PyStrRef, vm: &VirtualMachine) {
        vm.run_unraisable(exc, Some(message.expect_str().to_owned()), vm.ctx.none());
    }

    /// `blocking(sleeping, label, fn, *args)`: calls `fn(*args)`, a call that may block,
    /// without the GIL; the timeline shows the thread sleeping (or blocked) on `label`.
    #[pyfunction]
    fn blocking(sleeping: bool, label: PyStrRef, call: PyObjectRef, args: PosArgs, vm: &VirtualMachine) -> PyResult {
        blocking_call(vm, sleeping, label.expect_str(), || call.call(FuncArgs::from(args.into_vec()), vm))
    }

    /// A blocking Python call without the GIL, shown as sleeping or blocked on `label`.
    fn blocking_call(vm: &VirtualMachine, sleeping: bool, label: &str, call: impl FnOnce() -> PyResult) -> PyResult {
        let what = if sleeping { ThreadState::Sleeping } else { ThreadState::Blocked };
        delivering(vm, || gil::blocking(vm, what, label, call))
    }

    /// Runs `call`, which may block, with the signal handlers waiting for the main thread
    /// run there before it and once it returns, as CPython runs them at its next bytecode.
    fn delivering<T>(vm: &VirtualMachine, call: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
        signals::deliver_pending(vm)?;
        let result = call();
        signals::deliver_pending(vm)?;
        result
    }

    /// `fetch(label, request, data, timeout)`: an HTTP request through the browser
    /// (`src/engine/fetch.rs`), made without the GIL and shown on the timeline as blocked on
    /// `label`. Returns (outcome, head, body) for `_weft_urllib`.
    #[pyfunction]
    fn fetch(label: PyStrRef, request: PyStrRef, data: ArgBytesLike, seconds: Option<ArgIntoFloat>, vm: &VirtualMachine) -> PyTupleRef {
        let limit = timeout(seconds);
        let (outcome, head, body) = data.with_ref(|data| {
            gil::blocking(vm, ThreadState::Blocked, label.expect_str(), || vm.allow_threads(|| fetch::request(request.expect_str(), data, limit)))
        });
        vm.new_tuple((outcome, String::from_utf8_lossy(&head).into_owned(), vm.ctx.new_bytes(body)))
    }
}
