//! `_queue`, in place of RustPython's: `SimpleQueue` (what `queue.SimpleQueue` is) and
//! `Empty`. RustPython's `get` waits holding the GIL, so under it the thread that would
//! `put` never ran; this one waits without it. `put` never blocks and runs no Python
//! while it holds the queue's lock, so a `__del__` may call it at any moment.

pub(crate) use _queue::module_def;

#[rustpython_vm::pymodule]
mod _queue {
    use crate::engine::describe;
    use crate::engine::signals;
    use crate::engine::trace::ThreadState;
    use rustpython_vm::builtins::{PyBaseExceptionRef, PyException, PyGenericAlias, PyType, PyTypeRef};
    use rustpython_vm::function::TimeoutSeconds;
    use rustpython_vm::types::Constructor;
    use rustpython_vm::{pyclass, AsObject, FromArgs, Py, PyObjectRef, PyPayload, PyResult, VirtualMachine};
    use std::collections::VecDeque;
    use std::sync::{Condvar, Mutex, MutexGuard};
    use std::time::Duration;

    #[pyattr]
    #[pyclass(module = "_queue", name = "Empty", base = PyException)]
    #[repr(transparent)]
    struct Empty(PyException);

    #[pyclass(flags(BASETYPE, HAS_WEAKREF))]
    impl Empty {}

    fn empty(vm: &VirtualMachine) -> PyBaseExceptionRef {
        vm.new_exception_empty(Empty::class(&vm.ctx).to_owned())
    }

    #[pyattr]
    #[pyclass(module = "_queue", name = "SimpleQueue")]
    #[derive(Debug, Default, PyPayload)]
    struct SimpleQueue {
        items: Mutex<VecDeque<PyObjectRef>>,
        added: Condvar,
    }

    impl SimpleQueue {
        fn items(&self) -> MutexGuard<'_, VecDeque<PyObjectRef>> {
            self.items.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
        }

        fn push(&self, item: PyObjectRef) {
            self.items().push_back(item);
            self.added.notify_one();
        }

        /// Waits up to `limit` (None: for ever) for an item, without the GIL.
        fn wait(zelf: &Py<Self>, limit: Option<Duration>, vm: &VirtualMachine) -> PyResult<Option<PyObjectRef>> {
            let direct = || format!("queue.SimpleQueue.get <_queue.SimpleQueue object at {:#x}>", zelf.get_id());
            let label = describe::label(vm, direct);
            let pop = |limit| {
                vm.allow_threads(|| {
                    let items = zelf.items();
                    let mut items = match limit {
                        None => zelf.added.wait_while(items, |items| items.is_empty()).unwrap_or_else(|e| e.into_inner()),
                        Some(limit) => zelf.added.wait_timeout_while(items, limit, |items| items.is_empty()).unwrap_or_else(|e| e.into_inner()).0,
                    };
                    items.pop_front()
                })
            };
            signals::wait(vm, ThreadState::Blocked, &label, limit, pop, Option::is_some)
        }
    }

    #[derive(FromArgs)]
    struct PutArgs {
        #[pyarg(any)]
        item: PyObjectRef,
        #[allow(dead_code, reason = "accepted and ignored, as CPython does: the queue is unbounded")]
        #[pyarg(any, default = true)]
        block: bool,
        #[allow(dead_code, reason = "accepted and ignored, as CPython does: the queue is unbounded")]
        #[pyarg(any, optional)]
        timeout: Option<PyObjectRef>,
    }

    #[derive(FromArgs)]
    struct GetArgs {
        #[pyarg(any, default = true)]
        block: bool,
        #[pyarg(any, optional)]
        timeout: Option<TimeoutSeconds>,
    }

    #[pyclass(with(Constructor), flags(BASETYPE, HAS_WEAKREF))]
    impl SimpleQueue {
        #[pymethod]
        fn empty(zelf: &Py<Self>) -> bool {
            zelf.items().is_empty()
        }

        #[pymethod]
        fn qsize(zelf: &Py<Self>) -> usize {
            zelf.items().len()
        }

        #[pymethod]
        fn put(zelf: &Py<Self>, args: PutArgs) {
            zelf.push(args.item);
        }

        #[pymethod]
        fn put_nowait(zelf: &Py<Self>, item: PyObjectRef) {
            zelf.push(item);
        }

        #[pymethod]
        fn get(zelf: &Py<Self>, args: GetArgs, vm: &VirtualMachine) -> PyResult {
            let limit = match (args.block, args.timeout.map(TimeoutSeconds::to_secs_f64)) {
                (false, _) => Some(Duration::ZERO),
                (true, None) => None,
                (true, Some(seconds)) if seconds < 0.0 => {
                    return Err(vm.new_value_error("'timeout' must be a non-negative number"));
                }
                (true, Some(seconds)) => Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)),
            };
            let first = zelf.items().pop_front();
            match first {
                Some(item) => Ok(item),
                None if limit == Some(Duration::ZERO) => Err(empty(vm)),
                None => Self::wait(zelf, limit, vm)?.ok_or_else(|| empty(vm)),
            }
        }

        #[pymethod]
        fn get_nowait(zelf: &Py<Self>, vm: &VirtualMachine) -> PyResult {
            let first = zelf.items().pop_front();
            first.ok_or_else(|| empty(vm))
        }

        #[pyclassmethod]
        fn __class_getitem__(cls: PyTypeRef, args: PyObjectRef, vm: &VirtualMachine) -> PyResult<PyGenericAlias> {
            PyGenericAlias::from_args(cls, args, vm)
        }
    }

    impl Constructor for SimpleQueue {
        type Args = ();

        fn py_new(_cls: &Py<PyType>, _args: (), _vm: &VirtualMachine) -> PyResult<Self> {
            Ok(Self::default())
        }
    }
}
