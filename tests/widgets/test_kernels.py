"""The dashboard's kernel cap (issue 20.13): a page beyond ``max_kernels`` gets HTTP 503.

Real kernels are started (the ``python3`` kernel of this environment), at most one at a
time, in a temporary runtime folder, and shut down at the end.
"""

from __future__ import annotations

import asyncio

import pytest
from tornado import web

from discourse.widgets.kernels import CappedKernelManager


def _manager(tmp_path, cap: int) -> CappedKernelManager:
    return CappedKernelManager(
        max_kernels=cap, root_dir=str(tmp_path), connection_dir=str(tmp_path)
    )


def test_pages_beyond_the_cap_get_503_even_when_they_arrive_together(tmp_path):
    async def run() -> None:
        km = _manager(tmp_path, 1)
        try:
            started = await asyncio.gather(
                km.start_kernel(kernel_name="python3"),
                km.start_kernel(kernel_name="python3"),
                return_exceptions=True,
            )
            refused = [r for r in started if isinstance(r, web.HTTPError)]
            ids = [r for r in started if isinstance(r, str)]
            assert len(ids) == 1 and len(refused) == 1, started
            assert refused[0].status_code == 503
            assert "max_kernels=1" in refused[0].log_message
            assert km.list_kernel_ids() == ids
            with pytest.raises(web.HTTPError):  # still full
                await km.start_kernel(kernel_name="python3")
            await km.shutdown_kernel(ids[0], now=True)
            again = await km.start_kernel(kernel_name="python3")  # room again
            assert km.list_kernel_ids() == [again]
        finally:
            await km.shutdown_all(now=True)

    asyncio.run(run())
