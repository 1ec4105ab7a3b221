#!/usr/bin/env python3
"""Feeds nginx + nchan pre-serialised audio frames for the fan-out reference.

Takes one real AudioFrameResponse from a running acoustream server
(/api/audio/stream/latest), then POSTs it to nchan's publisher location
at --fps with absolute deadlines, rewriting only the tail
(`"timestamp":T,"frame_number":N,"duration_ms":D}`) so that sse_loadgen
measures latency and gaps exactly as it does against acoustream.
Stops after --seconds (default 600) or on SIGTERM.
"""
import argparse
import http.client
import json
import signal
import sys
import time


def fetch_frame(server: str, token: str) -> str:
    host, port = server.rsplit(":", 1)
    deadline = time.monotonic() + 10
    while True:
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", "/api/audio/stream/latest", headers={"Authorization": "Bearer " + token})
        resp = conn.getresponse()
        body = resp.read().decode()
        conn.close()
        if resp.status == 200:
            return body
        if time.monotonic() > deadline:
            sys.exit(f"nchan_publisher: {server}/api/audio/stream/latest answered {resp.status}: {body}")
        time.sleep(0.1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--server", required=True, help="acoustream HOST:PORT to take a frame from")
    ap.add_argument("--token", required=True)
    ap.add_argument("--nchan", required=True, help="nginx HOST:PORT")
    ap.add_argument("--path", default="/pub")
    ap.add_argument("--fps", type=float, required=True)
    ap.add_argument("--seconds", type=float, default=600)
    args = ap.parse_args()
    if args.fps <= 0:
        sys.exit("nchan_publisher: --fps must be > 0")

    doc = fetch_frame(args.server, args.token)
    duration_ms = json.loads(doc)["duration_ms"]
    head = doc[: doc.rfind('"timestamp":')]
    host, port = args.nchan.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    period = 1.0 / args.fps
    start = time.monotonic()
    wall0 = time.time()
    frame = 0
    while time.monotonic() - start < args.seconds:
        due = start + frame * period
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        # Stamped with the frame's due instant, as acoustream stamps a frame
        # with its first sample's time and publishes it at that instant.
        ts = int((wall0 + frame * period) * 1000)
        body = f'{head}"timestamp":{ts},"frame_number":{frame},"duration_ms":{duration_ms}}}'
        conn.request("POST", args.path, body=body.encode(), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        if resp.status >= 300:
            sys.exit(f"nchan_publisher: POST {args.path} answered {resp.status}")
        frame += 1


if __name__ == "__main__":
    main()
