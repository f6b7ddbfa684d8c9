"""The papermill engine that executes a notebook on a warm kernel of a ``KernelPool``
(``cspreport.kernels``): papermill's extension point, an ``Engine`` registered under the name
``ENGINE``. Apart from the pool, so that a build starts its kernels before it imports
papermill (a fifth of a second), and imports it while they warm up."""

from __future__ import annotations

from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_hook

# PapermillNotebookClient is papermill's one internal used here (papermill.clientwrap is not
# in its documented API): the nbclient client papermill's own engine runs, which records
# papermill's metadata of each cell (start, end, status) and stops at the first failing cell,
# so that papermill writes its error banner and raises PapermillExecutionError. The
# documented way to reach it, an engine subclassing NBClientEngine that calls its
# execute_managed_notebook, hands nbclient papermill's logger, which has no handler: nbclient's
# "Kernel died while waiting for execute reply." and "Timeout waiting for execute reply (2s)."
# would be printed above the build's own message (tried: the interruption tests catch it); and
# it keeps the client, whose channels to a kernel it does not own nbclient leaves open.
# papermill is pinned below 2.8 (pyproject.toml, environment.yml) so that an upgrade that
# moves it is a deliberate step (the module is the same in 2.6 and 2.7).
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines

from cspreport.kernels import _close_event_loop, _end_pending_tasks, _handshake

ENGINE = "cspreport-warm"


class CellFailure(Exception):
    """A cell the kernel did not finish: the kernel died under it, or it ran past the limit
    (``timeout``, seconds). ``nb``: the notebook as executed so far (with papermill's
    injected parameters cell), ``cells`` its cells; ``index``: the cell's place in it (None:
    before the first cell)."""

    def __init__(self, nb, index: int | None, timeout: int | None = None):
        super().__init__("cell timed out" if timeout else "kernel died")
        self.nb, self.cells, self.index, self.timeout = nb, nb.cells, index, timeout


class WarmEngine(Engine):
    """A papermill engine (papermill's extension point: a subclass of ``Engine`` registered
    under a name) that executes the notebook on a kernel already running, ``km``, lent by a
    KernelPool. ``execution_timeout``: seconds a cell may run (None: no limit). A kernel that
    dies under a cell, or a cell past the limit, is a CellFailure naming the cell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, *, km, log_output=False,
                                 stdout_file=None, stderr_file=None, start_timeout=60,
                                 execution_timeout=None, **unused):
        # unused: what papermill gives every engine and this one has no use for (input_path)
        running: dict[str, int] = {}
        client = _WarmClient(
            nb_man, km=km, kernel_name=kernel_name, timeout=execution_timeout,
            startup_timeout=start_timeout, log_output=log_output, stdout_file=stdout_file,
            stderr_file=stderr_file,
            on_cell_execute=lambda cell, cell_index: running.update(index=cell_index))
        try:
            return client.execute()
        except CellTimeoutError:
            raise CellFailure(nb_man.nb, running.get("index"), execution_timeout) from None
        except DeadKernelError:
            raise CellFailure(nb_man.nb, running.get("index")) from None
        except RuntimeError as exc:  # the kernel died before it answered its first request
            if km.is_alive():
                raise
            raise CellFailure(nb_man.nb, running.get("index")) from exc
        finally:
            _end_pending_tasks()
            if client.kc is not None:  # nbclient leaves open a client of a kernel it does
                client.kc.stop_channels()  # not own
            _close_event_loop()


class _WarmClient(PapermillNotebookClient):
    """papermill's notebook client, connecting to a kernel known to be up (warm, idle) by a
    handshake (``_handshake``) instead of jupyter_client's ``wait_for_ready``, which ends by
    waiting 0.2 s for IOPub messages that never come: a fifth of a second of every
    notebook's run."""

    async def async_start_new_kernel_client(self):
        self.kc = self.km.client()
        await ensure_async(self.kc.start_channels())
        try:
            await _handshake(self.km, self.kc, self.startup_timeout)
        except Exception:
            await self._async_cleanup_kernel()
            raise
        self.kc.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return self.kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)


papermill_engines.register(ENGINE, WarmEngine)  # the registry papermill finds engines in


__all__ = ["ENGINE", "CellFailure", "WarmEngine"]
