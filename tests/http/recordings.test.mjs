// Recording through the real binary: the HTTP control surface (scopes,
// errors, Range, ETag) and what ends up in the files, read back bit for bit
// (float WAV) or through sox (FLAC of a 16-bit source).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launch, tempDir, writeWav, curl, splitHttp, binaryPath, SECRET } from './helpers.mjs';
import {
  api, fileBytes, waitForRecording, writeToken, readToken, writeFloatWav, readFloatWav, soxInt16,
} from './recording-helpers.mjs';

const quiet = { logging: { level: 'warn' } };

test('start, list, get, stop, download and delete, each guarded by its scope', async () => {
  const srv = await launch({ ...quiet, recording: { format: 'wav' } });
  try {
    assert.equal((await api(srv, 'POST', '', { token: readToken() })).status, 403, 'start without write scope');
    const anon = await fetch(`${srv.base}/api/audio/recordings`);
    assert.equal(anon.status, 401);

    const started = await api(srv, 'POST', '', { body: { label: 'cell A, 2 kHz' } });
    assert.equal(started.status, 201, started.text);
    const rec = started.json;
    // Relative to the request URL (works under a proxy prefix).
    assert.equal(started.headers.get('location'), `recordings/${rec.id}`);
    assert.equal(new URL(started.headers.get('location'), `${srv.base}/api/audio/recordings`).pathname, `/api/audio/recordings/${rec.id}`);
    assert.equal(rec.state, 'recording');
    assert.equal(rec.label, 'cell A, 2 kHz');
    assert.equal(rec.format, 'wav');
    assert.equal(rec.sample_rate, 48000);

    const again = await api(srv, 'POST', '');
    assert.equal(again.status, 409);
    assert.equal(again.json.error, 'recording_active');
    assert.equal((await api(srv, 'DELETE', `/${rec.id}`)).status, 409, 'delete while recording');

    await waitForRecording(srv, rec.id, (r) => r.frames >= 30, '30 frames recorded');
    const list = await api(srv, 'GET', '', { token: readToken() });
    assert.equal(list.status, 200);
    assert.equal(list.json.recordings[0].id, rec.id);

    assert.equal((await api(srv, 'POST', `/${rec.id}/stop`, { token: readToken() })).status, 403);
    const stopped = await api(srv, 'POST', `/${rec.id}/stop`);
    assert.equal(stopped.status, 200);
    assert.equal(stopped.json.state, 'finished');
    assert.equal((await api(srv, 'POST', `/${rec.id}/stop`)).json.state, 'finished', 'stop is idempotent');
    const done = stopped.json;
    assert.equal(done.frames, done.last_frame - done.first_frame + 1);
    assert.equal(done.frames_lost, 0);
    assert.deepEqual(done.gaps, []);
    assert.equal(done.files.length, 1);
    const file = done.files[0];
    assert.match(file.name, /^\d{8}T\d{6}Z_\d+\.wav$/);
    assert.equal(file.name.split('_')[1], `${done.first_frame}.wav`);

    const whole = await fileBytes(srv, rec.id, file.name, { Authorization: `Bearer ${readToken()}` });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'audio/wav');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('content-disposition'), `attachment; filename="${file.name}"`);
    assert.equal(whole.body.length, file.bytes);
    const etag = whole.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+"$/);

    const part = await fileBytes(srv, rec.id, file.name, { Range: 'bytes=4-11' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 4-11/${file.bytes}`);
    assert.deepEqual(part.body, whole.body.subarray(4, 12));
    const tail = await fileBytes(srv, rec.id, file.name, { Range: 'bytes=-100' });
    assert.deepEqual(tail.body, whole.body.subarray(whole.body.length - 100));
    const beyond = await fileBytes(srv, rec.id, file.name, { Range: `bytes=${file.bytes}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), `bytes */${file.bytes}`);
    assert.equal((await fileBytes(srv, rec.id, file.name, { 'If-None-Match': etag })).status, 304);
    const stale = await fileBytes(srv, rec.id, file.name, { Range: 'bytes=0-3', 'If-Range': '"other"' });
    assert.equal(stale.status, 200, 'If-Range with another ETag gets the whole file');

    const head = splitHttp((await curl(['-I', '-H', `Authorization: Bearer ${writeToken()}`,
      `${srv.base}/api/audio/recordings/${rec.id}/files/${file.name}`])).stdout);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(file.bytes));

    const sidecar = await fileBytes(srv, rec.id, `${file.name}.json`);
    assert.equal(sidecar.status, 200);
    const meta = JSON.parse(sidecar.body.toString());
    assert.equal(meta.first_frame, file.first_frame);
    assert.equal(meta.last_frame, file.last_frame);
    assert.equal(meta.source, 'simulated');
    assert.match(meta.config_digest, /^sha256:[0-9a-f]{64}$/);
    assert.match(meta.software, /^acoustream \d/);

    assert.equal((await fileBytes(srv, rec.id, 'recording.json')).status, 404);
    assert.equal((await fileBytes(srv, rec.id, '..%2Frecording.json')).status, 404);
    assert.equal((await api(srv, 'GET', '/nope')).json.error, 'no_recording');
    assert.equal((await api(srv, 'DELETE', `/${rec.id}`, { token: readToken() })).status, 403);
    const deleted = await api(srv, 'DELETE', `/${rec.id}`);
    assert.equal(deleted.status, 204);
    assert.equal((await api(srv, 'GET', `/${rec.id}`)).status, 404);
    assert.equal((await api(srv, 'DELETE', `/${rec.id}`)).status, 404);
  } finally {
    await srv.stop();
  }
});

test('bad requests name their cause', async () => {
  const srv = await launch(quiet);
  try {
    const cases = [
      [{ body: 'not json' }, 400, 'invalid_body'],
      [{ body: '[1]' }, 400, 'invalid_body'],
      [{ body: { format: 'mp3' } }, 400, 'invalid_body'],
      [{ body: { label: 7 } }, 400, 'invalid_body'],
      [{ body: { label: 'x'.repeat(201) } }, 400, 'invalid_body'],
      [{ body: { label: 'a\nb' } }, 400, 'invalid_body'],
      [{ body: { lable: 'typo' } }, 400, 'invalid_body'],
      [{ body: 'label=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
      [{ body: 'x'.repeat(70000) }, 413, 'payload_too_large'],
    ];
    for (const [opts, status, error] of cases) {
      const r = await api(srv, 'POST', '', opts);
      assert.equal(r.status, status, `${JSON.stringify(opts).slice(0, 80)}: ${r.text}`);
      assert.equal(r.json.error, error);
      assert.ok(r.json.error_description.length > 0);
    }
    assert.match((await api(srv, 'POST', '', { body: { lable: 'typo' } })).json.error_description, /lable/);
    const put = await api(srv, 'PUT', '');
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
    const getStop = await api(srv, 'GET', '/x/stop');
    assert.equal(getStop.status, 405);
    assert.equal(getStop.headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await api(srv, 'GET', '/x/y/z')).status, 404);
    // Nothing was started by any of them.
    assert.deepEqual((await api(srv, 'GET', '')).json.recordings, []);
  } finally {
    await srv.stop();
  }
});

test('a wav recording of a float32 file is bit-exact with it over rotated files, and the end of the file finishes it', async () => {
  const dir = tempDir('acoustream-recwav-');
  const rate = 8000;
  const n = 35 * 800;  // 35 frames of 800 samples, 3.5 s
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < n; i++) { a[i] = (rnd() * 2 - 1) * 0.9; b[i] = Math.fround(Math.sin(i / 7) * 1e-3); }
  a[5] = -0; a[6] = 1e-40; a[7] = 3.4e38;  // signed zero, a subnormal, a huge value: kept as they are
  const src = join(dir, 'source.wav');
  writeFloatWav(src, rate, a, b);
  const srv = await launch({
    ...quiet,
    acquisition: { source: 'file', file: { path: src, loop: false, realtime: true }, frame_size: 800 },
    recording: { format: 'wav', rotate_secs: 1, autostart: true },
  });
  try {
    const list = await api(srv, 'GET', '');
    const id = list.json.recordings[0].id;
    const rec = await waitForRecording(srv, id, (r) => r.state !== 'recording', 'the end of the file', 30000);
    assert.equal(rec.state, 'finished');
    assert.equal(rec.frames, 35);
    assert.equal(rec.first_frame, 0);
    assert.equal(rec.last_frame, 34);
    assert.equal(rec.files.length, 4);
    let next = 0;
    const got = [];
    for (const f of rec.files) {
      assert.equal(f.first_frame, next, `${f.name} starts where the previous one ended`);
      assert.equal(f.frames, f.last_frame - f.first_frame + 1);
      next = f.last_frame + 1;
      const dl = await fileBytes(srv, id, f.name);
      const path = join(dir, f.name);
      writeFileSync(path, dl.body);
      const { header, samples } = readFloatWav(path);
      assert.equal(header.rate, rate);
      assert.equal(header.channels, 2);
      assert.equal(samples.length, f.samples * 2, `${f.name}: the header declares every sample`);
      got.push(samples);
    }
    assert.equal(next, 35);
    const all = new Float32Array(got.reduce((k, s) => k + s.length, 0));
    let at = 0;
    for (const s of got) { all.set(s, at); at += s.length; }
    const want = readFloatWav(src).samples;
    assert.equal(all.length, want.length);
    assert.ok(Buffer.from(all.buffer).equals(Buffer.from(want.buffer)), 'bit-exact');
  } finally {
    await srv.stop();
  }
});

test('a flac recording of a 16-bit file decodes with sox to the same samples', async () => {
  const dir = tempDir('acoustream-recflac-');
  const rate = 8000;
  const n = 20 * 800;
  const a = new Int16Array(n);
  const b = new Int16Array(n);
  for (let i = 0; i < n; i++) { a[i] = ((i * 7919) % 65536) - 32768; b[i] = Math.round(Math.sin(i / 5) * 20000); }
  a[0] = 32767; a[1] = -32768;
  const src = join(dir, 'source.wav');
  writeWav(src, { sampleRate: rate, channels: [a, b] });
  const srv = await launch({
    ...quiet,
    acquisition: { source: 'file', file: { path: src, loop: false }, frame_size: 800 },
    recording: { autostart: true },
  });
  try {
    const id = (await api(srv, 'GET', '')).json.recordings[0].id;
    const rec = await waitForRecording(srv, id, (r) => r.state !== 'recording', 'the end of the file', 30000);
    assert.equal(rec.state, 'finished');
    assert.equal(rec.format, 'flac');
    assert.equal(rec.files.length, 1);
    const dl = await fileBytes(srv, id, rec.files[0].name);
    assert.equal(dl.headers.get('content-type'), 'audio/flac');
    const path = join(dir, rec.files[0].name);
    writeFileSync(path, dl.body);
    const decoded = soxInt16(path);
    const want = soxInt16(src);
    assert.equal(decoded.length, want.length);
    let differ = 0;
    for (let i = 0; i < want.length; i++) if (decoded[i] !== want[i]) differ++;
    assert.equal(differ, 0, `${differ} of ${want.length} samples differ`);
  } finally {
    await srv.stop();
  }
});

test('/healthz and /metrics report the recorder', async () => {
  const srv = await launch(quiet);
  try {
    const rec = (await api(srv, 'POST', '')).json;
    const health = await (await fetch(`${srv.base}/healthz`)).json();
    assert.deepEqual(health.recorder, { state: 'recording', recording: rec.id });
    await waitForRecording(srv, rec.id, (r) => r.frames >= 10, '10 frames');
    const metrics = await (await fetch(`${srv.base}/metrics`)).text();
    assert.match(metrics, /^acoustream_recording_active 1$/m);
    assert.match(metrics, /^acoustream_recording_frames_lost_total 0$/m);
    const written = Number(metrics.match(/^acoustream_recording_frames_written_total (\d+)$/m)[1]);
    assert.ok(written >= 10, metrics);
    await api(srv, 'POST', `/${rec.id}/stop`);
    const after = await (await fetch(`${srv.base}/healthz`)).json();
    assert.deepEqual(after.recorder, { state: 'idle' });
    assert.equal(after.status, 'ok');
  } finally {
    await srv.stop();
  }
});

test('the token printed at start may record; acoustream token --scope mints either', async () => {
  const srv = await launch({ auth: { hmac_secret: null }, ...quiet });
  try {
    const payload = JSON.parse(Buffer.from(srv.token.split('.')[1], 'base64url').toString());
    assert.equal(payload.scope, 'read:api write:api');
    const r = await api(srv, 'POST', '', { token: srv.token });
    assert.equal(r.status, 201, r.text);
  } finally {
    await srv.stop();
  }
  for (const scope of ['read:api', 'read:api write:api']) {
    const out = execFileSync(binaryPath(), ['token', '--sub', 'lab', '--scope', scope],
      { env: { ...process.env, ACOUSTREAM_JWT_SECRET: SECRET } }).toString().trim();
    assert.equal(JSON.parse(Buffer.from(out.split('.')[1], 'base64url').toString()).scope, scope);
  }
});
