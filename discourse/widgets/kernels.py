"""Kernels of the Voilà dashboard: at most a fixed number run at once.

Voilà starts one kernel (about 400 MB with the seed corpus) per page load, and Jupyter
sets no limit. :class:`CappedKernelManager` is the server's kernel manager with a cap:
when :attr:`~CappedKernelManager.max_kernels` kernels run (or are starting), a new page
gets HTTP 503 instead of a kernel. Idle kernels of closed pages are ended by Jupyter's
culling (``MappingKernelManager.cull_idle_timeout`` / ``cull_interval``). Use it with::

    KM=discourse.widgets.kernels.CappedKernelManager
    voila notebooks/dashboard.ipynb --VoilaConfiguration.multi_kernel_manager_class=$KM \\
      --CappedKernelManager.max_kernels=4 \\
      --MappingKernelManager.cull_idle_timeout=300 --MappingKernelManager.cull_interval=60
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

__all__ = ["CappedKernelManager"]


class CappedKernelManager(AsyncMappingKernelManager):
    """A Jupyter kernel manager that runs at most :attr:`max_kernels` kernels at once."""

    max_kernels = Integer(
        4,
        min=1,
        config=True,
        help="Most kernels running (or starting) at once; a page beyond that gets HTTP 503.",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0

    async def start_kernel(self, *, kernel_id: str | None = None, **kwargs: Any) -> str:
        """Start a kernel unless :attr:`max_kernels` run; an existing ``kernel_id`` is
        reused as by Jupyter."""
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        running = len(self.list_kernel_ids()) + self._starting
        if running >= self.max_kernels:
            self.log.warning("refused a kernel: %d of at most %d run", running, self.max_kernels)
            raise web.HTTPError(
                503,
                f"the dashboard runs {running} kernels, its maximum "
                f"(CappedKernelManager.max_kernels={self.max_kernels}); try again later",
            )
        self._starting += 1  # counted before the first await: concurrent pages see it
        try:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            self._starting -= 1
