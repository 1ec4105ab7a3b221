#!/usr/bin/python3
"""Example acoustream client: reads the f32 audio stream, bit-exact, into numpy.

Requirements: Debian's python3-httpx and python3-numpy only (run it with
/usr/bin/python3; `apt-get install python3-httpx python3-numpy`).

Usage:

    export ACOUSTREAM_TOKEN=...          # printed by `acoustream serve`, or
                                         # minted with `acoustream token --sub lab`
    /usr/bin/python3 client.py                         # http://127.0.0.1:8080, forever
    /usr/bin/python3 client.py --url http://127.0.0.1:8080 --decimate 4 --seconds 60
    /usr/bin/python3 client.py --frames 300 --token "$TOKEN" | jq .

What it does:

  * GET /api/audio/stream/audio?encoding=f32[&decimate=K] with
    `Authorization: Bearer <token>`, and parses the Server-Sent Events itself
    (`id:`, `event:`, `data:`, `retry:` fields; a blank line dispatches).
  * Decodes each frame's `channel_a` / `channel_b` (standard base64 of
    little-endian float32) with numpy.frombuffer(..., dtype='<f4') and checks
    both against `channels_length`.  `on_frame()` below is the place to put
    your own processing.
  * Checks `frame_number`: consecutive frames differ by 1.  The server never
    skips silently: a `{"type":"lagged","skipped":N}` event comes first, and a
    gap of exactly N is counted as announced (`announced_gap_frames`); any other
    gap is counted in `unannounced_gaps` (and printed on stderr).
    `{"type":"heartbeat"}` and `{"type":"resolution",...}` events are ignored.
  * On a dropped connection (network, proxy, server restart) it reconnects
    with `Last-Event-ID: <last id>`, so the server replays the frames it still
    retains and the sequence continues without a gap.  Reconnects back off
    exponentially from the server's `retry:` value up to --max-backoff (5 s).
  * Prints throughput (frames/s, MB/s, samples/s per channel) once a second on
    stderr (unless --quiet), and when it stops (--seconds, --frames, Ctrl-C,
    the source ended, or a fatal error) one JSON summary line on stdout:

    {"frames":N,"first_frame":F,"last_frame":L,"reconnects":R,
     "announced_gap_frames":A,"unannounced_gaps":U,"unannounced_gap_frames":UF,
     "length_errors":E,"samples":S,"bytes":B,"seconds":T,"rms_a":..,"rms_b":..,
     "stopped":"frames|seconds|interrupted|acquisition_ended|error"}

    `bytes` counts the body bytes received; `samples` the samples per channel.

Exit status: 0 when it stopped as asked (or the source ended), 1 when the
server refused the request (400, 401, 403, 404: its JSON `error` and
`error_description` are printed on stderr, and it does not retry), 130 on
Ctrl-C / SIGTERM, 2 on a usage error.
"""
import argparse
import base64
import binascii
import json
import math
import os
import signal
import sys
import time

import httpx
import numpy

STREAM_PATH = "/api/audio/stream/audio"
# Answers that retrying cannot fix: a bad parameter, a bad or expired token,
# a missing scope, a wrong URL.
FATAL_STATUSES = {400, 401, 403, 404, 405}


class SseParser:
    """Incremental Server-Sent Events parser (the WHATWG rules).

    feed(bytes) returns the events completed by those bytes, each a dict
    {"id", "event", "data"}; `last_event_id` and `retry_ms` keep the stream's
    state across events.  Lines end with CR LF, LF or CR.
    """

    def __init__(self):
        self.buffer = b""
        self.data_lines = []
        self.event_type = ""
        self.last_event_id = None
        self.retry_ms = None

    def feed(self, chunk):
        self.buffer += chunk
        events = []
        start = 0
        n = len(self.buffer)
        while True:
            lf = self.buffer.find(b"\n", start)
            cr = self.buffer.find(b"\r", start)
            if lf < 0 and cr < 0:
                break
            if cr >= 0 and (lf < 0 or cr < lf):
                if cr + 1 == n:
                    break  # a CR at the end: maybe the first half of CR LF
                end, nxt = cr, (cr + 2 if self.buffer[cr + 1:cr + 2] == b"\n" else cr + 1)
            else:
                end, nxt = lf, lf + 1
            event = self._line(self.buffer[start:end].decode("utf-8", "replace"))
            if event is not None:
                events.append(event)
            start = nxt
        self.buffer = self.buffer[start:]
        return events

    def _line(self, line):
        if line == "":
            # A blank line dispatches the event (if it has data).
            if not self.data_lines:
                self.event_type = ""
                return None
            event = {"id": self.last_event_id, "event": self.event_type or "message",
                     "data": "\n".join(self.data_lines)}
            self.data_lines = []
            self.event_type = ""
            return event
        if line.startswith(":"):
            return None  # a comment
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self.data_lines.append(value)
        elif name == "event":
            self.event_type = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry":
            if value.isdigit():
                self.retry_ms = int(value)
        return None


class Fatal(Exception):
    """The server refused the request; retrying would not help."""


class Stop(Exception):
    """A stop condition was reached."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Client:
    def __init__(self, args):
        self.args = args
        self.base = args.url.rstrip("/")
        self.params = {"encoding": "f32"}
        if args.decimate is not None:
            self.params["decimate"] = str(args.decimate)
        self.started = time.monotonic()
        self.deadline = self.started + args.seconds if args.seconds is not None else None
        self.parser = SseParser()
        # Statistics.
        self.frames = 0
        self.first_frame = None
        self.last_frame = None
        self.reconnects = 0
        self.pending_skip = 0
        self.announced_gap_frames = 0
        self.unannounced_gaps = 0
        self.unannounced_gap_frames = 0
        self.length_errors = 0
        self.samples = 0
        self.bytes = 0
        self.sumsq_a = 0.0
        self.sumsq_b = 0.0
        self.stopped = None
        self.error = None
        self.delivered = False
        # Throughput, once a second.
        self.tick_at = self.started + 1.0
        self.tick_frames = 0
        self.tick_bytes = 0
        self.tick_samples = 0

    # ------------------------------------------------------------ your code

    def on_frame(self, frame, a, b):
        """Called for every frame: `a`, `b` are numpy float32 arrays."""
        self.sumsq_a += float(numpy.dot(a.astype(numpy.float64), a.astype(numpy.float64)))
        self.sumsq_b += float(numpy.dot(b.astype(numpy.float64), b.astype(numpy.float64)))

    # -------------------------------------------------------------- events

    def handle(self, event):
        try:
            doc = json.loads(event["data"])
        except ValueError:
            warn("not JSON: %.80s" % event["data"])
            return
        if not isinstance(doc, dict):
            return
        kind = doc.get("type")
        if kind == "lagged":
            skipped = int(doc.get("skipped", 0))
            self.pending_skip += skipped
            warn("server announced %d skipped frame(s)" % skipped)
            return
        if kind is not None or "frame_number" not in doc:
            return  # heartbeat, resolution, or anything else that is not a frame
        self.frame(doc)

    def frame(self, doc):
        number = int(doc["frame_number"])
        length = doc.get("channels_length")
        try:
            a = numpy.frombuffer(base64.b64decode(doc["channel_a"], validate=True), dtype="<f4")
            b = numpy.frombuffer(base64.b64decode(doc["channel_b"], validate=True), dtype="<f4")
        except (binascii.Error, ValueError, KeyError, TypeError) as e:
            warn("frame %d: cannot decode its channels: %s" % (number, e))
            self.length_errors += 1
            return
        if len(a) != length or len(b) != length:
            warn("frame %d: channels_length %s but %d / %d samples" % (number, length, len(a), len(b)))
            self.length_errors += 1
        if self.last_frame is not None:
            gap = number - self.last_frame - 1
            if gap != 0 or self.pending_skip != 0:
                if gap > 0 and gap == self.pending_skip:
                    self.announced_gap_frames += gap
                else:
                    self.unannounced_gaps += 1
                    self.unannounced_gap_frames += max(gap, 0)
                    if gap < 0:
                        warn("frame_number went back from %d to %d (a restarted server numbers from 0 again)"
                             % (self.last_frame, number))
                    else:
                        warn("frame %d after %d: gap of %d frame(s), %d announced"
                             % (number, self.last_frame, gap, self.pending_skip))
        self.pending_skip = 0
        if self.first_frame is None:
            self.first_frame = number
        self.last_frame = number
        self.frames += 1
        self.samples += len(a)
        self.tick_frames += 1
        self.tick_samples += len(a)
        self.on_frame(doc, a, b)
        if self.args.frames is not None and self.frames >= self.args.frames:
            raise Stop("frames")

    # ---------------------------------------------------------- connection

    def headers(self):
        h = {
            "Authorization": "Bearer " + self.args.token,
            "Accept": "text/event-stream",
            "Accept-Encoding": "identity",  # bytes and MB/s as on the wire
            "Cache-Control": "no-cache",
        }
        if self.parser.last_event_id is not None:
            h["Last-Event-ID"] = self.parser.last_event_id
        return h

    def remaining(self):
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Stop("seconds")
        return left

    def read_timeout(self):
        left = self.remaining()
        t = self.args.read_timeout
        return t if left is None else max(0.05, min(t, left))

    def connect_once(self, http):
        """One connection, until it ends or fails; sets self.delivered when
        it brought at least one event."""
        self.parser.buffer = b""  # a cut stream may leave half an event
        self.parser.data_lines = []
        self.parser.event_type = ""
        self.delivered = False
        timeout = httpx.Timeout(self.args.connect_timeout, read=self.read_timeout())
        with http.stream("GET", self.base + STREAM_PATH, params=self.params,
                         headers=self.headers(), timeout=timeout) as response:
            if response.status_code != 200:
                body = response.read()
                self.refused(response.status_code, body, response.headers)
            for chunk in response.iter_raw():
                self.bytes += len(chunk)
                self.tick_bytes += len(chunk)
                for event in self.parser.feed(chunk):
                    self.delivered = True
                    self.handle(event)
                self.progress()
                self.remaining()

    def refused(self, status, body, headers):
        try:
            doc = json.loads(body)
            text = "%s: %s" % (doc.get("error"), doc.get("error_description"))
        except ValueError:
            doc, text = None, body[:200].decode("utf-8", "replace")
        if status in FATAL_STATUSES:
            self.error = {"status": status, "error": doc.get("error") if doc else None,
                          "error_description": doc.get("error_description") if doc else text}
            raise Fatal("HTTP %d %s" % (status, text))
        # 503 too_many_connections and the like: try again later.
        retry_after = headers.get("retry-after")
        raise httpx.TransportError("HTTP %d %s%s" % (status, text,
                                   " (Retry-After %s)" % retry_after if retry_after else ""))

    def acquisition_ended(self, http):
        """After a clean end of stream: has the server's source ended?"""
        try:
            r = http.get(self.base + "/api/audio/stream/stats", timeout=5.0,
                         headers={"Authorization": "Bearer " + self.args.token})
            return r.status_code == 200 and r.json().get("stream_closed") is True
        except (httpx.HTTPError, ValueError):
            return False

    def run(self):
        failures = 0
        with httpx.Client() as http:
            while True:
                try:
                    self.connect_once(http)
                    # The server ended the stream cleanly: the source ended,
                    # or the token expired (the reconnect then gets a 401).
                    if self.acquisition_ended(http):
                        raise Stop("acquisition_ended")
                    why = "the server ended the stream"
                except (httpx.TransportError, httpx.StreamError) as e:
                    why = "%s: %s" % (type(e).__name__, e)
                if self.delivered:
                    failures = 0  # it worked for a while: back off from the start
                self.remaining()
                retry = self.parser.retry_ms if self.parser.retry_ms is not None else 1000
                cap = max(self.args.max_backoff, retry / 1000.0)
                delay = min(cap, retry / 1000.0 * (2 ** failures))
                failures += 1
                warn("connection lost (%s); reconnecting in %.1f s%s" % (
                    why, delay, " after id %s" % self.parser.last_event_id
                    if self.parser.last_event_id is not None else ""))
                left = self.remaining()
                time.sleep(delay if left is None else min(delay, left))
                self.remaining()
                self.reconnects += 1

    # -------------------------------------------------------------- output

    def progress(self):
        now = time.monotonic()
        if now < self.tick_at:
            return
        span = now - self.tick_at + 1.0
        if not self.args.quiet:
            warn("%.1f frames/s  %.2f MB/s  %.0f samples/s  (frame %s, %d frames)" % (
                self.tick_frames / span, self.tick_bytes / span / 1e6, self.tick_samples / span,
                self.last_frame, self.frames))
        self.tick_at = now + 1.0
        self.tick_frames = self.tick_bytes = self.tick_samples = 0

    def summary(self):
        rms = lambda s: math.sqrt(s / self.samples) if self.samples else None
        out = {
            "frames": self.frames,
            "first_frame": self.first_frame,
            "last_frame": self.last_frame,
            "reconnects": self.reconnects,
            "announced_gap_frames": self.announced_gap_frames,
            "unannounced_gaps": self.unannounced_gaps,
            "unannounced_gap_frames": self.unannounced_gap_frames,
            "length_errors": self.length_errors,
            "samples": self.samples,
            "bytes": self.bytes,
            "seconds": round(time.monotonic() - self.started, 3),
            "rms_a": rms(self.sumsq_a),
            "rms_b": rms(self.sumsq_b),
            "stopped": self.stopped,
        }
        if self.error is not None:
            out["error"] = self.error
        return out


def warn(text):
    print(text, file=sys.stderr, flush=True)


def positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def on_sigterm(signum, frame):
    # SIGTERM stops the client like Ctrl-C, with a summary.
    raise KeyboardInterrupt()


def main():
    p = argparse.ArgumentParser(description="Read the acoustream f32 audio stream into numpy.",
                                epilog="The token may also be given in ACOUSTREAM_TOKEN.")
    p.add_argument("--url", default="http://127.0.0.1:8080", help="server base URL (default %(default)s)")
    p.add_argument("--token", default=os.environ.get("ACOUSTREAM_TOKEN"), help="JWT (default $ACOUSTREAM_TOKEN)")
    p.add_argument("--decimate", type=positive_int, help="keep samples 0, K, 2K, ... of each frame")
    p.add_argument("--seconds", type=positive_float, help="stop after S seconds (default: run forever)")
    p.add_argument("--frames", type=positive_int, help="stop after N frames")
    p.add_argument("--max-backoff", type=positive_float, default=5.0, help="longest wait between reconnects, s (default 5)")
    p.add_argument("--read-timeout", type=positive_float, default=30.0,
                   help="reconnect when nothing (not even a heartbeat) arrives this long, s (default 30)")
    p.add_argument("--connect-timeout", type=positive_float, default=5.0, help="s (default 5)")
    p.add_argument("--quiet", action="store_true", help="no throughput lines on stderr")
    args = p.parse_args()
    if not args.token:
        p.error("no token: pass --token or set ACOUSTREAM_TOKEN")

    signal.signal(signal.SIGTERM, on_sigterm)
    client = Client(args)
    code = 0
    try:
        client.run()
    except Stop as s:
        client.stopped = s.reason
    except Fatal as e:
        client.stopped = "error"
        warn("acoustream refused the request: %s" % e)
        code = 1
    except KeyboardInterrupt:
        client.stopped = "interrupted"
        code = 130
    print(json.dumps(client.summary(), separators=(",", ":")), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
