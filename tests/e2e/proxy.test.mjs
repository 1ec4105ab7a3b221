// The server behind real reverse proxies at a sub-path, /acoustream/, as labs
// deploy it, with the configurations docs/deploy.md gives: nginx (Debian
// nginx-light) — the dashboard goes live in headless Chromium there, the docs
// page renders its document, the /api/doc redirect stays under the prefix,
// and behind nginx's HTTP Basic login the dashboard still connects (its token
// travels as ?access_token=) — then HAProxy and Caddy (Debian haproxy,
// caddy), where the dashboard must go live the same way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { startServer, tempDir } from '../node/server.mjs';

const NGINX = '/usr/sbin/nginx';
const HAPROXY = '/usr/sbin/haproxy';
const CADDY = '/usr/bin/caddy';
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// user "lab", password "pa55" ({PLAIN} is nginx's unhashed form, fine for a test).
const HTPASSWD = 'lab:{PLAIN}pa55\n';

let server;
let proxy;
let browser;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// nginx in the foreground in a temporary prefix, proxying /acoustream/ (and
// /basic/acoustream/ behind auth_basic) to the server: what docs/deploy.md says.
async function startNginx(upstreamPort) {
  const dir = tempDir('acoustream-nginx-');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
  const port = await freePort();
  const location = (prefix, extra = '') => `
    location ${prefix} {
      ${extra}
      proxy_pass http://127.0.0.1:${upstreamPort}/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
      proxy_read_timeout 1h;
    }`;
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location = /acoustream { return 308 /acoustream/; }
    ${location('/acoustream/')}
    ${location('/basic/acoustream/', `auth_basic "lab"; auth_basic_user_file ${dir}/htpasswd;`)}
  }
}
`);
  const proc = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/acoustream/healthz`);
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
    },
  };
}

// Starts `argv` and waits until GET base + /acoustream/healthz answers 200.
async function startProxy(name, argv, port, env = {}) {
  const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const deadline = Date.now() + 15000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/acoustream/healthz`);
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
    },
  };
}

// HAProxy: strip the prefix, keep streams open (timeout tunnel/server), no
// compression filter.
async function startHaproxy(upstreamPort) {
  const dir = tempDir('acoustream-haproxy-');
  const port = await freePort();
  writeFileSync(join(dir, 'haproxy.cfg'), `
global
  log stderr format raw local0 warning
defaults
  mode http
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  option forwardfor
frontend web
  bind 127.0.0.1:${port}
  # ACLs are evaluated when used, after set-path: route with default_backend.
  http-request redirect location /acoustream/ code 308 if { path /acoustream }
  http-request deny deny_status 404 unless { path_beg /acoustream/ }
  http-request set-path %[path,regsub(^/acoustream/,/)]
  default_backend acoustream
backend acoustream
  server local 127.0.0.1:${upstreamPort}
`);
  return startProxy('haproxy', [HAPROXY, '-db', '-f', join(dir, 'haproxy.cfg')], port);
}

// Caddy: handle_path strips the prefix; flush_interval -1 writes every event
// through at once (Caddy also does so by itself for text/event-stream).
async function startCaddy(upstreamPort) {
  const dir = tempDir('acoustream-caddy-');
  const port = await freePort();
  writeFileSync(join(dir, 'Caddyfile'), `{
  admin off
  auto_https off
}
http://127.0.0.1:${port} {
  redir /acoustream /acoustream/ 308
  handle_path /acoustream/* {
    reverse_proxy 127.0.0.1:${upstreamPort} {
      flush_interval -1
    }
  }
}
`);
  return startProxy('caddy', [CADDY, 'run', '--adapter', 'caddyfile', '--config', join(dir, 'Caddyfile')], port,
    { HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir });
}

before(async () => {
  assert.ok(existsSync(NGINX), 'nginx-light is installed (scripts/install-deps.sh)');
  server = await startServer({ args: ['--source', 'simulated'] });
  proxy = await startNginx(server.port);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close();
  if (proxy) await proxy.stop();
  if (server) await server.stop();
});

async function withPage(options, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const log = { requests: [], responses: [], errors: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('response', (r) => log.responses.push({ url: r.url(), status: r.status() }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  try {
    await body(page, log);
  } finally {
    await context.close();
  }
  assert.deepEqual(log.errors, [], 'no uncaught page errors');
  return log;
}

function assertUnderPrefix(log, prefix) {
  const outside = log.requests.filter((u) => !u.startsWith('data:') && !new URL(u).pathname.startsWith(prefix));
  assert.deepEqual(outside, [], `every request stays under ${prefix}`);
  const failed = log.responses.filter((r) => r.status >= 400);
  assert.deepEqual(failed, [], 'no request failed');
}

const live = (page) => page.waitForFunction(() => document.getElementById('status').textContent === 'live', null, { timeout: 15000 });
const peak = (page) => page.waitForFunction(() => document.getElementById('peak-frequency').textContent.endsWith('Hz'), null, { timeout: 15000 });

test('the dashboard is styled and live at /acoustream/', async () => {
  const log = await withPage({}, async (page) => {
    await page.goto(`${proxy.base}/acoustream/?token=${server.token}`);
    await live(page);
    await peak(page);
    const peakHz = parseFloat(await page.locator('#peak-frequency').textContent());
    assert.ok(Math.abs(peakHz - 2000) < 15, `peak ${peakHz} Hz`);
    // The stylesheet applied: the status pill is not the browser's default inline text.
    const display = await page.locator('#status').evaluate((el) => getComputedStyle(el).display);
    assert.notEqual(display, 'inline', 'dashboard.css is loaded');
  });
  assertUnderPrefix(log, '/acoustream/');
  assert.ok(log.requests.some((u) => u.includes('/acoustream/api/audio/stream/events?')), 'streams through the proxy');
});

test('the docs page renders under the prefix, and /api/doc redirects inside it', async () => {
  const bare = await fetch(`${proxy.base}/acoustream`, { redirect: 'manual' });
  assert.equal(bare.status, 308);
  assert.equal(new URL(bare.headers.get('location'), proxy.base).pathname, '/acoustream/');
  const redirect = await fetch(`${proxy.base}/acoustream/api/doc`, { redirect: 'manual' });
  assert.equal(redirect.status, 308);
  assert.equal(new URL(redirect.headers.get('location'), `${proxy.base}/acoustream/api/doc`).pathname, '/acoustream/api/doc/');
  const log = await withPage({}, async (page) => {
    await page.goto(`${proxy.base}/acoustream/api/doc`);
    assert.equal(new URL(page.url()).pathname, '/acoustream/api/doc/');
    await page.locator('rapi-doc').getByText('/api/audio/stream/stats', { exact: false }).first()
      .waitFor({ state: 'attached', timeout: 15000 });
  });
  assertUnderPrefix(log, '/acoustream/');
  assert.ok(log.responses.some((r) => r.url.endsWith('/acoustream/api/openapi.json') && r.status === 200), 'the document came through the proxy');
});

test('behind nginx auth_basic the dashboard still connects with its query token', async () => {
  const denied = await fetch(`${proxy.base}/basic/acoustream/`);
  assert.equal(denied.status, 401, 'the proxy asks for its login');
  const log = await withPage({ httpCredentials: { username: 'lab', password: 'pa55' } }, async (page) => {
    await page.goto(`${proxy.base}/basic/acoustream/?token=${server.token}`);
    await live(page);
    await peak(page);
  });
  assertUnderPrefix(log, '/basic/acoustream/');
});

for (const [name, binary, start] of [['HAProxy', HAPROXY, startHaproxy], ['Caddy', CADDY, startCaddy]]) {
  test(`behind ${name} at /acoustream/ the dashboard is live and the docs page renders`, async () => {
    assert.ok(existsSync(binary), `${binary} is installed (scripts/install-deps.sh)`);
    const other = await start(server.port);
    try {
      const log = await withPage({}, async (page) => {
        await page.goto(`${other.base}/acoustream/?token=${server.token}`);
        await live(page);
        await peak(page);
      });
      assertUnderPrefix(log, '/acoustream/');
      const docs = await withPage({}, async (page) => {
        await page.goto(`${other.base}/acoustream/api/doc`);
        assert.equal(new URL(page.url()).pathname, '/acoustream/api/doc/');
        await page.locator('rapi-doc').getByText('/api/audio/stream/stats', { exact: false }).first()
          .waitFor({ state: 'attached', timeout: 15000 });
      });
      assertUnderPrefix(docs, '/acoustream/');
      // Events arrive as they are sent, not in proxy-sized batches.
      const res = await fetch(`${other.base}/acoustream/api/audio/stream/audio?decimate=400&access_token=${server.token}`);
      const reader = res.body.getReader();
      const arrivals = [];
      const t0 = Date.now();
      while (arrivals.length < 12 && Date.now() - t0 < 10000) {
        const { value, done } = await reader.read();
        if (done) break;
        const text = new TextDecoder().decode(value);
        for (let i = 0; i < (text.match(/\n\n/g) ?? []).length; i++) arrivals.push(Date.now());
      }
      await reader.cancel();
      assert.ok(arrivals.length >= 12, `${arrivals.length} events through ${name}`);
      const distinct = new Set(arrivals.map((t) => Math.round(t / 20))).size;
      assert.ok(distinct >= 8, `events arrive one by one (${distinct} distinct arrival times of ${arrivals.length})`);
    } finally {
      await other.stop();
    }
  });
}
