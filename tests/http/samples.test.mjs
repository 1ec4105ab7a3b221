// Samples as typed parsers read them: Python's json and numpy (Debian's
// /usr/bin/python3 and python3-numpy, not a python3 earlier on PATH) against the real server, on a silent source
// whose samples are all +0 and -0, the values such parsers misread when a
// float is written like an integer ("0", "-0").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { launch, makeToken, getJson, until } from './helpers.mjs';

const SCRIPT = join(import.meta.dirname, 'py', 'typed_parse.py');

let srv;
before(async () => {
  srv = await launch({ acquisition: { target_fps: 20, simulated: { amplitude: 0, noise_amplitude: 0 } } });
  await until(async () => (await getJson(srv, '/api/audio/stream/latest', { token: makeToken() })).status === 200, 15000, 'a first frame');
});
after(async () => { await srv.stop(); });

function python(args) {
  return new Promise((resolve) => {
    execFile('/usr/bin/python3', args, { timeout: 60000 }, (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}

test('Python json and numpy read every sample of a silent frame as a float, bit-exact, signs of zero kept', async () => {
  const r = await python([SCRIPT, srv.base, makeToken()]);
  assert.equal(r.stderr, '', 'no Python error');
  const summary = JSON.parse(r.stdout);
  assert.deepEqual(summary.problems, [], r.stdout);
  assert.equal(r.code, 0);
  // The silent source writes negative zeros; without them the test proves nothing.
  assert.ok(summary.negative_zeros > 0, `negative zeros in the frame: ${summary.negative_zeros}`);
});
