"""Benchmarks: ``python -m bench [--pipeline builtin] [--repeat 3]``.

Prints tokens/second of :func:`discourse.tokens` against the raw pipeline
(``nlp.pipe`` over the same segment texts) on the seed corpus, the wrapper overhead,
and the cold-parse vs warm-cache speed-up. Numbers only; never used as test thresholds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

import discourse as dc


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", default="builtin")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    segs = dc.segments(dc.load_letters())
    nlp = dc.load_pipeline(args.pipeline)
    texts = segs["text"].tolist()
    raw = _best(lambda: list(nlp.pipe(texts)), args.repeat)
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts))

    with tempfile.TemporaryDirectory() as cache:
        os.environ["DISCOURSE_CACHE"] = cache

        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            dc.tokens(segs, pipeline=args.pipeline, progress=False)

        cold_s = _best(cold, args.repeat)
        warm_s = _best(lambda: dc.tokens(segs, pipeline=args.pipeline, progress=False),
                       args.repeat)

    info = dc.pipeline_info(nlp)
    print(f"pipeline: {info['name']} {info['version']}")
    print(f"corpus: {len(segs)} segments, {n_tokens} spaCy tokens (incl. whitespace)")
    print(f"{'what':<32}{'seconds':>10}{'tokens/s':>12}")
    for label, secs in [("raw nlp.pipe", raw), ("tokens() cold (parse + cache)", cold_s),
                        ("tokens() warm (cache load)", warm_s)]:
        print(f"{label:<32}{secs:>10.3f}{n_tokens / secs:>12.0f}")
    print(f"wrapper overhead (cold vs raw): {100 * (cold_s / raw - 1):+.1f}%  (target <= 10%)")
    print(f"warm-cache speed-up over cold: {cold_s / warm_s:.1f}x  (target >= 20x)")


if __name__ == "__main__":
    main()
