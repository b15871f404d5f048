"""Label decluttering for crowded plots: push overlapping labels apart, keep them inside.

Both functions work on annotations placed with ``textcoords="offset points"`` and are
deterministic (labels are processed in a fixed order), so figures stay byte-identical.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

__all__ = ["declutter", "fit_texts"]


def _next_overlap(xy: np.ndarray, i: int, j: int, pad: float) -> int:
    """The first ``j' >= j`` whose box ``xy[j']`` (rows ``x0, y0, x1, y1``) comes nearer
    than ``pad`` to box ``xy[i]``; ``len(xy)`` when none does."""
    a, b = xy[i], xy[j:]
    near = ~(
        (a[2] + pad < b[:, 0])
        | (b[:, 2] + pad < a[0])
        | (a[3] + pad < b[:, 1])
        | (b[:, 3] + pad < a[1])
    )
    return j + int(near.argmax()) if near.any() else len(xy)


def _corners(text, renderer) -> list[float]:
    """The window extent of ``text`` as ``[x0, y0, x1, y1]`` (exactly its Bbox's values)."""
    return text.get_window_extent(renderer).get_points().ravel().tolist()


def declutter(
    ax: Axes,
    texts: list,
    *,
    pad: float = 3.0,
    max_iter: int = 60,
    max_shift: float = 40.0,
    boxes: list | None = None,
) -> list | None:
    """Push overlapping annotation labels outwards (along their offset) until none overlap.

    ``texts`` are annotations placed with ``textcoords="offset points"``; each keeps its
    direction and gets a longer offset. A thin leader line is drawn for labels that moved.
    Deterministic: labels are processed in a fixed order. A label's box is measured once
    and again only when it moves (a box depends on nothing but its own label), so a pass
    costs pair comparisons, not text layouts. ``boxes`` are the labels' extents
    (``[x0, y0, x1, y1]`` each) when they are already measured in the current state;
    returns them as they are at the end (for :func:`fit_texts`).
    """
    if len(texts) < 2:
        return boxes
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    base = [np.array(t.xyann, dtype=float) for t in texts]
    unit = [b / max(np.hypot(*b), 1e-9) for b in base]
    extra = np.zeros(len(texts))
    to_pt = 72.0 / fig.dpi
    measured = boxes if boxes is not None else [_corners(t, renderer) for t in texts]
    xy = np.array(measured, dtype=float)
    n = len(texts)
    for _ in range(max_iter):
        moved = False
        for i in range(n):
            j = _next_overlap(xy, i, i + 1, pad)
            while j < n:  # the pairs (i, j) in order, as a loop over every j would
                a, b = xy[i].tolist(), xy[j].tolist()
                # the label nearer to its anchor (the inner one) is kept; the other moves
                # out by the overlap height/width along its own direction
                k = j if extra[j] <= extra[i] else i
                dy = (min(a[3], b[3]) - max(a[1], b[1]) + pad) * to_pt
                dx = (min(a[2], b[2]) - max(a[0], b[0]) + pad) * to_pt
                ux, uy = np.abs(unit[k])
                step = min(dy / max(uy, 1e-3), dx / max(ux, 1e-3), 12.0)
                if not extra[k] + step > max_shift:  # else give up on this pair: no flying off
                    extra[k] += max(step, 1.0)
                    texts[k].xyann = tuple(base[k] + extra[k] * unit[k])
                    xy[k] = _corners(texts[k], renderer)
                    moved = True
                j = _next_overlap(xy, i, j + 1, pad) if j + 1 < n else n
        if not moved:
            break
    out = xy.tolist()
    for i, (t, e) in enumerate(zip(texts, extra, strict=True)):
        if e > 6:
            t.arrow_patch = None
            t.set_annotation_clip(False)
            ax.annotate(
                "",
                xy=t.xy,
                xytext=t.xyann,
                textcoords="offset points",
                arrowprops=dict(arrowstyle="-", color="0.6", lw=0.5, shrinkA=0, shrinkB=3),
            )
            out[i] = _corners(t, renderer)  # measured as it is now
    return out


def fit_texts(
    ax: Axes, texts: list, *, margin: float = 0.04, boxes: list | None = None
) -> list | None:
    """Widen the data limits so that every text in ``texts`` lies inside the axes.

    ``boxes``: the texts' extents in the current state (:func:`declutter` returns them),
    used instead of measuring again. Returns the extents when they still hold (the
    limits were not changed after the last measurement), else ``None``.
    """
    if not texts:
        return None
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # text extents need no full redraw
    for _ in range(3):  # limits change the scale, so repeat until stable
        if boxes is None:
            boxes = [_corners(t, renderer) for t in texts]
        inv = ax.transData.inverted()
        corners = np.vstack([inv.transform(np.reshape(box, (2, 2))) for box in boxes])
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        nx0, ny0 = np.minimum([x0, y0], corners.min(axis=0))
        nx1, ny1 = np.maximum([x1, y1], corners.max(axis=0))
        if np.allclose([nx0, nx1, ny0, ny1], [x0, x1, y0, y1]):
            return boxes
        mx, my = margin * (nx1 - nx0), margin * (ny1 - ny0)
        ax.set_xlim(nx0 - mx * (nx0 < x0), nx1 + mx * (nx1 > x1))
        ax.set_ylim(ny0 - my * (ny0 < y0), ny1 + my * (ny1 > y1))
        boxes = None  # the new limits move every text
    return None
