"""Warm kernels: a small pool of Jupyter kernels that papermill executes the notebooks on.

Starting a kernel and importing pandas, seaborn and cspreport in it costs more than most of
the notebooks' own work. A build therefore starts ``size`` kernels (one per core) while it
checks the inputs, imports the heavy modules in them once, and then lets papermill execute
each notebook on the next free kernel through a papermill engine of our own
(``cspreport.engine``, in papermill's engine registry). Between two notebooks the kernel is
made fresh again: the user namespace, the input history and the execution count are reset
(``InteractiveShell.reset(new_session=True)``), figures closed and matplotlib's settings put
back, so a notebook sees what it would see in a kernel of its own. (A test checks that a
notebook executed alone gives the outputs it has in a build.)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager
from jupyter_core.utils import ensure_async, ensure_event_loop, run_sync

from cspreport import outputs

# Run once in each new kernel: the imports every notebook makes, and matplotlib's settings
# as the inline backend leaves them, kept to be put back between notebooks (all but the
# backend itself: setting it again would make pyplot switch backends and lose the inline
# display of charts).
WARM_UP = """\
import matplotlib, matplotlib.pyplot, seaborn, pandas, cspreport.analysis, cspreport.publishing
import cspreport.sections, cspreport.metrics.plan, cspreport.metrics.service
import cspreport.metrics.survey, cspreport.metrics.themes, cspreport.render.html
import cspreport.render.figures
matplotlib._cspreport_rc = {k: v for k, v in matplotlib.rcParams.items()
                            if k not in ("backend", "backend_fallback", "interactive")}
"""
# Run between two notebooks in the same kernel.
FRESH = """\
import matplotlib as _m, matplotlib.pyplot as _p
_p.close("all")
_m.rcParams.update(_m._cspreport_rc)
get_ipython().reset(new_session=True)
"""


async def _handshake(km, kc, timeout: float) -> None:
    """Wait until ``kc`` talks with the kernel on both channels: a kernel_info request
    answered on the shell channel, and the kernel's status "idle" after it seen on IOPub,
    which proves the subscription is live (a message the kernel publishes before it is would
    be lost: a cell's first output). Asked again while either does not come; checks once a
    second that the kernel is alive. For the blocking client and the asynchronous one."""
    deadline = time.monotonic() + timeout
    while True:
        if not km.is_alive():
            raise RuntimeError("the kernel stopped before it was ready")
        msg_id = kc.kernel_info()
        try:
            await _reply(kc.shell_channel, msg_id, 1.0,
                         lambda m: m["msg_type"] == "kernel_info_reply")
            await _reply(kc.iopub_channel, msg_id, 0.5,
                         lambda m: m["msg_type"] == "status"
                         and m["content"].get("execution_state") == "idle")
            return
        except queue.Empty:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel did not answer in {timeout:.0f} s") from None


async def _reply(channel, msg_id: str, timeout: float, wanted) -> dict:
    """The first message on ``channel`` answering ``msg_id`` that is ``wanted``, within
    ``timeout`` seconds (else queue.Empty); other messages are passed over."""
    end = time.monotonic() + timeout
    while (left := end - time.monotonic()) > 0:
        msg = await ensure_async(channel.get_msg(timeout=left))
        if msg.get("parent_header", {}).get("msg_id") == msg_id and wanted(msg):
            return msg
    raise queue.Empty


def _end_pending_tasks() -> None:
    """Cancel what nbclient left waiting in this thread's event loop: after a cell timed out
    it leaves its wait for the cell's output pending, which asyncio reports at exit ("Task
    was destroyed but it is pending!")."""
    loop = ensure_event_loop()
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _close_event_loop() -> None:
    """Close the event loop jupyter_client's blocking calls made for this thread (run_sync
    makes one per thread and never closes it). A loop left open outlives its thread when a
    traceback holds it (a kernel killed under a call: the error's frames hold the loop) and
    is then closed by the garbage collector at exit, after its own sockets, which prints
    "Exception ignored in: BaseEventLoop.__del__ … Invalid file descriptor: -1" (seen in
    about 1 of 7 builds interrupted while the kernels warmed up). A later call in this
    thread makes a new loop (ensure_event_loop skips a closed one)."""
    _end_pending_tasks()
    loop = ensure_event_loop()
    if not loop.is_running():
        loop.close()


# The kernel runs on loopback for this process alone: its warning about unencrypted TCP would
# only clutter the build's output. Nobody reads a build's input history: it is not written
# (to ~/.ipython, whose database several kernels at once would contend for).
_KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"]


class KernelsStopped(RuntimeError):
    """The pool was stopped (the build failed or was interrupted): no kernel to lend."""


class KernelPool:
    """``size`` kernels started in ``cwd`` (the notebooks' folder); ``kernel()`` lends one.

    Their connection files (which hold the key to the kernels) live in a folder of the pool's
    own, removed by ``shutdown``; one left by a process that was killed is removed by the
    next build (``cspreport.build.remove_stale_staging``). The kernels exit by themselves
    soon after this process dies, however it dies: ipykernel watches the parent named by
    JPY_PARENT_PID, which jupyter_client sets."""

    def __init__(self, size: int, cwd: Path, kernel_name: str = "python3",
                 replace: bool = False):
        self.free: queue.Queue = queue.Queue()
        self.managers = []
        self.stopped = threading.Event()
        self.cwd, self.kernel_name, self.replace = cwd, kernel_name, replace
        self.lent: set = set()  # the kernels executing a notebook now
        self._lock = threading.Lock()  # managers, lent, helpers
        self._helpers: list[threading.Thread] = []  # freshening or replacing a kernel
        self._started = 0  # kernels started so far: names their connection files
        self._growing = 0  # kernels asked for by grow_to and not yet started
        self.runtime = Path(tempfile.mkdtemp(prefix=f"{outputs.KERNEL_FILES_PREFIX}{os.getpid()}-"))
        try:
            for _ in range(size):
                self._start()
        except BaseException:
            self.shutdown()
            raise

    def _start(self):
        """Start one more kernel (not yet warm) and return its manager."""
        with self._lock:
            if self.stopped.is_set():
                raise KernelsStopped("the kernels were stopped")
            n, self._started = self._started, self._started + 1
            # nbclient waits for a kernel's messages with the client its km gives: the
            # asynchronous one, so that its check that the kernel is still alive (once a
            # second) can run meanwhile; a blocking client waits for ever on a dead kernel
            km = KernelManager(kernel_name=self.kernel_name,
                               connection_file=str(self.runtime / f"kernel-{n}.json"),
                               client_class="jupyter_client.asynchronous.AsyncKernelClient")
            self.managers.append(km)
        km.start_kernel(cwd=str(self.cwd), extra_arguments=_KERNEL_ARGUMENTS)
        if self.stopped.is_set():  # stopped while it started: kill() did not see its process
            _kill(km)
        return km

    def warm_up(self) -> None:
        """Wait for every kernel and import the heavy modules in each, in parallel."""
        with ThreadPoolExecutor(max_workers=len(self.managers)) as pool:
            warm = list(pool.map(self._warm, list(self.managers)))
        for km in warm:
            self.free.put(km)

    def _warm(self, km):
        """``km`` warmed up (the heavy modules imported), or, when its process ended before
        it answered, another kernel in its place, warmed up: a kernel can die at start-up
        for a reason of the moment (the port jupyter_client chose for it taken by another
        process before the kernel could bind it: "Address already in use"). One that fails
        again raises."""
        try:
            _run(km, WARM_UP)
            return km
        except Exception:
            if self.stopped.is_set() or km.is_alive():
                raise
        self._drop(km)
        km = self._start()
        try:
            _run(km, WARM_UP)
        except Exception:
            self._drop(km)
            raise
        return km

    def _drop(self, km) -> None:
        """Kill ``km``, leave it out of the pool and remove its connection file."""
        _kill(km)
        with self._lock, contextlib.suppress(ValueError):
            self.managers.remove(km)
        with contextlib.suppress(Exception):  # a kernel already gone is fine
            km.shutdown_kernel(now=True)

    @contextmanager
    def kernel(self, cancelled=lambda: False):
        """Lend a free kernel; ``cancelled``: asked while waiting for one, true ends the wait
        (KernelsStopped).

        A kernel that comes back is made fresh again in the background (a second of the
        kernel's, not of the notebook's run: the build goes on meanwhile) and lent again
        once fresh. That holds too for one whose notebook failed in a cell (papermill's
        PapermillExecutionError: the kernel answered, with an error): it is healthy. One
        that comes back from any other failure (dead, killed, still busy with a cell past
        its limit) is killed instead; a pool that ``replace``s (watch mode's, kept from one
        run to the next) starts and warms a new kernel in its place, in the background, so
        that one notebook's failure costs no other kernel."""
        while True:
            if self.stopped.is_set() or cancelled():
                raise KernelsStopped("the kernels were stopped")
            try:
                km = self.free.get(timeout=0.2)
                break
            except queue.Empty:
                continue
        with self._lock:
            self.lent.add(km)
        try:
            yield km
        except BaseException as exc:
            # lazy: papermill (0.2 s) is imported by then: a notebook ran on the kernel
            from papermill.exceptions import PapermillExecutionError

            if isinstance(exc, PapermillExecutionError):
                self._give_back(km)
            else:
                self._lose(km)
            raise
        self._give_back(km)

    def _give_back(self, km) -> None:
        """Make ``km`` fresh in a thread of its own, then free it (lost if it cannot be)."""
        with self._lock:
            self.lent.discard(km)
        self._helper(self._freshen, km)

    def _freshen(self, km) -> None:
        try:
            if self.stopped.is_set():
                raise KernelsStopped("the kernels were stopped")
            _run(km, FRESH)
        except BaseException:
            self._lose(km)
            return
        self.free.put(km)

    def _helper(self, target, km) -> None:
        def run():
            try:
                target(km)
            finally:
                _close_event_loop()  # jupyter_client's calls made one for this thread

        with self._lock:
            thread = threading.Thread(target=run, name="cspreport-kernel", daemon=True)
            self._helpers = [t for t in self._helpers if t.is_alive()] + [thread]
        thread.start()

    def _lose(self, km) -> None:
        """Kill ``km`` and start and warm one in its place; a pool that does not
        ``replace`` (a build's own, stopped when the build ends) is stopped whole instead,
        so that no notebook waits for a kernel that will not come."""
        _kill(km)
        with self._lock:
            self.lent.discard(km)
            if self.stopped.is_set():
                return
            if self.replace:
                self.managers.remove(km)
        if not self.replace:
            self.kill()
            return
        self._helper(self._replacement, km)

    def _replacement(self, dead) -> None:
        with contextlib.suppress(Exception):  # its connection file; the process is gone
            dead.shutdown_kernel(now=True)
        if not self._one_more():
            # no kernel in its place: stop the pool, whose owner starts a new one (the
            # watch loop, at its next run) rather than wait on a pool a kernel short
            self.kill()

    def _one_more(self, started=None) -> bool:
        """Start a kernel, warm it up and lend it like the others (``started``: called once
        it has started, whether or not it then warms up). False: none could be had."""
        try:
            km = self._start()
        except Exception:
            return False
        finally:
            if started is not None:
                started()
        try:
            km = self._warm(km)
        except Exception:
            self._drop(km)
            return False
        if self.stopped.is_set():
            _kill(km)
        else:
            self.free.put(km)
        return True

    def grow_to(self, size: int) -> None:
        """Start kernels in the background, each warmed up and then lent like the others,
        until the pool has ``size`` (watch mode: as many as notebooks, once the first
        report is out). One that cannot start is left out: the pool works with fewer."""
        with self._lock:
            more = size - len(self.managers) - self._growing
            if self.stopped.is_set() or more < 1:
                return
            self._growing += more
        for _ in range(more):
            self._helper(lambda _: self._one_more(started=self._grown), None)

    def _grown(self) -> None:
        with self._lock:
            self._growing -= 1

    def stop_lent(self) -> None:
        """Kill the kernels executing a notebook now (the others stay warm), so that the
        notebooks of a run that has already failed end within a second."""
        with self._lock:
            busy = list(self.lent)
        for km in busy:
            _kill(km)

    def kill(self) -> None:
        """Stop every kernel at once (SIGKILL to its process group: also what a cell
        started), so that whatever waits on one ends within a second. Safe from any thread."""
        self.stopped.set()
        with self._lock:
            managers = list(self.managers)
        for km in managers:
            _kill(km)

    def shutdown(self) -> None:
        """Stop the kernels, wait for them to end, and remove their connection files."""
        self.stopped.set()
        with self._lock:
            helpers = list(self._helpers)
        if helpers:
            self.kill()
        for thread in helpers:  # each ends within a second once its kernel is killed
            thread.join()
        with self._lock:
            managers = list(self.managers)
        for km in managers:
            # killed (as shutdown_kernel(now=True) would) and waited for here: jupyter_client
            # looks whether a kernel it has just killed is gone every 0.1 s, and the first
            # look comes too soon; a tenth of a second at the end of every build
            _kill(km)
            with contextlib.suppress(Exception):
                km.provisioner.process.wait(timeout=5)
        for km in managers:
            with contextlib.suppress(Exception):  # a kernel already gone is fine
                km.shutdown_kernel(now=True)
        shutil.rmtree(self.runtime, ignore_errors=True)


def _kill(km) -> None:
    provisioner = km.provisioner
    pid = getattr(provisioner, "pid", None)
    if pid:
        with contextlib.suppress(OSError):  # gone already
            os.killpg(getattr(provisioner, "pgid", None) or pid, signal.SIGKILL)


def _run(km, code: str, timeout: float = 120) -> None:
    kc = _blocking_client(km)
    kc.start_channels()
    try:
        _wait_ready(km, kc, timeout)
        reply = _execute(km, kc, code, timeout)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {content.get('ename')}: "
                               f"{content.get('evalue')}")
    finally:
        kc.stop_channels()
        _close_event_loop()


def _blocking_client(km):
    """A blocking client of ``km`` (its own ``client()`` is asynchronous: see KernelPool)."""
    return BlockingKernelClient(parent=km, connection_file=km.connection_file,
                                **km.get_connection_info(session=True))


def _execute(km, kc, code: str, timeout: float) -> dict:
    """Run ``code`` and return its reply, checking every second that the kernel is alive."""
    msg_id = kc.execute(code, store_history=False)
    deadline = time.monotonic() + timeout
    while True:
        try:
            reply = kc.get_shell_msg(timeout=1)
        except queue.Empty:
            if not km.is_alive():
                raise RuntimeError("the kernel stopped") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel did not answer in {timeout:.0f} s") from None
            continue
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            return reply


def _wait_ready(km, kc, timeout: float) -> None:
    """Wait for the kernel (``_handshake``): a kernel shut down meanwhile (the build failed)
    ends the wait within a second instead of after ``timeout``."""
    run_sync(_handshake)(km, kc, timeout)


__all__ = ["KernelPool", "KernelsStopped"]
