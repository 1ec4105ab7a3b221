// The recorder against real disk trouble, through the real binary: a stall
// longer than its queue (frozen ext4), a full disk (small tmpfs), kill -9 and
// SIGTERM. Nothing may be lost silently, and streaming must not notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { launch, sleep, tempDir } from './helpers.mjs';
import { api, waitForRecording, wavHeader, soxInt16 } from './recording-helpers.mjs';
import { canMount, loopExt4, smallTmpfs } from './disk-fixtures.mjs';

const skip = canMount() ? false : 'needs root to mount a loop ext4 image and a tmpfs';
const quiet = { logging: { level: 'warn' } };
const BYTES_PER_SECOND = 48000 * 2 * 4;  // float WAV, 48 kHz stereo

async function totalFrames(srv) {
  return (await (await fetch(`${srv.base}/healthz`)).json()).total_frames;
}

// Every frame from first to last is either in a file or in a gap, once.
function assertAccounted(rec) {
  const skipped = rec.gaps.reduce((k, g) => k + g.skipped, 0);
  assert.equal(skipped, rec.frames_lost, 'gaps sum to frames_lost');
  assert.equal(rec.frames + rec.frames_lost, rec.last_frame - rec.first_frame + 1, 'written + lost = span');
  assert.equal(rec.files.reduce((k, f) => k + f.frames, 0), rec.frames);
  for (const f of rec.files) assert.equal(f.frames, f.last_frame - f.first_frame + 1, `${f.name} is contiguous`);
  for (let i = 1; i < rec.files.length; i++) {
    const gap = rec.gaps.find((g) => g.after_frame === rec.files[i - 1].last_frame);
    assert.equal(rec.files[i].first_frame, rec.files[i - 1].last_frame + 1 + (gap ? gap.skipped : 0),
      `${rec.files[i].name} follows ${rec.files[i - 1].name} or its gap`);
  }
}

test('a disk stall longer than the queue shows as gaps with exact counts; streaming goes on', { skip }, async (t) => {
  const disk = loopExt4();
  const srv = await launch({ ...quiet, recording: { directory: join(disk.path, 'rec'), format: 'wav', queue_secs: 0.5 } });
  try {
    const rec = (await api(srv, 'POST', '')).json;
    await waitForRecording(srv, rec.id, (r) => r.frames >= 20, '20 frames before the stall');
    const before = await totalFrames(srv);
    disk.freeze();
    await sleep(3000);  // six times the queue
    const during = await totalFrames(srv);
    assert.ok(during - before >= 60, `acquisition went on while the disk was frozen (${during - before} frames)`);
    disk.thaw();
    await waitForRecording(srv, rec.id, (r) => r.gaps.length > 0 && r.frames > 0, 'the gap reported', 10000);
    await sleep(1000);
    const done = (await api(srv, 'POST', `/${rec.id}/stop`)).json;
    assert.equal(done.state, 'finished', JSON.stringify(done));
    assert.ok(done.frames_lost >= 40, `frames lost: ${done.frames_lost}`);
    assert.equal(done.gaps[0].cause, 'queue_full');
    assertAccounted(done);
    t.diagnostic(`frames ${done.frames}, lost ${done.frames_lost}, gaps ${JSON.stringify(done.gaps)}, files ${done.files.length}`);
    const metrics = await (await fetch(`${srv.base}/metrics`)).text();
    assert.match(metrics, new RegExp(`^acoustream_recording_frames_lost_total ${done.frames_lost}$`, 'm'));
    assert.match(srv.stderr, /frame\(s\) lost after frame/);
    for (const f of done.files) {
      const h = wavHeader(readFileSync(join(disk.path, 'rec', rec.id, f.name)));
      assert.equal(h.dataBytes, f.samples * 8, `${f.name}: the header declares every sample written`);
      const side = JSON.parse(readFileSync(join(disk.path, 'rec', rec.id, `${f.name}.json`)));
      assert.equal(side.frames, f.frames);
    }
  } finally {
    disk.thaw();
    await srv.stop();
    disk.remove();
  }
});

test('a full disk fails the recording with its cause, keeps the partial file readable, and streaming goes on', { skip }, async (t) => {
  const disk = smallTmpfs('1m');
  const srv = await launch({ ...quiet, recording: { directory: join(disk.path, 'rec'), format: 'wav' } });
  try {
    const rec = (await api(srv, 'POST', '')).json;
    const failed = await waitForRecording(srv, rec.id, (r) => r.state !== 'recording', 'the disk to fill', 15000);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error, /No space left on device/);
    t.diagnostic(`error: ${failed.error}`);
    assert.ok(failed.stopped_at >= failed.started_at);
    const health = await (await fetch(`${srv.base}/healthz`)).json();
    assert.equal(health.status, 'ok', 'a failed recording does not make acquisition unhealthy');
    assert.equal(health.recorder.state, 'failed');
    assert.match(health.recorder.error, /No space left on device/);
    const metrics = await (await fetch(`${srv.base}/metrics`)).text();
    assert.match(metrics, /^acoustream_recording_failed 1$/m);
    assert.match(metrics, /^acoustream_recording_failures_total 1$/m);
    const file = failed.files[0];
    const buf = readFileSync(join(disk.path, 'rec', rec.id, file.name));
    const h = wavHeader(buf);
    assert.ok(h.dataBytes > 100000 && h.dataOffset + h.dataBytes <= buf.length, `partial file declares ${h.dataBytes} bytes of ${buf.length}`);
    const before = await totalFrames(srv);
    await sleep(500);
    assert.ok(await totalFrames(srv) > before, 'frames still flow');
  } finally {
    await srv.stop();
    disk.remove();
  }
});

test('after kill -9 the finished files are complete and the open one readable up to its last second', async () => {
  const dir = join(tempDir('acoustream-kill-'), 'rec');
  for (const format of ['wav', 'flac']) {
    const srv = await launch({ ...quiet, recording: { directory: dir, format, rotate_secs: 1, autostart: true } });
    const id = (await api(srv, 'GET', '')).json.recordings[0].id;
    await waitForRecording(srv, id, (r) => r.files.length >= 3, 'three files');
    await sleep(1300);
    const seen = (await api(srv, 'GET', `/${id}`)).json;
    await srv.stop('SIGKILL');
    const names = readdirSync(join(dir, id)).filter((n) => n.endsWith(`.${format}`)).sort();
    assert.ok(names.length >= 3);
    const open = names[names.length - 1];
    for (const name of names) {
      const path = join(dir, id, name);
      if (format === 'wav') {
        const buf = readFileSync(path);
        const h = wavHeader(buf);
        if (name !== open) assert.equal(h.dataOffset + h.dataBytes, buf.length, `${name} is complete`);
        else assert.ok(h.dataBytes >= buf.length - h.dataOffset - BYTES_PER_SECOND - 16384, `${name}: ${h.dataBytes} of ${buf.length - h.dataOffset} bytes declared`);
      } else {
        const samples = soxInt16(path).length / 2;
        if (name !== open) assert.equal(samples, 48000, `${name} holds one second`);
      }
    }
    const complete = seen.files.filter((f) => f.complete).map((f) => f.name);
    for (const name of complete) assert.ok(names.includes(name));

    // The next start lists it as failed: interrupted.
    const next = await launch({ ...quiet, recording: { directory: dir, format } });
    try {
      const r = (await api(next, 'GET', `/${id}`)).json;
      assert.equal(r.state, 'failed');
      assert.match(r.error, /interrupted/);
      assert.ok(r.files.length >= 3);
    } finally {
      await next.stop();
    }
  }
});

test('SIGTERM finishes the active recording', async () => {
  const dir = join(tempDir('acoustream-term-'), 'rec');
  const srv = await launch({ ...quiet, recording: { directory: dir, format: 'wav', autostart: true } });
  const id = (await api(srv, 'GET', '')).json.recordings[0].id;
  await waitForRecording(srv, id, (r) => r.frames >= 15, '15 frames');
  const stopped = await srv.stop('SIGTERM');
  assert.equal(stopped.code, 0);
  const rec = JSON.parse(readFileSync(join(dir, id, 'recording.json')));
  assert.equal(rec.state, 'finished');
  assert.ok(rec.files.every((f) => f.complete));
  const buf = readFileSync(join(dir, id, rec.files[0].name));
  const h = wavHeader(buf);
  assert.equal(h.dataOffset + h.dataBytes, buf.length);
  assert.equal(h.dataBytes, rec.files[0].samples * 8);
});
