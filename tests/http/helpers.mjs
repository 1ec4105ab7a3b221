// Shared helpers of the HTTP integration tests: server launch with a YAML
// config, JWT minting (every algorithm and attack class), a raw-socket SSE
// client that keeps the exact bytes, curl, and small polling utilities.
import { createHmac, sign as cryptoSign, generateKeyPairSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { startServer, tempDir, binaryPath, assertNoSanitizerReport } from '../node/server.mjs';

export { startServer, tempDir, binaryPath, assertNoSanitizerReport };

export const SECRET = 'integration-test-secret-0123456789abcdef';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const nowSecs = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------- YAML config

function yamlScalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(yamlScalar).join(', ')}]`;
  return String(v);
}

// Block-style YAML of a nested plain object (arrays and scalars inline).
export function toYaml(obj, indent = '') {
  let out = '';
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out += `${indent}${k}:\n${toYaml(v, indent + '  ')}`;
    } else {
      out += `${indent}${k}: ${yamlScalar(v)}\n`;
    }
  }
  return out;
}

function merge(base, over) {
  const out = { ...base };
  for (const [k, v] of Object.entries(over || {})) {
    if (v && typeof v === 'object' && !Array.isArray(v) && base[k] && typeof base[k] === 'object') {
      out[k] = merge(base[k], v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

export const BASE_CONFIG = {
  server: { address: '127.0.0.1', port: 0 },
  // No clock-skew leeway, so tests of expiry see it at exp (the default, 30 s,
  // is tested in auth.test.mjs).
  auth: { hmac_secret: SECRET, leeway_secs: 0 },
  acquisition: { source: 'simulated', sample_rate: 48000, target_fps: 30 },
  streaming: { spectral_window_size: 4096, sse_retry_ms: 1500 },
  logging: { level: 'info' },
};

// Starts the real binary with BASE_CONFIG deep-merged with `overrides`.
export async function launch(overrides = {}, { args = [], env = {} } = {}) {
  if (!existsSync(binaryPath())) throw new Error(`no acoustream binary at ${binaryPath()} (set ACOUSTREAM_BIN)`);
  // Recordings go to a private folder unless a test names one.
  const config = merge(merge(BASE_CONFIG, { recording: { directory: join(tempDir('acoustream-rec-'), 'recordings') } }), overrides);
  const srv = await startServer({ config: toYaml(config), args, env });
  srv.config = config;
  return srv;  // its stop() fails on a sanitizer report (tests/node/server.mjs)
}

// -------------------------------------------------------------------- tokens

const b64url = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

let rsaPair = null;
export function rsaKeys() {
  if (!rsaPair) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = tempDir('acoustream-rsa-');
    const publicPath = join(dir, 'public.pem');
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
    writeFileSync(publicPath, publicPem);
    rsaPair = { publicKey, privateKey, publicPem, publicPath };
  }
  return rsaPair;
}

// claims: merged over { sub, scope, iat, exp: now+3600 }; a claim set to
// undefined is removed. opts.alg: HS256|HS384|HS512|RS256|none; opts.key:
// the HMAC secret (string/Buffer) or RSA private key.
export function makeToken(claims = {}, { alg = 'HS256', key = SECRET, header = {} } = {}) {
  const now = nowSecs();
  const body = { sub: 'tester', scope: 'read:api', iat: now, exp: now + 3600, ...claims };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  const head = { alg, typ: 'JWT', ...header };
  const input = `${b64url(head)}.${b64url(body)}`;
  let sig = '';
  if (alg.startsWith('HS')) {
    sig = createHmac(`sha${alg.slice(2)}`, key).update(input).digest('base64url');
  } else if (alg === 'RS256') {
    sig = cryptoSign('sha256', Buffer.from(input), key).toString('base64url');
  }
  return `${input}.${sig}`;
}

export const bearer = (token) => ({ Authorization: `Bearer ${token}` });

// ---------------------------------------------------------------- HTTP, curl

export async function getJson(srv, path, { token, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  const res = await fetch(srv.base + path, { headers: h });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

// Runs curl; resolves { code, stdout (Buffer), stderr }.
export function curl(args, { timeoutMs = 30000 } = {}) {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', ...args], { encoding: 'buffer', timeout: timeoutMs, maxBuffer: 256 << 20 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr: stderr.toString() });
      });
  });
}

// Splits curl -i/-D output into { status, headers (lower-case Map), body }.
export function splitHttp(buf) {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = text.slice(0, end).split('\r\n');
  const status = Number(head[0].split(' ')[1]);
  const headers = new Map();
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { status, headers, body: buf.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')) };
}

// ------------------------------------------------------------ SSE parsing

// Parses complete SSE events out of `text` (WHATWG rules: CR LF, CR or LF
// end lines; a blank line dispatches). Returns { events, rest }. Each event
// keeps its field lines in order so the framing itself can be asserted.
export function parseSse(text) {
  const events = [];
  let fields = [];
  let pos = 0;
  let lineStart = 0;
  const re = /\r\n|\r|\n/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '\r' && m.index + 1 === text.length) break; // maybe a split CR LF
    const line = text.slice(lineStart, m.index);
    lineStart = m.index + m[0].length;
    if (line === '') {
      if (fields.length) events.push(toEvent(fields));
      fields = [];
      pos = lineStart;
    } else {
      fields.push(line);
    }
  }
  return { events, rest: text.slice(pos) };
}

function toEvent(lines) {
  const ev = { lines, id: undefined, event: undefined, retry: undefined, data: undefined, dataLines: 0 };
  for (const line of lines) {
    if (line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const name = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? '' : line.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') {
      ev.data = ev.data === undefined ? value : `${ev.data}\n${value}`;
      ev.dataLines += 1;
    } else if (name === 'id' || name === 'event' || name === 'retry') {
      ev[name] = value;
    }
  }
  if (ev.data !== undefined && ev.data.startsWith('{')) {
    try { ev.json = JSON.parse(ev.data); } catch { /* asserted by callers */ }
  }
  return ev;
}

// Sends `data` on a fresh socket and collects the whole response until the
// server closes. Resolves { status, headers, body, json, raw, error, closedAt }.
// halfClose: shut down the write side once the data is written.
export function rawExchange(port, data, { halfClose = false, timeoutMs = 20000 } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    const s = net.connect(port, '127.0.0.1');
    let error = null;
    const timer = setTimeout(() => { error = error || 'timeout'; s.destroy(); }, timeoutMs);
    s.on('connect', () => s.write(data, () => { if (halfClose) s.end(); }));
    s.on('data', (d) => chunks.push(d));
    s.on('error', (e) => { error = error || e.code; });
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks)), error, closedAt: Date.now() });
    });
  });
}

export function parseResponse(buf) {
  const raw = buf.toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: new Map(), body: '', json: null, raw };
  const lines = raw.slice(0, end).split('\r\n');
  const headers = new Map();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  const body = buf.subarray(end + 4).toString('utf8');
  let json = null;
  try { json = JSON.parse(body); } catch { /* not JSON */ }
  return { status: Number(lines[0].split(' ')[1]), headers, body, json, raw };
}

// A raw TCP SSE client: sends the request bytes itself and keeps every byte
// of the response, parsing the head and then events incrementally.
export class RawSse {
  constructor(port, path, { headers = {}, keepRaw = true, parse = true } = {}) {
    this.port = port;
    this.path = path;
    this.rawChunks = [];
    this.keepRaw = keepRaw;
    this.parse = parse;
    this.head = null;
    this.status = null;
    this.headers = new Map();
    this.events = [];
    this.bytes = 0;
    this.pending = '';
    this.ended = false;
    this.waiters = [];
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    let req = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n`;
    for (const [k, v] of Object.entries(headers)) req += `${k}: ${v}\r\n`;
    req += '\r\n';
    this.socket.write(req);
    this.decoder = new TextDecoder();
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.closed = new Promise((resolve) => {
      const done = () => { this.ended = true; this.endedAt = Date.now(); this.check(); resolve(); };
      this.socket.on('close', done);
      this.socket.on('error', () => {});
    });
  }

  onData(chunk) {
    this.bytes += chunk.length;
    if (this.keepRaw) this.rawChunks.push(chunk);
    let text = this.decoder.decode(chunk, { stream: true });
    if (this.head === null) {
      this.pending += text;
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.head = this.pending.slice(0, end);
      const lines = this.head.split('\r\n');
      this.status = Number(lines[0].split(' ')[1]);
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        this.headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
      }
      text = this.pending.slice(end + 4);
      this.pending = '';
      this.bodyText = '';
    }
    if (this.keepRaw) this.bodyText += text;
    if (this.parse) {
      const { events, rest } = parseSse(this.pending + text);
      this.pending = rest;
      for (const e of events) { e.at = Date.now(); this.events.push(e); }
    }
    this.check();
  }

  get raw() { return Buffer.concat(this.rawChunks); }
  frames() { return this.events.filter((e) => e.id !== undefined); }

  check() {
    this.waiters = this.waiters.filter((w) => {
      let ok = false;
      try { ok = w.pred(this); } catch (e) { w.reject(e); return false; }
      if (ok) { clearTimeout(w.timer); w.resolve(this); return false; }
      if (this.ended) {
        clearTimeout(w.timer);
        w.reject(new Error(`stream ${this.path} ended before: ${w.what}`));
        return false;
      }
      return true;
    });
  }

  // Resolves once pred(this) holds; rejects after timeoutMs or when the
  // stream ends first.
  waitFor(pred, timeoutMs, what = 'condition') {
    return new Promise((resolve, reject) => {
      const w = { pred, resolve, reject, what };
      w.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${this.path}` +
          ` (status ${this.status}, ${this.events.length} events, ${this.bytes} bytes)`));
      }, timeoutMs);
      this.waiters.push(w);
      this.check();
    });
  }

  close() { this.socket.destroy(); return this.closed; }
}

// The frames of an SSE stream must be consecutive; returns the list of
// frame_numbers for further checks.
export function frameNumbers(events) {
  return events.filter((e) => e.json && typeof e.json.frame_number === 'number').map((e) => e.json.frame_number);
}

export function decodeF32(b64) {
  const buf = Buffer.from(b64, 'base64');
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

// Polls `fn` until it returns a truthy value; throws after timeoutMs.
export async function until(fn, timeoutMs, what = 'condition', stepMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

export function vmRssKb(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) : NaN;
}

// Writes a 16-bit PCM WAV of interleaved int16 samples (channels x frames).
export function writeWav(path, { sampleRate, channels }) {
  const nch = channels.length;
  const n = channels[0].length;
  const data = Buffer.alloc(n * nch * 2);
  for (let i = 0; i < n; i++) for (let c = 0; c < nch; c++) data.writeInt16LE(channels[c][i], (i * nch + c) * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8);
  h.write('fmt ', 12); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(nch, 22);
  h.writeUInt32LE(sampleRate, 24); h.writeUInt32LE(sampleRate * nch * 2, 28);
  h.writeUInt16LE(nch * 2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36); h.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([h, data]));
}

// Stops a server and asserts nothing: callers check the result.
export async function stopAll(servers) {
  for (const s of servers) if (s) await s.stop();
}
