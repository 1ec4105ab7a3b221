// README "Using it" and docs/configuration.md: the command line, configuration errors, stdout/stderr
// contracts, json logging, signals.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import {
  launch, startServer, binaryPath, tempDir, makeToken, getJson, RawSse, toYaml, BASE_CONFIG, SECRET, sleep, nowSecs, until,
  writeWav, assertNoSanitizerReport,
} from './helpers.mjs';

// Runs the binary to completion; { code, signal, stdout, stderr }.
function run(args, { env = {}, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(binaryPath(), args, { env: { ...process.env, ACOUSTREAM_JWT_SECRET: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${args.join(' ')} did not exit in ${timeoutMs} ms\n${stderr}`)); }, timeoutMs);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        assertNoSanitizerReport(stderr, `acoustream ${args.join(' ')}`);
      } catch (err) {
        reject(err);
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function configFile(text) {
  const path = join(tempDir(), 'config.yaml');
  writeFileSync(path, text);
  return path;
}

describe('help, version, usage errors', () => {
  test('--help lists the subcommands', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const sub of ['serve', 'token', 'devices', 'check-config']) assert.match(r.stdout, new RegExp(`\\b${sub}\\b`));
  });

  test('serve --help lists its flags', async () => {
    const r = await run(['serve', '--help']);
    assert.equal(r.code, 0);
    for (const flag of ['--config', '--address', '--port', '--source', '--file', '--log-level']) assert.ok(r.stdout.includes(flag), flag);
  });

  test('--version prints the version', async () => {
    const r = await run(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^acoustream \d+\.\d+\.\d+/);
  });

  test('an unknown flag or bad flag value → exit 2, named on stderr', async () => {
    for (const [args, name] of [[['serve', '--bogus-flag'], '--bogus-flag'], [['serve', '--port', '99999'], '--port'],
      [['serve', '--source', 'tape'], '--source'], [['--nope'], '--nope'], [['frobnicate'], 'frobnicate']]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.includes(name), `${args.join(' ')}: stderr names ${name}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'usage errors go to stderr');
    }
  });
});

describe('configuration errors name the key and the line', () => {
  const cases = [
    ['unknown key', 'server:\n  port: 0\nstreaming:\n  sse_timout_secs: 3\n', 'sse_timout_secs', 4],
    ['wrong type', 'server:\n  address: 127.0.0.1\n  port: eighty\n', 'port', 3],
    ['out of range', 'acquisition:\n  source: simulated\n  sample_rate: 500000\n', 'sample_rate', 3],
    ['bad enum', 'logging:\n  level: info\n  format: xml\n', 'format', 3],
    ['unknown section', 'server:\n  port: 0\nstreamin:\n  x: 1\n', 'streamin', 3],
  ];
  for (const [what, yaml, key, line] of cases) {
    test(`${what}: serve and check-config exit 2 naming ${key} and line ${line}`, async () => {
      const path = configFile(yaml);
      for (const args of [['serve', '--port', '0', '--config', path], ['check-config', path]]) {
        const r = await run(args);
        assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
        assert.ok(r.stderr.includes(key), `${args[0]} names ${key}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`(:${line}(:\\d+)?:|line ${line}\\b)`), `${args[0]} names line ${line}: ${r.stderr}`);
      }
    });
  }

  test('check-config accepts a valid file (exit 0)', async () => {
    const r = await run(['check-config', configFile(toYaml(BASE_CONFIG))]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr + r.stdout, /valid/);
  });

  test('a missing config file → exit 2 naming it', async () => {
    const r = await run(['serve', '--config', '/nonexistent/acoustream.yaml']);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes('/nonexistent/acoustream.yaml'), r.stderr);
  });
});

describe('token subcommand', () => {
  test('token --sub x prints only a JWT, which the server accepts', async () => {
    const env = { ACOUSTREAM_JWT_SECRET: 'env-secret-for-token-test-0123456789' };
    const r = await run(['token', '--sub', 'x'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/, `stdout is only a JWT: ${JSON.stringify(r.stdout)}`);
    const jwt = r.stdout.trim();
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, 'x');
    assert.ok(claims.exp > nowSecs() + 3000 && claims.exp <= nowSecs() + 3601, `default ttl 1h: ${claims.exp}`);
    const srv = await startServer({ env });
    try {
      assert.equal(srv.token, undefined, 'no generated token when a secret is set');
      const ok = await getJson(srv, '/api/audio/stream/stats', { token: jwt });
      assert.equal(ok.status, 200, ok.text);
      const other = await run(['token', '--sub', 'y', '--ttl', '90s', '--scope', 'write:api'], { env });
      const c2 = JSON.parse(Buffer.from(other.stdout.trim().split('.')[1], 'base64url').toString());
      assert.ok(c2.exp - nowSecs() <= 90 && c2.exp - nowSecs() >= 60);
      assert.equal((await getJson(srv, '/api/audio/stream/stats', { token: other.stdout.trim() })).status, 403);
    } finally {
      await srv.stop();
    }
  });

  test('token with a bad --ttl → exit 2 naming the value', async () => {
    const r = await run(['token', '--sub', 'x', '--ttl', '5 weeks'], { env: { ACOUSTREAM_JWT_SECRET: SECRET } });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.ok(r.stderr.includes('5 weeks'), r.stderr);
  });

  test('token without any secret → error on stderr, nothing on stdout', async () => {
    const r = await run(['token', '--sub', 'x']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /secret/i);
  });
});

describe('serve', () => {
  test('listening line on a pipe; with no secret a token and a dashboard URL are printed and work', async () => {
    const srv = await startServer({ args: ['--source', 'simulated'] });
    try {
      assert.match(srv.stdout, /^listening on http:\/\/127\.0\.0\.1:\d+\n/);
      assert.ok(srv.token, 'token: line');
      assert.ok(srv.dashboard.includes(srv.token) && srv.dashboard.startsWith(`http://127.0.0.1:${srv.port}/`), srv.dashboard);
      assert.equal((await getJson(srv, '/api/audio/stream/stats', { token: srv.token })).status, 200);
      assert.equal((await getJson(srv, '/api/audio/stream/stats')).status, 401, 'never unauthenticated');
    } finally {
      await srv.stop();
    }
  });

  test('logging.format json: every stderr line is one JSON object', async () => {
    const srv = await launch({ logging: { format: 'json', level: 'debug' } });
    const t = makeToken();
    await getJson(srv, `/api/audio/stream/stats?access_token=${t}`);
    await getJson(srv, '/api/audio/stream/stats', { token: 'bad' });
    await getJson(srv, '/nope');
    const s = new RawSse(srv.port, '/api/audio/stream/audio?decimate=100', { headers: { Authorization: `Bearer ${t}` } });
    await s.waitFor((x) => x.frames().length >= 2, 10000, 'frames');
    await s.close();
    const r = await srv.stop();
    assert.equal(r.code, 0);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.ok(lines.length >= 3, `some log lines: ${r.stderr}`);
    for (const line of lines) {
      let obj;
      assert.doesNotThrow(() => { obj = JSON.parse(line); }, `not JSON: ${line}`);
      assert.ok(obj && typeof obj === 'object' && !Array.isArray(obj), line);
      assert.equal(typeof obj.message, 'string');
    }
    assert.ok(!r.stderr.includes(t.split('.')[2]), 'query token redacted in json logs too');
  });

  test('flags override the config file; --file implies the file source', async () => {
    const dir = tempDir();
    const wav = join(dir, 'tone.wav');
    const n = 8000;
    const a = new Int16Array(n).map((_, i) => Math.round(8000 * Math.sin(i / 5)));
    writeWav(wav, { sampleRate: 8000, channels: [a] });
    // The config names a missing file; --source simulated wins.
    const cfg = { ...BASE_CONFIG, acquisition: { source: 'file', file: { path: '/nonexistent/x.wav' } }, logging: { level: 'warn' } };
    const sim = await startServer({ config: toYaml(cfg), args: ['--source', 'simulated', '--log-level', 'debug'] });
    try {
      const st = await getJson(sim, '/api/audio/stream/stats', { token: makeToken() });
      assert.equal(st.json.source.name.includes('simulated'), true, JSON.stringify(st.json.source));
      await until(() => / debug /.test(sim.stderr), 5000, 'a debug line (--log-level overrides logging.level)');
    } finally {
      await sim.stop();
    }
    const file = await startServer({ config: toYaml(BASE_CONFIG), args: ['--file', wav] });
    try {
      const latest = await until(async () => {
        const r = await getJson(file, '/api/audio/stream/latest', { token: makeToken() });
        return r.status === 200 ? r.json : null;
      }, 10000, 'a frame from the file');
      assert.equal(latest.sample_rate, 8000);
      // A mono file feeds both channels.
      assert.deepEqual(latest.channel_a, latest.channel_b);
    } finally {
      await file.stop();
    }
  });

  test('SIGHUP is ignored (logged), the server keeps serving', async () => {
    const srv = await launch({});
    try {
      process.kill(srv.pid, 'SIGHUP');
      await until(() => /SIGHUP/.test(srv.stderr), 5000, 'the SIGHUP log line');
      assert.equal((await getJson(srv, '/healthz')).status, 200);
    } finally {
      assert.equal((await srv.stop()).code, 0);
    }
  });

  test('an --address that is not an IP address is a usage error (exit 2)', async () => {
    const r = await run(['serve', '--port', '0', '--address', 'not-an-ip'], { env: { ACOUSTREAM_JWT_SECRET: SECRET } });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes('not-an-ip'));
  });

  for (const signal of ['SIGTERM', 'SIGINT']) {
    test(`${signal} with open streams → exit 0 within 2 s, streams ended`, async () => {
      // ~4 MB/s of full frames: the client that stops reading has a blocked write.
      const srv = await launch({ acquisition: { sample_rate: 192000, frame_size: 4800 }, streaming: { spectral_window_size: 1024 } });
      const t = makeToken();
      // Light reading clients (decimated), so this process stays idle and
      // sees the exit when it happens.
      const streams = ['/api/audio/stream/audio?decimate=50', '/api/audio/stream/spectral?fmin=1000&fmax=3000',
        '/api/audio/stream/events?decimate=50&fmax=100', '/api/audio/stream/audio/fast?decimate=50']
        .map((p) => new RawSse(srv.port, p, { headers: { Authorization: `Bearer ${t}` } }));
      await Promise.all(streams.map((s) => s.waitFor((x) => x.events.length >= 2, 10000, 'events')));
      const idle = new RawSse(srv.port, '/api/audio/stream/audio', { headers: { Authorization: `Bearer ${t}` }, keepRaw: false, parse: false });
      await idle.waitFor((x) => x.status !== null, 10000, 'headers');
      idle.socket.pause(); // a client that stops reading must not hold the exit up
      await sleep(1500); // its socket buffers fill
      const t0 = Date.now();
      const r = await srv.stop(signal);
      const took = Date.now() - t0;
      assert.equal(r.code, 0, r.stderr);
      assert.ok(took <= 2000, `exit took ${took} ms`);
      await Promise.all(streams.map((s) => Promise.race([s.closed, sleep(2000)])));
      for (const s of streams) assert.ok(s.ended, 'open streams end at shutdown');
      idle.socket.destroy();
    });
  }

  test('microphone with a nonexistent device → exit 1 naming the device (or healthz 503)', async () => {
    const path = configFile(toYaml({ ...BASE_CONFIG, acquisition: { source: 'microphone', microphone: { device: 'no-such-device-4242' } } }));
    // Under ASan, slow malloc unwinding lets tests/lsan.supp recognise what
    // ALSA's plugin modules lose when they are unloaded (ignored elsewhere).
    const asan = process.env.ASAN_OPTIONS ? { ASAN_OPTIONS: `${process.env.ASAN_OPTIONS}:fast_unwind_on_malloc=0` } : {};
    const p = spawn(binaryPath(), ['serve', '--port', '0', '--config', path], { env: { ...process.env, ...asan }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    p.stderr.on('data', (d) => { stderr += d; });
    p.stdout.on('data', (d) => { stdout += d; });
    const closed = new Promise((res) => p.on('close', (code) => res(code)));
    const exit = await Promise.race([closed, sleep(8000).then(() => 'running')]);
    if (exit === 'running') {
      // The other allowed behaviour: serve with /healthz 503 while retrying.
      const port = Number(stdout.match(/:(\d+)\n/)[1]);
      const h = await fetch(`http://127.0.0.1:${port}/healthz`);
      p.kill('SIGTERM');
      await closed;
      assertNoSanitizerReport(stderr);
      assert.equal(h.status, 503);
    } else {
      assertNoSanitizerReport(stderr);
      assert.equal(exit, 1, stderr);
      assert.ok(stderr.includes('no-such-device-4242'), stderr);
    }
  });

  test('runtime failures exit 1 naming the cause: missing audio file, port in use', async () => {
    const r = await run(['serve', '--port', '0', '--file', '/nonexistent/sound.wav'], { env: { ACOUSTREAM_JWT_SECRET: SECRET } });
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes('/nonexistent/sound.wav'), r.stderr);
    const srv = await launch({});
    try {
      const busy = await run(['serve', '--port', String(srv.port)], { env: { ACOUSTREAM_JWT_SECRET: SECRET } });
      assert.equal(busy.code, 1, busy.stderr);
      assert.ok(busy.stderr.includes(String(srv.port)), busy.stderr);
    } finally {
      await srv.stop();
    }
  });
});

// check-config runs the checks serve runs before it binds: whatever it calls
// valid, serve starts on; whatever serve refuses, it refuses, naming the cause.
describe('check-config and serve agree', () => {
  const rsaConfig = (path) => configFile(toYaml({ ...BASE_CONFIG, auth: { rs256_public_key: path } }));

  async function bothRefuse(path, pattern, what) {
    const check = await run(['check-config', path]);
    assert.equal(check.code, 2, `check-config, ${what}: exit ${check.code}\n${check.stderr}`);
    assert.match(check.stderr, pattern, `check-config names the cause (${what})`);
    assert.doesNotMatch(check.stderr, /is valid/, `check-config, ${what}`);
    const serve = await run(['serve', '--port', '0', '--config', path]);
    assert.notEqual(serve.code, 0, `serve, ${what}: exit ${serve.code}`);
    assert.match(serve.stderr, pattern, `serve names the cause (${what})`);
  }

  test('a missing, private or JWK auth.rs256_public_key is refused by both, naming the file and what it is', async () => {
    const dir = tempDir('acoustream-keys-');
    const missing = join(dir, 'absent.pem');
    await bothRefuse(rsaConfig(missing), new RegExp(`rs256_public_key.*${missing}.*cannot open`), 'missing key file');

    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privatePath = join(dir, 'private.pem');
    writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await bothRefuse(rsaConfig(privatePath), /private key; give the public key/, 'private key');

    const jwkPath = join(dir, 'key.jwk.pem');
    writeFileSync(jwkPath, JSON.stringify(publicKey.export({ format: 'jwk' })));
    await bothRefuse(rsaConfig(jwkPath), new RegExp(`${jwkPath}.*JSON \\(a JWK or JWK set\\), not a PEM file`), 'JWK');
  });

  test('an X.509 certificate PEM is accepted: its public key verifies RS256 tokens', async () => {
    const dir = tempDir('acoustream-cert-');
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const { execFileSync } = await import('node:child_process');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
      '-days', '1', '-subj', '/CN=acoustream-test'], { stdio: 'ignore' });
    const check = await run(['check-config', rsaConfig(certPath)]);
    assert.equal(check.code, 0, check.stderr);
    const { readFileSync } = await import('node:fs');
    const srv = await launch({ auth: { hmac_secret: null, rs256_public_key: certPath } });
    try {
      const key = readFileSync(keyPath, 'utf8');
      const ok = await getJson(srv, '/api/audio/stream/stats', { token: makeToken({}, { alg: 'RS256', key }) });
      assert.equal(ok.status, 200, ok.text);
      const other = generateOtherKey();
      const bad = await getJson(srv, '/api/audio/stream/stats', { token: makeToken({}, { alg: 'RS256', key: other }) });
      assert.equal(bad.status, 401, 'a token of another key is refused');
    } finally {
      await srv.stop();
    }
  });

  test('a missing audio file is refused by both, naming it', async () => {
    const missing = join(tempDir(), 'absent.wav');
    const path = configFile(toYaml({ ...BASE_CONFIG, acquisition: { ...BASE_CONFIG.acquisition, source: 'file', file: { path: missing } } }));
    await bothRefuse(path, new RegExp(missing), 'missing audio file');
  });

  test('target_fps with frame_size: a warning naming both, in check-config and in the log', async () => {
    const path = configFile('server:\n  port: 0\nauth:\n  hmac_secret: "x-secret-x"\nacquisition:\n  sample_rate: 48000\n  target_fps: 30\n  frame_size: 2400\n');
    const check = await run(['check-config', path]);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stderr, /warning: .*:7: acquisition\.target_fps \(30\) is ignored: acquisition\.frame_size \(2400\).*20 fps/, check.stderr);
    const srv = await startServer({ args: ['--config', path] });
    const { stderr } = await srv.stop();
    assert.match(stderr, /acquisition\.target_fps \(30\) is ignored/, 'serve logs it');
    // Consistent values say nothing.
    const quiet = await run(['check-config', configFile('acquisition:\n  sample_rate: 48000\n  target_fps: 30\n  frame_size: 1600\n')]);
    assert.doesNotMatch(quiet.stderr, /warning/, quiet.stderr);
  });
});

function generateOtherKey() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

describe('printed URLs', () => {
  test('an IPv6 address is bracketed in every printed URL, so URL parsers read host and port', async () => {
    const srv = await startServer({ args: ['--address', '::1'] });
    try {
      const listening = srv.stdout.match(/^listening on (\S+)$/m)[1];
      const url = new URL(listening);
      assert.equal(url.hostname, '[::1]', listening);
      assert.equal(Number(url.port), srv.port, listening);
      const dashboard = new URL(srv.dashboard);
      assert.equal(dashboard.hostname, '[::1]', srv.dashboard);
      // Python's urlsplit, as the outside client that found it used.
      const { execFileSync } = await import('node:child_process');
      const port = execFileSync('/usr/bin/python3', ['-c', 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port)', listening]).toString().trim();
      assert.equal(Number(port), srv.port);
      const r = await fetch(`http://[::1]:${srv.port}/healthz`);
      assert.equal(r.status, 200);
    } finally {
      await srv.stop();
    }
  });
});
