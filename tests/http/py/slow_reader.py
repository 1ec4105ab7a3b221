"""A real slow client of one SSE stream: a tiny receive buffer (SO_RCVBUF set
before connecting, so the TCP window stays small) and reads throttled to a
byte rate, then unthrottled, as a viewer on a poor link that gets better.

    slow_reader.py HOST PORT PATH TOKEN SLOW_SECS SLOW_BYTES_PER_SEC FAST_SECS

Prints one JSON summary: every resolution event (decimate, phase, time), the
frames per phase with their channels_length, the lagged counts, and whether
the frame numbers' gaps are exactly what the lagged notices announced.
"""
import json
import socket
import sys
import time


def main():
    host, port, path, token = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    slow_secs, slow_rate, fast_secs = float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, port))
    sock.sendall(
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    start = time.monotonic()
    buffer = b""
    head_done = False
    summary = {"resolutions": [], "frames": {"slow": [], "fast": []}, "lagged": 0,
               "unexplained_gaps": 0, "bytes": 0}
    last_frame = None
    pending_skip = 0
    chunk = 1024
    while True:
        elapsed = time.monotonic() - start
        if elapsed > slow_secs + fast_secs:
            break
        phase = "slow" if elapsed < slow_secs else "fast"
        sock.settimeout(1.0)
        try:
            data = sock.recv(chunk if phase == "slow" else 65536)
        except socket.timeout:
            continue
        if not data:
            break
        summary["bytes"] += len(data)
        buffer += data
        if phase == "slow":
            time.sleep(len(data) / slow_rate)
        if not head_done:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                continue
            status = buffer.split(b"\r\n", 1)[0]
            if b" 200 " not in status:
                raise SystemExit("unexpected status: " + status.decode())
            buffer = buffer[end + 4:]
            head_done = True
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            for line in block.split(b"\n"):
                if not line.startswith(b"data: "):
                    continue
                doc = json.loads(line[6:])
                kind = doc.get("type")
                if kind == "resolution":
                    summary["resolutions"].append(
                        {"decimate": doc["decimate"], "phase": phase, "t": round(elapsed, 2)})
                elif kind == "lagged":
                    summary["lagged"] += doc["skipped"]
                    pending_skip += doc["skipped"]
                elif "frame_number" in doc:
                    n = doc["frame_number"]
                    if last_frame is not None and n - last_frame - 1 != pending_skip:
                        summary["unexplained_gaps"] += 1
                    last_frame, pending_skip = n, 0
                    summary["frames"][phase].append(
                        doc.get("channels_length", len(doc.get("channel_a") or [])))
    sock.close()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
