#!/usr/bin/env python3
"""Per-frame view of an `sse_loadgen --trace FILE` of audio frames.

The server's wall-clock reference sits on a millisecond boundary, so frame n
is due exactly at reference + n * frame_samples / sample_rate, and its
timestamp is that instant floored to the millisecond. This script recovers
each frame's due time from its stamp and reports, against it:

  - every event (the loadgen's own latency figures, kernel and app receipt);
  - per frame, the first client's and the last client's receipt: the first
    says how late the server starts the fan-out, last - first how long the
    fan-out takes;
  - which frames hold the events at or above the p99, and what their latency
    is made of: the fan-out's late start, the event's place in the fan-out,
    or the reader's own delay.

    bench/trace_frames.py TRACE [--rate 48000] [--frame-samples 1600] [--top 10]
"""
import argparse
import collections
import sys
from fractions import Fraction


def quantile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p * len(sorted_values)))]


def load(path, rate, frame_samples):
    period_ms = Fraction(1000 * frame_samples, rate)
    frames = collections.defaultdict(list)
    with open(path) as f:
        header = f.readline().split()
        if header[:5] != ["client", "frame_number", "timestamp_ms", "app_receipt_ms", "kernel_receipt_ms"]:
            sys.exit(f"{path}: not an sse_loadgen trace (first line {' '.join(header)[:60]!r})")
        for line_no, line in enumerate(f, start=2):
            parts = line.split()
            if len(parts) != 5:
                sys.exit(f"{path}:{line_no}: expected 5 fields, got {len(parts)}")
            client, n, stamp, app, kernel = int(parts[0]), int(parts[1]), int(parts[2]), float(parts[3]), float(parts[4])
            due = stamp + float((n * period_ms) % 1)
            frames[n].append((kernel - due, app - due, client))
    if not frames:
        sys.exit(f"{path}: no frame events")
    return frames


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trace")
    ap.add_argument("--rate", type=int, default=48000)
    ap.add_argument("--frame-samples", type=int, default=1600)
    ap.add_argument("--top", type=int, default=10)
    a = ap.parse_args()
    frames = load(a.trace, a.rate, a.frame_samples)

    kernel = sorted(e[0] for v in frames.values() for e in v)
    app = sorted(e[1] for v in frames.values() for e in v)
    print(f"{len(kernel)} events, {len(frames)} frames; ms after the due time")
    print(f"all events     kernel p50 {quantile(kernel, .5):.2f} p99 {quantile(kernel, .99):.2f}"
          f" | app p50 {quantile(app, .5):.2f} p99 {quantile(app, .99):.2f}")
    per_frame = {
        "first kernel": sorted(min(e[0] for e in v) for v in frames.values()),
        "last kernel": sorted(max(e[0] for e in v) for v in frames.values()),
        "spread kernel": sorted(max(e[0] for e in v) - min(e[0] for e in v) for v in frames.values()),
        "last app": sorted(max(e[1] for e in v) for v in frames.values()),
    }
    for name, s in per_frame.items():
        print(f"{name:14s} p50 {quantile(s, .5):.2f} p90 {quantile(s, .9):.2f}"
              f" p99 {quantile(s, .99):.2f} max {s[-1]:.2f}")

    p99 = quantile(app, .99)
    # Each tail event's latency = when its frame's fan-out started (first
    # client's kernel receipt) + its place in the fan-out + the reader's delay.
    tail = []
    parts = [0.0, 0.0, 0.0]
    for n, v in frames.items():
        first = min(e[0] for e in v)
        slow = [e for e in v if e[1] >= p99]
        if not slow:
            continue
        tail.append((len(slow), n, first, max(e[0] for e in v), max(e[1] for e in v)))
        for kernel_ms, app_ms, _ in slow:
            parts[0] += first
            parts[1] += kernel_ms - first
            parts[2] += app_ms - kernel_ms
    tail.sort(reverse=True)
    held = sum(t[0] for t in tail)
    print(f"events at or above the app p99 ({p99:.2f} ms): {held} in {len(tail)} frames;"
          f" on average {parts[0] / held:.2f} fan-out start + {parts[1] / held:.2f} place in the"
          f" fan-out + {parts[2] / held:.2f} reader delay")
    for count, n, first, last, last_app in tail[: a.top]:
        print(f"  frame {n}: {count} events; first kernel {first:.2f}, last kernel {last:.2f}, last app {last_app:.2f}")


if __name__ == "__main__":
    main()
