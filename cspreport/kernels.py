"""Warm kernels: a small pool of Jupyter kernels that papermill executes the notebooks on.

Starting a kernel and importing pandas, seaborn and cspreport in it costs more than most of
the notebooks' own work. A build therefore starts ``size`` kernels (one per core) while it
checks the inputs, imports the heavy modules in them once, and then lets papermill execute
each notebook on the next free kernel through a papermill engine of our own (``warm``,
papermill's engine registry). Between two notebooks the kernel is made fresh again: the
user namespace, the input history and the execution count are reset
(``InteractiveShell.reset(new_session=True)``), figures closed and matplotlib's settings put
back, so a notebook sees what it would see in a kernel of its own. (A test checks that a
notebook executed alone gives the outputs it has in a build.)
"""

from __future__ import annotations

import contextlib
import queue
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import merge_kwargs, remove_args

ENGINE = "cspreport-warm"

# Run once in each new kernel: the imports every notebook makes, and matplotlib's settings
# as the inline backend leaves them, kept to be put back between notebooks (all but the
# backend itself: setting it again would make pyplot switch backends and lose the inline
# display of charts).
WARM_UP = """\
import matplotlib, matplotlib.pyplot, seaborn, pandas, cspreport.edition, cspreport.publishing
import cspreport.sections, cspreport.metrics.plan, cspreport.metrics.service
import cspreport.metrics.survey, cspreport.metrics.themes, cspreport.render.html
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


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, on a kernel that is already running (``km``)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, km=None, log_output=False,
                                 stdout_file=None, stderr_file=None, start_timeout=60,
                                 execution_timeout=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                             kernel_name=kernel_name, log_output=log_output,
                             stdout_file=stdout_file, stderr_file=stderr_file)
        client = PapermillNotebookClient(nb_man, km=km, **final)
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


papermill_engines.register(ENGINE, WarmEngine)


class KernelPool:
    """``size`` kernels started in ``cwd`` (the notebooks' folder); ``kernel()`` lends one."""

    def __init__(self, size: int, cwd: Path, kernel_name: str = "python3"):
        from jupyter_client.manager import KernelManager

        self.free: queue.Queue = queue.Queue()
        self.managers = []
        for _ in range(size):
            km = KernelManager(kernel_name=kernel_name)
            # the kernel runs on loopback for this process alone: its warning about
            # unencrypted TCP would only clutter the build's output
            km.start_kernel(cwd=str(cwd), extra_arguments=["--IPKernelApp.log_level=ERROR"])
            self.managers.append(km)

    def warm_up(self) -> None:
        """Wait for every kernel and import the heavy modules in each, in parallel."""
        with ThreadPoolExecutor(max_workers=len(self.managers)) as pool:
            list(pool.map(lambda km: _run(km, WARM_UP), self.managers))
        for km in self.managers:
            self.free.put(km)

    @contextmanager
    def kernel(self):
        km = self.free.get()
        try:
            yield km
        finally:
            _run(km, FRESH)
            self.free.put(km)

    def shutdown(self) -> None:
        for km in self.managers:
            with contextlib.suppress(Exception):  # a kernel already gone is fine
                km.shutdown_kernel(now=True)


def _run(km, code: str, timeout: float = 120) -> None:
    kc = km.client()
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


def _execute(km, kc, code: str, timeout: float) -> dict:
    """Run ``code`` and return its reply, checking every second that the kernel is alive."""
    import queue as _queue
    import time

    msg_id = kc.execute(code, store_history=False)
    deadline = time.monotonic() + timeout
    while True:
        try:
            reply = kc.get_shell_msg(timeout=1)
        except _queue.Empty:
            if not km.is_alive():
                raise RuntimeError("the kernel stopped") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"the kernel did not answer in {timeout:.0f} s") from None
            continue
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            return reply


def _wait_ready(km, kc, timeout: float) -> None:
    """Wait for the kernel in steps of a second, so that a kernel shut down meanwhile (the
    build failed) ends the wait at once instead of after ``timeout``."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        if not km.is_alive():
            raise RuntimeError("the kernel stopped before it was ready")
        try:
            kc.wait_for_ready(timeout=1)
            return
        except RuntimeError:
            if time.monotonic() > deadline:
                raise


__all__ = ["ENGINE", "KernelPool", "WarmEngine"]
