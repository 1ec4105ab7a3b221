// Unit tests of the dashboard's DOM-free modules (run in Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { amplitudeToDb, DB_FLOOR, findPeak, findRisingEdge, median, toDb } from '../../web/dashboard/signal.mjs';
import { probeToken, tokenSyntaxProblem } from '../../web/dashboard/token.mjs';

// Single-sided amplitude spectrum (Hann window, scaled so a sine of amplitude A
// reads A at its bin), computed by direct DFT over bins [k0, k1).
function hannSpectrum(signal, sampleRate, k0, k1) {
  const n = signal.length;
  const w = Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  const gain = w.reduce((s, v) => s + v, 0);
  const frequencies = [];
  const magnitudes = [];
  for (let k = k0; k < k1; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const phase = (2 * Math.PI * k * i) / n;
      re += signal[i] * w[i] * Math.cos(phase);
      im -= signal[i] * w[i] * Math.sin(phase);
    }
    frequencies.push((k * sampleRate) / n);
    magnitudes.push((2 * Math.hypot(re, im)) / gain);
  }
  return { frequencies, magnitudes };
}

test('parabolic peak fit recovers a tone between two bins', () => {
  const rate = 48000;
  const n = 4096;
  const sine = Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 2000 * i) / rate));
  const { frequencies, magnitudes } = hannSpectrum(sine, rate, 160, 182);
  const db = toDb(magnitudes);
  const coarse = frequencies[db.indexOf(Math.max(...db))];
  assert.ok(Math.abs(coarse - 2000) > 3, `2000 Hz must fall between bins (nearest bin ${coarse})`);
  const peak = findPeak(frequencies, db);
  assert.ok(Math.abs(peak.frequency - 2000) < 0.5, `peak at ${peak.frequency} Hz`);
  assert.ok(Math.abs(peak.amplitude - 0.5) < 0.01, `amplitude ${peak.amplitude}`);
  assert.ok(Math.abs(peak.db - amplitudeToDb(0.5)) < 0.2, `level ${peak.db} dBFS`);
});

test('findPeak skips bins below minFrequency and handles edges', () => {
  const f = [0, 10, 20, 30, 40];
  const db = [0, -50, -40, -30, -60];
  assert.equal(findPeak(f, db).index, 0);
  const p = findPeak(f, db, { minFrequency: 15 });
  assert.equal(p.index, 3);
  assert.ok(p.frequency < 30 && p.frequency > 20, `interpolated toward the louder neighbour: ${p.frequency}`);
  assert.equal(findPeak([], []), null);
  assert.equal(findPeak(f, db, { minFrequency: 100 }), null);
  const last = findPeak([0, 10, 20], [-30, -20, -10]);
  assert.deepEqual([last.index, last.frequency, last.db], [2, 20, -10]);
});

test('dB conversion floors silence', () => {
  assert.equal(amplitudeToDb(1), 0);
  assert.ok(Math.abs(amplitudeToDb(0.5) + 6.0206) < 1e-3);
  assert.equal(amplitudeToDb(0), DB_FLOOR);
  assert.equal(amplitudeToDb(-1), DB_FLOOR);
  assert.equal(amplitudeToDb(1e-12), DB_FLOOR);
});

test('rising-edge trigger ignores noise around the level', () => {
  const s = [0.01, -0.01, 0.01, -0.5, -0.2, 0.3, 0.6, -0.4, 0.2];
  assert.equal(findRisingEdge(s), 5);
  assert.equal(findRisingEdge(s, { maxStart: 4 }), null);
  assert.equal(findRisingEdge([0.01, -0.01, 0.015, -0.005]), null);
  assert.equal(findRisingEdge(s, { level: 0.5 }), 6);
});

test('median', () => {
  assert.equal(median([]), null);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('token syntax is checked before any request', async () => {
  assert.match(tokenSyntaxProblem(''), /empty/);
  assert.match(tokenSyntaxProblem('a b'), /spaces/);
  assert.match(tokenSyntaxProblem('é'), /non-ASCII/);
  assert.equal(tokenSyntaxProblem('aaa.bbb.ccc'), null);
  let called = false;
  const verdict = await probeToken('bad token', async () => { called = true; });
  assert.equal(called, false);
  assert.equal(verdict.kind, 'rejected');
});

test('probeToken classifies the server answers', async () => {
  const answer = (status, body) => async (url, init) => {
    // The query token, as the EventSource sends it (works behind a proxy's Basic login).
    assert.equal(url, 'api/audio/stream/stats?access_token=t.o.k');
    assert.equal(init.headers?.Authorization, undefined);
    return { status, ok: status < 300, statusText: `S${status}`, json: async () => body };
  };
  const ok = await probeToken('t.o.k', answer(200, { total_frames: 5 }));
  assert.deepEqual(ok, { kind: 'ok', stats: { total_frames: 5 } });
  const expired = await probeToken('t.o.k', answer(401, { error: 'invalid_token', error_description: 'token expired' }));
  assert.deepEqual(expired, { kind: 'rejected', status: 401, error: 'invalid_token', message: 'token expired' });
  const scope = await probeToken('t.o.k', answer(403, { error: 'insufficient_scope', error_description: 'needs read:api' }));
  assert.equal(scope.status, 403);
  assert.equal(scope.error, 'insufficient_scope');
  const down = await probeToken('t.o.k', answer(503, { error: 'x', error_description: 'busy' }));
  assert.deepEqual(down, { kind: 'http', status: 503, message: 'busy' });
  const offline = await probeToken('t.o.k', async () => { throw new TypeError('fetch failed'); });
  assert.equal(offline.kind, 'network');
  assert.match(offline.message, /fetch failed/);
});

test('recordings panel: sizes and elapsed times as the panel shows them', async () => {
  const { formatBytes, formatElapsed } = await import('../../web/dashboard/recordings.mjs');
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1234567), '1.2 MB');
  assert.equal(formatBytes(23e9), '23.0 GB');
  assert.equal(formatElapsed(0), '00:00:00');
  assert.equal(formatElapsed(3723999), '01:02:03');
  assert.equal(formatElapsed(-5), '00:00:00');
});

test('frames: audio channels decode from JSON, f32 and i16 base64', async () => {
  const { decodeAudio, decodeChannel } = await import('../../web/dashboard/frames.mjs');
  const samples = [0, 0.5, -0.5, 1, -1];
  const f32 = Buffer.from(Float32Array.from(samples).buffer).toString('base64');
  const i16 = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => i16.writeInt16LE(Math.round(v * 32767), i * 2));
  assert.deepEqual([...decodeChannel(samples)], samples);
  assert.deepEqual([...decodeChannel(f32, 'f32')], samples);
  const fromI16 = [...decodeChannel(i16.toString('base64'), 'i16')];
  fromI16.forEach((v, i) => assert.ok(Math.abs(v - samples[i]) <= 1 / 32767, `${v} vs ${samples[i]}`));
  assert.throws(() => decodeChannel(f32, 'u8'), /unknown channels_raw_type "u8"/);
  const frame = decodeAudio({ channel_a: f32, channel_b: f32, channels_raw_type: 'f32', sample_rate: 48000 });
  assert.equal(frame.sample_rate, 48000);
  assert.ok(frame.channel_b instanceof Float32Array);
});

test('frames: both spectral formats give the same frequency axis and dB', async () => {
  const { decodeSpectrum } = await import('../../web/dashboard/frames.mjs');
  const full = decodeSpectrum({
    frequencies: [100, 110, 120], magnitude_a: [1, 0.1, 0], magnitude_b: [0.01, 1, 1], sample_rate: 48000,
  });
  const cache = {};
  const compact = decodeSpectrum({
    bin_hz: 10, first_bin: 10, magnitude_db_a: [0, -20, -200], magnitude_db_b: [-40, 0, 0], sample_rate: 48000,
  }, cache);
  assert.deepEqual([...compact.frequencies], [...full.frequencies]);
  assert.deepEqual([...compact.db_a], [...full.db_a]);
  assert.deepEqual([...compact.db_b].map((v) => +v.toFixed(3)), [...full.db_b].map((v) => +v.toFixed(3)));
  assert.equal(compact.db_a[2], DB_FLOOR, 'the -200 dB floor reads as the dashboard floor');
  const again = decodeSpectrum({ bin_hz: 10, first_bin: 10, magnitude_db_a: [1, 2, 3], magnitude_db_b: [1, 2, 3] }, cache);
  assert.equal(again.frequencies, compact.frequencies, 'the axis is reused while bins stay the same');
  const withNull = decodeSpectrum({ bin_hz: 10, first_bin: 0, magnitude_db_a: [null, -3], magnitude_db_b: [-3, null] });
  assert.deepEqual([...withNull.db_a], [DB_FLOOR, -3], 'a non-finite (null) bin reads as the floor, not as 0 dBFS');
});
