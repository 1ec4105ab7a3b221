// `cmake --install` into a fresh root (DESTDIR), then the installed binary run
// from outside the source tree: the FHS layout is complete, the dashboard and
// docs load from the installed assets (a marker written into the installed
// copies shows on the wire, so nothing comes from the checkout), the example
// configuration checks, and the systemd unit passes systemd-analyze verify.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { binaryPath, startServer, tempDir } from '../node/server.mjs';

const root = tempDir('acoustream-destdir-');
const prefix = join(root, 'usr');
const installed = join(prefix, 'bin', 'acoustream');
const share = join(prefix, 'share', 'acoustream');
let server;

before(() => {
  // The binary under test was built in its preset's build directory.
  const build = dirname(binaryPath());
  execFileSync('cmake', ['--install', build, '--prefix', '/usr'], { env: { ...process.env, DESTDIR: root }, stdio: 'pipe' });
});

after(async () => {
  if (server) await server.stop();
});

test('the FHS layout: binary, assets, example config, unit, docs', () => {
  for (const f of [
    'bin/acoustream',
    'share/acoustream/web/dashboard/index.html',
    'share/acoustream/web/dashboard/app.mjs',
    'share/acoustream/vendor/uplot/dist/uPlot.iife.min.js',
    'share/acoustream/vendor/uplot/dist/uPlot.min.css',
    'share/acoustream/vendor/rapidoc/dist/rapidoc-min.js',
    'share/acoustream/config.example.yaml',
    'lib/systemd/system/acoustream.service',
    'share/doc/acoustream/deploy.md',
  ]) assert.ok(existsSync(join(prefix, f)), `${f} is installed`);
  const check = spawnSync(installed, ['check-config', join(share, 'config.example.yaml')], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

test('the installed binary serves the installed assets, from outside the checkout', async () => {
  const marker = `installed-copy-${Date.now()}`;
  appendFileSync(join(share, 'web', 'dashboard', 'index.html'), `<!-- ${marker} -->\n`);
  appendFileSync(join(share, 'vendor', 'uplot', 'dist', 'uPlot.min.css'), `/* ${marker} */\n`);
  server = await startServer({ binary: installed, cwd: tempDir('acoustream-cwd-'), args: ['--source', 'simulated'] });
  const get = async (path) => {
    const r = await fetch(`${server.base}${path}`);
    return { status: r.status, text: await r.text() };
  };
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(marker), 'the dashboard page is the installed copy');
  assert.ok((await get('/vendor/uPlot.min.css')).text.includes(marker), 'vendor files are the installed copies');
  for (const path of ['/dashboard/app.mjs', '/vendor/uPlot.iife.min.js', '/api/doc/', '/api/doc/rapidoc-min.js', '/api/openapi.json'])
    assert.equal((await get(path)).status, 200, path);
  const latest = await fetch(`${server.base}/api/audio/stream/latest`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(latest.status, 200, 'it streams');
});

test('the systemd unit is hardened and passes systemd-analyze verify', () => {
  const unit = readFileSync(join(prefix, 'lib/systemd/system/acoustream.service'), 'utf8');
  for (const line of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'StateDirectory=acoustream', 'AmbientCapabilities=', 'User=acoustream'])
    assert.ok(unit.split('\n').includes(line), `${line} in the unit`);
  // verify checks that ExecStart's binary exists: point it at the installed one.
  const copy = join(tempDir('acoustream-unit-'), 'acoustream.service');
  writeFileSync(copy, unit.replace('ExecStart=/usr/bin/acoustream', `ExecStart=${installed}`));
  const verify = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  assert.equal(verify.status, 0, `systemd-analyze verify: ${verify.stderr}${verify.stdout}`);
});
