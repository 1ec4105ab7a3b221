"""Reads one frame as JSON and as f32 from a running server with Python's own
json module and numpy, the way a lab script would, and checks that every
sample is a float, bit-exact against the f32 encoding of the same frame.

    typed_parse.py BASE_URL TOKEN   (prints a JSON summary; exit 1 on a mismatch)
"""
import base64
import json
import struct
import sys
import urllib.request

import numpy


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def same_frame(base, token):
    # Two requests may straddle a publish: retry until both carry one frame.
    for _ in range(50):
        text = get(base + "/api/audio/stream/latest", token)
        raw = json.loads(get(base + "/api/audio/stream/latest?encoding=f32", token))
        parsed = json.loads(text)
        if parsed["frame_number"] == raw["frame_number"]:
            return text, parsed, raw
    raise SystemExit("no two consecutive requests returned the same frame")


def main():
    base, token = sys.argv[1], sys.argv[2]
    text, parsed, raw = same_frame(base, token)
    problems = []
    negative_zeros = 0
    for channel in ("channel_a", "channel_b"):
        values = parsed[channel]
        exact = base64.b64decode(raw[channel])
        expected = struct.unpack("<%df" % (len(exact) // 4), exact)
        not_float = [v for v in values if not isinstance(v, float)]
        if not_float:
            problems.append("%s: %d samples parsed as %s" % (channel, len(not_float), type(not_float[0]).__name__))
        differ = sum(1 for v, e in zip(values, expected) if struct.pack("<f", v) != struct.pack("<f", e))
        if differ or len(values) != len(expected):
            problems.append("%s: %d of %d samples differ bit-wise" % (channel, differ, len(expected)))
        negative_zeros += sum(1 for e in expected if e == 0 and struct.pack("<f", e)[3] & 0x80)
        dtype = numpy.array(json.loads(text)[channel]).dtype
        if dtype.kind != "f":
            problems.append("%s: numpy builds a %s array" % (channel, dtype))
    duration = parsed["duration_ms"]
    if not isinstance(duration, float):
        problems.append("duration_ms parsed as %s" % type(duration).__name__)
    print(json.dumps({"frame_number": parsed["frame_number"], "negative_zeros": negative_zeros,
                      "problems": problems}))
    sys.exit(1 if problems else 0)


main()
