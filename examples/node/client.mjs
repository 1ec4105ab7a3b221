#!/usr/bin/env node
// Example acoustream client for Node 18+: reads the f32 audio stream,
// bit-exact, into Float32Arrays. No npm packages: global fetch, Buffer.
//
// Usage:
//
//   export ACOUSTREAM_TOKEN=...        # printed by `acoustream serve`, or
//                                      # minted with `acoustream token --sub lab`
//   node client.mjs                                   # http://127.0.0.1:8080, forever
//   node client.mjs --url http://127.0.0.1:8080 --decimate 4 --seconds 60
//   node client.mjs --frames 300 --token "$TOKEN" | jq .
//
// Options: --url BASE (default http://127.0.0.1:8080), --token JWT (default
// $ACOUSTREAM_TOKEN), --decimate K, --seconds S (default: forever),
// --frames N, --max-backoff S (5), --read-timeout S (30), --connect-timeout
// S (5), --quiet, --help. `--flag value` and `--flag=value` both work.
//
// What it does (the same as examples/python/client.py):
//
//  * GET /api/audio/stream/audio?encoding=f32[&decimate=K] with
//    `Authorization: Bearer <token>`, parsing the Server-Sent Events itself
//    (`id:`, `event:`, `data:`, `retry:`; a blank line dispatches).
//  * Decodes `channel_a` / `channel_b` (standard base64 of little-endian
//    float32) into Float32Arrays with DataView.getFloat32(i, true) and checks
//    both against `channels_length`. onFrame() below is where your own
//    processing goes.
//  * Checks `frame_number`: consecutive frames differ by 1. A
//    `{"type":"lagged","skipped":N}` event announces the next gap; a gap of
//    exactly N counts in `announced_gap_frames`, any other gap in
//    `unannounced_gaps` (and is printed on stderr). `{"type":"heartbeat"}` and
//    `{"type":"resolution",...}` events are ignored.
//  * On a dropped connection or a server restart it reconnects with
//    `Last-Event-ID: <last id>` (the server replays the frames it retains),
//    backing off exponentially from the server's `retry:` value up to
//    --max-backoff.
//  * Prints throughput (frames/s, MB/s, samples/s per channel) once a second
//    on stderr (unless --quiet) and, when it stops, one JSON summary line on
//    stdout:
//    {"frames":N,"first_frame":F,"last_frame":L,"reconnects":R,
//     "announced_gap_frames":A,"unannounced_gaps":U,"unannounced_gap_frames":UF,
//     "length_errors":E,"samples":S,"bytes":B,"seconds":T,"rms_a":..,"rms_b":..,
//     "stopped":"frames|seconds|interrupted|acquisition_ended|error"}
//
// Exit status: 0 when it stopped as asked (or the source ended); 1 when the
// server refused the request (400, 401, 403, 404: its `error` and
// `error_description` are printed on stderr, no retry); 130 on SIGINT or
// SIGTERM; 2 on a usage error.

const STREAM_PATH = '/api/audio/stream/audio';
// Answers that retrying cannot fix: a bad parameter, a bad or expired token,
// a missing scope, a wrong URL.
const FATAL_STATUSES = new Set([400, 401, 403, 404, 405]);

const USAGE = `usage: node client.mjs [--url BASE] [--token JWT] [--decimate K] [--seconds S]
                        [--frames N] [--max-backoff S] [--read-timeout S]
                        [--connect-timeout S] [--quiet]
The token may also be given in ACOUSTREAM_TOKEN.`;

function usageError(text) {
  process.stderr.write(`${USAGE}\nclient.mjs: error: ${text}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    url: 'http://127.0.0.1:8080', token: process.env.ACOUSTREAM_TOKEN, decimate: undefined,
    seconds: undefined, frames: undefined, maxBackoff: 5, readTimeout: 30, connectTimeout: 5, quiet: false,
  };
  const int = (name, v) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) usageError(`${name} must be an integer >= 1, got "${v}"`);
    return Number(v);
  };
  const num = (name, v) => {
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || n <= 0) usageError(`${name} must be a number > 0, got "${v}"`);
    return n;
  };
  const takes = {
    '--url': (v) => { opts.url = v; },
    '--token': (v) => { opts.token = v; },
    '--decimate': (v) => { opts.decimate = int('--decimate', v); },
    '--seconds': (v) => { opts.seconds = num('--seconds', v); },
    '--frames': (v) => { opts.frames = int('--frames', v); },
    '--max-backoff': (v) => { opts.maxBackoff = num('--max-backoff', v); },
    '--read-timeout': (v) => { opts.readTimeout = num('--read-timeout', v); },
    '--connect-timeout': (v) => { opts.connectTimeout = num('--connect-timeout', v); },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') { process.stdout.write(`${USAGE}\n`); process.exit(0); }
    if (arg === '--quiet') { opts.quiet = true; continue; }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!takes[name]) usageError(`unknown argument ${arg}`);
    let value;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else usageError(`${name} needs a value`);
    takes[name](value);
  }
  if (!opts.token) usageError('no token: pass --token or set ACOUSTREAM_TOKEN');
  return opts;
}

// Incremental Server-Sent Events parser (the WHATWG rules). feed(text)
// returns the events those characters complete, each { id, event, data };
// lastEventId and retryMs keep the stream's state. Lines end with CR LF, LF
// or CR.
class SseParser {
  constructor() {
    this.lastEventId = null;
    this.retryMs = null;
    this.reset();
  }

  // A new connection: a cut one may have left half an event.
  reset() {
    this.buffer = '';
    this.dataLines = [];
    this.eventType = '';
  }

  feed(text) {
    this.buffer += text;
    const events = [];
    const re = /\r\n|\r|\n/g;
    let start = 0;
    let m;
    while ((m = re.exec(this.buffer)) !== null) {
      if (m[0] === '\r' && m.index + 1 === this.buffer.length) break; // maybe half of CR LF
      const event = this.line(this.buffer.slice(start, m.index));
      if (event) events.push(event);
      start = m.index + m[0].length;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  line(line) {
    if (line === '') {
      // A blank line dispatches the event (if it has data).
      if (this.dataLines.length === 0) { this.eventType = ''; return null; }
      const event = { id: this.lastEventId, event: this.eventType || 'message', data: this.dataLines.join('\n') };
      this.dataLines = [];
      this.eventType = '';
      return event;
    }
    if (line.startsWith(':')) return null; // a comment
    const i = line.indexOf(':');
    const name = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? '' : line.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') this.dataLines.push(value);
    else if (name === 'event') this.eventType = value;
    else if (name === 'id') { if (!value.includes('\0')) this.lastEventId = value; }
    else if (name === 'retry') { if (/^\d+$/.test(value)) this.retryMs = Number(value); }
    return null;
  }
}

// Standard padded base64 of little-endian float32 -> Float32Array. Buffer's
// decoder skips characters that are not base64, so check the text first.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function decodeF32(text) {
  if (typeof text !== 'string' || !BASE64.test(text)) throw new Error('not standard padded base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`${bytes.length} bytes is not a whole number of float32`);
  // A small Buffer shares a pool and may not be 4-byte aligned: DataView reads any offset.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

class Fatal extends Error {}
class Stop extends Error {
  constructor(reason) { super(reason); this.reason = reason; }
}

const warn = (text) => process.stderr.write(`${text}\n`);
const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

class Client {
  constructor(opts) {
    this.opts = opts;
    this.base = opts.url.replace(/\/+$/, '');
    const q = new URLSearchParams({ encoding: 'f32' });
    if (opts.decimate !== undefined) q.set('decimate', String(opts.decimate));
    this.streamUrl = `${this.base}${STREAM_PATH}?${q}`;
    this.startedAt = Date.now();
    this.deadline = opts.seconds !== undefined ? this.startedAt + opts.seconds * 1000 : null;
    this.parser = new SseParser();
    // Aborted when the client must stop (deadline, signal): ends any wait.
    this.stopController = new AbortController();
    this.stopReason = null;
    // Statistics.
    this.frames = 0;
    this.firstFrame = null;
    this.lastFrame = null;
    this.reconnects = 0;
    this.pendingSkip = 0;
    this.announcedGapFrames = 0;
    this.unannouncedGaps = 0;
    this.unannouncedGapFrames = 0;
    this.lengthErrors = 0;
    this.samples = 0;
    this.bytes = 0;
    this.sumsqA = 0;
    this.sumsqB = 0;
    this.stopped = null;
    this.error = null;
    this.tick = { at: Date.now(), frames: 0, bytes: 0, samples: 0 };
  }

  // ------------------------------------------------------------ your code

  // Called for every frame: a and b are Float32Arrays.
  onFrame(frame, a, b) {
    for (let i = 0; i < a.length; i++) this.sumsqA += a[i] * a[i];
    for (let i = 0; i < b.length; i++) this.sumsqB += b[i] * b[i];
  }

  // -------------------------------------------------------------- events

  handle(event) {
    let doc;
    try { doc = JSON.parse(event.data); } catch { warn(`not JSON: ${event.data.slice(0, 80)}`); return; }
    if (doc === null || typeof doc !== 'object') return;
    if (doc.type === 'lagged') {
      const skipped = Number(doc.skipped) || 0;
      this.pendingSkip += skipped;
      warn(`server announced ${skipped} skipped frame(s)`);
      return;
    }
    // heartbeat, resolution, or anything else that is not a frame
    if (doc.type !== undefined || typeof doc.frame_number !== 'number') return;
    this.frame(doc);
  }

  frame(doc) {
    const number = doc.frame_number;
    let a;
    let b;
    try {
      a = decodeF32(doc.channel_a);
      b = decodeF32(doc.channel_b);
    } catch (e) {
      warn(`frame ${number}: cannot decode its channels: ${e.message}`);
      this.lengthErrors += 1;
      return;
    }
    if (a.length !== doc.channels_length || b.length !== doc.channels_length) {
      warn(`frame ${number}: channels_length ${doc.channels_length} but ${a.length} / ${b.length} samples`);
      this.lengthErrors += 1;
    }
    if (this.lastFrame !== null) {
      const gap = number - this.lastFrame - 1;
      if (gap !== 0 || this.pendingSkip !== 0) {
        if (gap > 0 && gap === this.pendingSkip) {
          this.announcedGapFrames += gap;
        } else {
          this.unannouncedGaps += 1;
          this.unannouncedGapFrames += Math.max(gap, 0);
          if (gap < 0) warn(`frame_number went back from ${this.lastFrame} to ${number} (a restarted server numbers from 0 again)`);
          else warn(`frame ${number} after ${this.lastFrame}: gap of ${gap} frame(s), ${this.pendingSkip} announced`);
        }
      }
    }
    this.pendingSkip = 0;
    if (this.firstFrame === null) this.firstFrame = number;
    this.lastFrame = number;
    this.frames += 1;
    this.samples += a.length;
    this.tick.frames += 1;
    this.tick.samples += a.length;
    this.onFrame(doc, a, b);
    if (this.opts.frames !== undefined && this.frames >= this.opts.frames) throw new Stop('frames');
  }

  // ---------------------------------------------------------- connection

  headers() {
    const h = {
      Authorization: `Bearer ${this.opts.token}`,
      Accept: 'text/event-stream',
      'Accept-Encoding': 'identity', // bytes and MB/s as on the wire
      'Cache-Control': 'no-cache',
    };
    if (this.parser.lastEventId !== null) h['Last-Event-ID'] = this.parser.lastEventId;
    return h;
  }

  checkStop() {
    if (this.stopReason) throw new Stop(this.stopReason);
  }

  // One connection, until it ends or fails; sets this.delivered when it
  // brought at least one event.
  async connectOnce() {
    this.parser.reset();
    this.delivered = false;
    const ac = new AbortController();
    const onStop = () => ac.abort();
    this.stopController.signal.addEventListener('abort', onStop, { once: true });
    // The connect timeout until the answer's head, then the read timeout
    // (the server sends a heartbeat when it has no frame for a while).
    let idle = null;
    const arm = (secs, what) => {
      clearTimeout(idle);
      idle = setTimeout(() => ac.abort(new Error(`${what}: nothing for ${secs} s`)), secs * 1000);
    };
    arm(this.opts.connectTimeout, 'connect timeout');
    try {
      const res = await fetch(this.streamUrl, { headers: this.headers(), signal: ac.signal });
      if (res.status !== 200) await this.refused(res);
      arm(this.opts.readTimeout, 'read timeout');
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm(this.opts.readTimeout, 'read timeout');
          this.bytes += value.length;
          this.tick.bytes += value.length;
          for (const event of this.parser.feed(decoder.decode(value, { stream: true }))) {
            this.delivered = true;
            this.handle(event);
          }
        }
      } finally {
        reader.cancel().catch(() => {});
      }
    } catch (e) {
      this.checkStop();
      throw e;
    } finally {
      clearTimeout(idle);
      this.stopController.signal.removeEventListener('abort', onStop);
    }
    this.checkStop();
  }

  async refused(res) {
    const text = await res.text().catch(() => '');
    let doc = null;
    try { doc = JSON.parse(text); } catch { /* not JSON */ }
    const what = doc ? `${doc.error}: ${doc.error_description}` : text.slice(0, 200);
    if (FATAL_STATUSES.has(res.status)) {
      this.error = { status: res.status, error: doc ? doc.error : null, error_description: doc ? doc.error_description : what };
      throw new Fatal(`HTTP ${res.status} ${what}`);
    }
    // 503 too_many_connections and the like: try again later.
    const retryAfter = res.headers.get('retry-after');
    throw new Error(`HTTP ${res.status} ${what}${retryAfter ? ` (Retry-After ${retryAfter})` : ''}`);
  }

  // After a clean end of stream: has the server's source ended?
  async acquisitionEnded() {
    try {
      const res = await fetch(`${this.base}/api/audio/stream/stats`, {
        headers: { Authorization: `Bearer ${this.opts.token}` }, signal: AbortSignal.timeout(5000),
      });
      return res.status === 200 && (await res.json()).stream_closed === true;
    } catch {
      return false;
    }
  }

  stop(reason) {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopController.abort();
  }

  async run() {
    let deadlineTimer = null;
    if (this.deadline !== null) deadlineTimer = setTimeout(() => this.stop('seconds'), this.deadline - Date.now());
    const ticker = setInterval(() => this.progress(), 1000);
    try {
      let failures = 0;
      for (;;) {
        let why;
        try {
          await this.connectOnce();
          // The server ended the stream cleanly: the source ended, or the
          // token expired (the reconnect then gets a 401).
          if (await this.acquisitionEnded()) throw new Stop('acquisition_ended');
          why = 'the server ended the stream';
        } catch (e) {
          if (e instanceof Stop || e instanceof Fatal) throw e;
          why = describe(e);
        }
        this.checkStop();
        if (this.delivered) failures = 0; // it worked for a while: back off from the start
        const retry = this.parser.retryMs ?? 1000;
        const cap = Math.max(this.opts.maxBackoff * 1000, retry);
        const delay = Math.min(cap, retry * 2 ** failures);
        failures += 1;
        const after = this.parser.lastEventId !== null ? ` after id ${this.parser.lastEventId}` : '';
        warn(`connection lost (${why}); reconnecting in ${(delay / 1000).toFixed(1)} s${after}`);
        await sleep(delay, this.stopController.signal);
        this.checkStop();
        this.reconnects += 1;
      }
    } finally {
      clearTimeout(deadlineTimer);
      clearInterval(ticker);
    }
  }

  // -------------------------------------------------------------- output

  progress() {
    const now = Date.now();
    const span = Math.max(0.001, (now - this.tick.at) / 1000);
    if (!this.opts.quiet) {
      warn(`${(this.tick.frames / span).toFixed(1)} frames/s  ${(this.tick.bytes / span / 1e6).toFixed(2)} MB/s  ` +
        `${(this.tick.samples / span).toFixed(0)} samples/s  (frame ${this.lastFrame}, ${this.frames} frames)`);
    }
    this.tick = { at: now, frames: 0, bytes: 0, samples: 0 };
  }

  summary() {
    const rms = (s) => (this.samples ? Math.sqrt(s / this.samples) : null);
    const out = {
      frames: this.frames,
      first_frame: this.firstFrame,
      last_frame: this.lastFrame,
      reconnects: this.reconnects,
      announced_gap_frames: this.announcedGapFrames,
      unannounced_gaps: this.unannouncedGaps,
      unannounced_gap_frames: this.unannouncedGapFrames,
      length_errors: this.lengthErrors,
      samples: this.samples,
      bytes: this.bytes,
      seconds: (Date.now() - this.startedAt) / 1000,
      rms_a: rms(this.sumsqA),
      rms_b: rms(this.sumsqB),
      stopped: this.stopped,
    };
    if (this.error) out.error = this.error;
    return out;
  }
}

// fetch's errors hide the socket's reason in `cause`.
function describe(e) {
  const cause = e && e.cause ? `: ${e.cause.code || e.cause.message || e.cause}` : '';
  return `${e && e.message ? e.message : e}${cause}`;
}

async function main() {
  const client = new Client(parseArgs(process.argv.slice(2)));
  let code = 0;
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => client.stop('interrupted'));
  try {
    await client.run();
  } catch (e) {
    if (e instanceof Stop) {
      client.stopped = e.reason;
      if (e.reason === 'interrupted') code = 130;
    } else if (e instanceof Fatal) {
      client.stopped = 'error';
      warn(`acoustream refused the request: ${e.message}`);
      code = 1;
    } else {
      client.stopped = 'error';
      warn(`client error: ${e && e.stack ? e.stack : e}`);
      code = 1;
    }
  }
  // Exit at once: an aborted fetch may keep its socket a moment longer.
  process.stdout.write(`${JSON.stringify(client.summary())}\n`, () => process.exit(code));
}

main();
