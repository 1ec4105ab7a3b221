// /api/openapi.json of the real server: redocly's recommended ruleset finds
// nothing, and the schemas describe what the server really writes (every
// field declared, every always-present field required).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, makeToken, getJson, RawSse, tempDir, until } from './helpers.mjs';
import { repoRoot } from '../node/server.mjs';

let srv;
let token;
let doc;
before(async () => {
  // Heartbeats after 1 s without a frame, so a stats-only stream gets some.
  srv = await launch({ acquisition: { target_fps: 20 }, streaming: { sse_timeout_secs: 1 } });
  token = makeToken();
  const r = await getJson(srv, '/api/openapi.json');
  assert.equal(r.status, 200);
  doc = r.json;
});
after(async () => { await srv.stop(); });

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const operations = () => Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, op })));
const STREAMS = ['/api/audio/stream/audio', '/api/audio/stream/audio/fast', '/api/audio/stream/spectral', '/api/audio/stream/events'];

function deref(node) {
  let n = node;
  while (n && n.$ref) {
    assert.ok(n.$ref.startsWith('#/'), `local $ref: ${n.$ref}`);
    n = n.$ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, k) => o?.[k], doc);
    assert.ok(n, `$ref resolves: ${node.$ref}`);
  }
  return n;
}

// The checks of OpenAPI 3.0 schemas this document uses. Besides validation,
// an object field the schema does not declare is an error: the document must
// name everything the server writes.
function check(schemaRef, value, where = '$') {
  const schema = deref(schemaRef);
  const errors = [];
  if (value === null) {
    if (schema.nullable !== true) errors.push(`${where}: null, but not nullable`);
    return errors;
  }
  if (schema.oneOf) {
    const results = schema.oneOf.map((s) => check(s, value, where));
    const matches = results.filter((e) => e.length === 0).length;
    if (matches !== 1) errors.push(`${where}: matches ${matches} of oneOf (${results.map((e) => e[0] ?? 'ok').join(' | ')})`);
    return errors;
  }
  const is = {
    object: (v) => typeof v === 'object' && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    integer: Number.isInteger,
    boolean: (v) => typeof v === 'boolean',
  };
  if (schema.type && !is[schema.type](value)) return [`${where}: ${JSON.stringify(value)?.slice(0, 40)} is not ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${where}: ${value} not in ${schema.enum}`);
  if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${where}: ${value} < ${schema.minimum}`);
  if (schema.format === 'byte' && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) errors.push(`${where}: not base64`);
  if (schema.type === 'object') {
    for (const k of schema.required ?? []) if (!(k in value)) errors.push(`${where}: required ${k} missing`);
    for (const [k, v] of Object.entries(value)) {
      const p = schema.properties?.[k];
      if (!p) errors.push(`${where}: ${k} is written but not declared`);
      else errors.push(...check(p, v, `${where}.${k}`));
    }
  }
  if (schema.type === 'array' && schema.items) value.forEach((v, i) => errors.push(...check(schema.items, v, `${where}[${i}]`)));
  return errors;
}

const assertConforms = (schema, value, what) => {
  const errors = check(schema, value);
  assert.deepEqual(errors, [], `${what}:\n${errors.slice(0, 10).join('\n')}`);
};

function operationResponse(method, path, status) {
  const response = deref(doc.paths[path]?.[method]?.responses?.[status]);
  assert.ok(response, `${method.toUpperCase()} ${path} documents ${status}`);
  return response;
}

function operationSchema(method, path, status, type = 'application/json') {
  const schema = operationResponse(method, path, status).content?.[type]?.schema;
  assert.ok(schema, `${method.toUpperCase()} ${path} ${status} has a ${type} schema`);
  return schema;
}

const responseSchema = (path, status, type) => operationSchema('get', path, status, type);

function redocly(file) {
  return new Promise((resolve) => {
    execFile(join(repoRoot, 'node_modules', '.bin', 'redocly'),
      ['lint', file, '--config', join(repoRoot, 'redocly.yaml'), '--format', 'json'],
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
  });
}

describe('lint', () => {
  test('redocly lint (recommended ruleset): no error, no warning', async () => {
    const file = join(tempDir('acoustream-openapi-'), 'openapi.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const { code, stdout, stderr } = await redocly(file);
    let report;
    try { report = JSON.parse(stdout); } catch { assert.fail(`redocly gave no JSON report (exit ${code}):\n${stdout}\n${stderr}`); }
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location?.[0]?.pointer}: ${p.message}`);
    assert.deepEqual(problems, [], `redocly lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    assert.deepEqual([report.totals.errors, report.totals.warnings], [0, 0]);
    assert.equal(code, 0, stderr);
  });

  test('no path but the documentation page ends with a slash (redocly.yaml turns that rule off)', () => {
    assert.deepEqual(Object.keys(doc.paths).filter((p) => p.length > 1 && p.endsWith('/')), ['/api/doc/']);
  });
});

describe('document', () => {
  test('every object schema lists its required fields; operations are tagged', () => {
    const walk = (s, where) => {
      if (!s || typeof s !== 'object' || s.$ref) return;
      if (s.type === 'object' && s.properties) assert.ok(Array.isArray(s.required) && s.required.length > 0, `${where} has required`);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${k}`);
      if (s.items) walk(s.items, `${where}[]`);
      for (const [i, v] of (s.oneOf ?? []).entries()) walk(v, `${where}|${i}`);
    };
    // What clients send (request bodies) may be all optional.
    const sent = new Set(operations().flatMap(({ op }) => Object.values(op.requestBody?.content ?? {}))
      .map((m) => m.schema?.$ref?.split('/').pop()).filter(Boolean));
    assert.ok(sent.has('StartRecording'), 'the start body is a request body');
    for (const [name, s] of Object.entries(doc.components.schemas)) if (!sent.has(name)) walk(s, name);
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    for (const { path, method, op } of operations()) {
      assert.ok(op.tags?.length > 0, `${method} ${path} has tags`);
      for (const t of op.tags) assert.ok(declared.has(t), `tag ${t} declared`);
    }
  });

  test('error responses: 400, 405 (with Allow), 414, 431, 503 everywhere; 401 and 403 under /api/audio', () => {
    for (const { path, method, op } of operations()) {
      const codes = ['400', '405', '414', '431', '503'];
      if (path.startsWith('/api/audio/')) codes.push('401', '403');
      if (path === '/api/audio/stream/latest' || path === '/') codes.push('404');
      for (const c of codes) {
        const r = deref(op.responses[c]);
        assert.ok(r, `${method} ${path} lists ${c}`);
        assert.ok(r.content?.['application/json']?.schema, `${method} ${path} ${c}: a JSON body`);
        // The JSON error body is a possible body of each (for /healthz 503 also the health document).
        assertConforms(r.content['application/json'].schema, { error: 'x', error_description: 'y' }, `${method} ${path} ${c} error body`);
      }
      assert.ok(deref(op.responses['405']).headers?.Allow, `${method} ${path}: 405 documents Allow`);
    }
  });

  test('stream routes document Last-Event-ID (header) and last_event_id (query)', () => {
    for (const path of STREAMS) {
      const params = (doc.paths[path].get.parameters ?? []).map(deref);
      assert.ok(params.some((p) => p.in === 'header' && p.name === 'Last-Event-ID'), `${path}: Last-Event-ID header`);
      assert.ok(params.some((p) => p.in === 'query' && p.name === 'last_event_id'), `${path}: last_event_id query`);
    }
  });

  test('stream events: heartbeat and lagged notices are part of every stream; lagged names its stream on /events', () => {
    for (const path of STREAMS) {
      const schema = responseSchema(path, '200', 'text/event-stream');
      assertConforms(schema, { type: 'heartbeat' }, `${path} heartbeat`);
      assertConforms(schema, { type: 'lagged', skipped: 3 }, `${path} lagged`);
    }
    const events = responseSchema('/api/audio/stream/events', '200', 'text/event-stream');
    assertConforms(events, { type: 'lagged', skipped: 3, event: 'spectral' }, '/events lagged with event');
    assert.notDeepEqual(check(events, { type: 'lagged', skipped: 3, event: 'video' }), [], 'event is audio or spectral');
    for (const path of ['/api/audio/stream/audio', '/api/audio/stream/audio/fast', '/api/audio/stream/events'])
      assertConforms(responseSchema(path, '200', 'text/event-stream'), { type: 'resolution', decimate: 8 }, `${path} resolution`);
    assert.notDeepEqual(check(responseSchema('/api/audio/stream/spectral', '200', 'text/event-stream'), { type: 'resolution', decimate: 8 }), [],
      'spectra are not degraded');
  });

  test('recordings: the start body, a failed recording, a stop waiting for the disk', () => {
    const body = doc.paths['/api/audio/recordings'].post.requestBody.content['application/json'].schema;
    assert.equal(deref(body).additionalProperties, false);
    assertConforms(body, {}, 'an empty start body');
    assertConforms(body, { label: 'cell A', format: 'wav' }, 'a start body');
    assert.notDeepEqual(check(body, { lable: 'typo' }), [], 'an unknown field is refused');
    assert.notDeepEqual(check(body, { format: 'mp3' }), [], 'format is flac or wav');
    assert.equal(deref(deref(body).properties.label).maxLength, 200);
    const recording = operationSchema('get', '/api/audio/recordings/{id}', '200');
    const file = { name: '20261204T221500Z_0.wav', bytes: 44, first_frame: 0, last_frame: 9, frames: 10, samples: 16000, start_timestamp: 1, complete: false };
    const base = { id: '20261204T221500Z', label: '', format: 'wav', sample_rate: 48000, started_at: 1, frames: 10, frames_lost: 3, bytes: 44, files: [file],
      first_frame: 0, last_frame: 12, gaps: [{ after_frame: 4, skipped: 3, missing_ms: 150, cause: 'queue_full' }] };
    assertConforms(recording, { ...base, state: 'failed', stopped_at: 2, error: 'cannot write x: No space left on device' }, 'a failed recording');
    assertConforms(recording, { ...base, state: 'recording', stopped_at: null, stop_requested: true }, 'a stop waiting for the disk');
    assertConforms(recording, { ...base, state: 'recording', stopped_at: null, first_frame: null, last_frame: null, files: [], gaps: [], frames: 0, frames_lost: 0 }, 'before the first frame');
    assert.notDeepEqual(check(recording, { ...base, state: 'paused', stopped_at: null }), [], 'state is recording, finished or failed');
    const cause = deref(deref(deref(recording).properties.gaps).items).properties.cause;
    assert.deepEqual(deref(cause).enum, ['queue_full', 'ring_lag', 'source_outage']);
  });

  test('non-finite samples and spectra are written null: their items are nullable', () => {
    const frame = { channel_a: [null, 0.5], channel_b: [0, null], sample_rate: 48000, timestamp: 1, frame_number: 2, duration_ms: 50 };
    assertConforms(responseSchema('/api/audio/stream/latest', '200'), frame, 'a frame with null samples');
    const spectrum = { frequencies: [0, 10], magnitude_a: [null, 1], magnitude_b: [1, null], phase_a: [null, 0], phase_b: null, frame_number: 2, timestamp: 1, sample_rate: 48000 };
    assertConforms(responseSchema('/api/audio/stream/spectral', '200', 'text/event-stream'), spectrum, 'a spectrum with nulls');
  });
});

describe('schemas match what the server writes', () => {
  test('JSON routes: stats, latest (json and f32), healthz', async () => {
    const stats = await getJson(srv, '/api/audio/stream/stats', { token });
    assertConforms(responseSchema('/api/audio/stream/stats', '200'), stats.json, '/stats');
    for (const q of ['', '?decimate=100', '?decimate=100&encoding=f32', '?decimate=100&encoding=i16']) {
      const latest = await getJson(srv, `/api/audio/stream/latest${q}`, { token });
      assert.equal(latest.status, 200);
      assertConforms(responseSchema('/api/audio/stream/latest', '200'), latest.json, `/latest${q}`);
    }
    const health = await getJson(srv, '/healthz');
    assert.equal(health.status, 200);
    assertConforms(responseSchema('/healthz', '200'), health.json, '/healthz');
  });

  test('error bodies', async () => {
    const cases = [
      ['/api/audio/stream/stats', '401', await getJson(srv, '/api/audio/stream/stats')],
      ['/api/audio/stream/stats', '403', await getJson(srv, '/api/audio/stream/stats', { token: makeToken({ scope: 'other' }) })],
      ['/api/audio/stream/audio', '400', await getJson(srv, '/api/audio/stream/audio?decimate=0', { token })],
      ['/api/audio/stream/audio', '400', await getJson(srv, '/api/audio/stream/audio?format=db', { token })],
      ['/api/audio/stream/spectral', '400', await getJson(srv, '/api/audio/stream/spectral?max_fps=0', { token })],
      ['/api/audio/stream/audio', '400', await getJson(srv, '/api/audio/stream/audio', { token, headers: { 'Last-Event-ID': 'x' } })],
    ];
    const post = await fetch(`${srv.base}/healthz`, { method: 'POST' });
    cases.push(['/healthz', '405', { status: post.status, json: await post.json() }]);
    for (const [path, status, r] of cases) {
      assert.equal(String(r.status), status, `${path}: ${r.status}`);
      assertConforms(responseSchema(path, status), r.json, `${path} ${status}`);
    }
  });

  test('recordings: start, get, list, stop, files, healthz with the recorder, error bodies', async () => {
    const writer = makeToken({ scope: 'read:api write:api' });
    const call = async (method, path, { body, tok = writer, headers = {} } = {}) => {
      const h = { Authorization: `Bearer ${tok}`, ...headers };
      if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
      const res = await fetch(`${srv.base}/api/audio/recordings${path}`, { method, headers: h, body });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, headers: res.headers, text, json };
    };
    const conforms = (method, path, status, r, type) => {
      assert.equal(String(r.status), status, `${method} ${path}: ${r.status} ${r.text?.slice(0, 200)}`);
      assertConforms(operationSchema(method, path, status, type), r.json, `${method.toUpperCase()} ${path} ${status}`);
    };
    const LIST = '/api/audio/recordings';
    const ONE = '/api/audio/recordings/{id}';
    const STOP = '/api/audio/recordings/{id}/stop';
    const FILE = '/api/audio/recordings/{id}/files/{name}';

    const idle = await getJson(srv, '/healthz');
    assertConforms(responseSchema('/healthz', '200'), idle.json, '/healthz idle');
    assert.deepEqual(idle.json.recorder, { state: 'idle' });

    conforms('post', LIST, '403', await call('POST', '', { tok: token }));
    conforms('post', LIST, '400', await call('POST', '', { body: JSON.stringify({ lable: 'typo' }) }));
    conforms('post', LIST, '400', await call('POST', '', { body: 'not json' }));
    conforms('post', LIST, '415', await call('POST', '', { body: 'label=x', headers: { 'Content-Type': 'text/plain' } }));

    const started = await call('POST', '', { body: JSON.stringify({ label: 'openapi', format: 'wav' }) });
    conforms('post', LIST, '201', started);
    const id = started.json.id;
    assert.equal(new URL(started.headers.get('location'), `${srv.base}/api/audio/recordings`).pathname, `/api/audio/recordings/${id}`);
    conforms('post', LIST, '409', await call('POST', ''));
    assert.equal((await call('POST', '')).json.error, 'recording_active');
    conforms('delete', ONE, '409', await call('DELETE', `/${id}`));

    const busy = await getJson(srv, '/healthz');
    assertConforms(responseSchema('/healthz', '200'), busy.json, '/healthz recording');
    assert.deepEqual(busy.json.recorder, { state: 'recording', recording: id });

    const running = await until(async () => {
      const r = await call('GET', `/${id}`, { tok: token });
      return r.status === 200 && r.json.frames >= 2 ? r : null;
    }, 10000, 'two frames recorded');
    conforms('get', ONE, '200', running);
    conforms('get', LIST, '200', await call('GET', '', { tok: token }));

    const stopped = await call('POST', `/${id}/stop`);
    conforms('post', STOP, '200', stopped);
    assert.equal(stopped.json.state, 'finished');
    conforms('post', STOP, '200', await call('POST', `/${id}/stop`));
    conforms('get', LIST, '200', await call('GET', '', { tok: token }));

    const file = stopped.json.files[0];
    const sidecar = await call('GET', `/${id}/files/${file.name}.json`, { tok: token });
    assert.equal(sidecar.headers.get('content-type'), 'application/json');
    conforms('get', FILE, '200', sidecar);
    // Every documented header is sent, in the media types documented.
    const sends = (status, r) => {
      const documented = operationResponse('get', FILE, status);
      for (const name of Object.keys(documented.headers ?? {})) assert.ok(r.headers.get(name), `${status} sends ${name}`);
      if (documented.content) assert.ok(r.headers.get('content-type') in documented.content, `${status}: ${r.headers.get('content-type')}`);
    };
    const whole = await call('GET', `/${id}/files/${file.name}`, { tok: token });
    assert.equal(whole.status, 200);
    sends('200', whole);
    const part = await call('GET', `/${id}/files/${file.name}`, { tok: token, headers: { Range: 'bytes=0-3' } });
    assert.equal(part.status, 206);
    sends('206', part);
    const same = await call('GET', `/${id}/files/${file.name}`, { tok: token, headers: { 'If-None-Match': whole.headers.get('etag') } });
    assert.equal(same.status, 304);
    sends('304', same);
    const beyond = await call('GET', `/${id}/files/${file.name}`, { tok: token, headers: { Range: `bytes=${file.bytes}-` } });
    conforms('get', FILE, '416', beyond);
    sends('416', beyond);
    conforms('get', FILE, '404', await call('GET', `/${id}/files/recording.json`, { tok: token }));
    conforms('get', FILE, '404', await call('GET', '/nope/files/x.wav', { tok: token }));

    const missing = await call('GET', '/nope', { tok: token });
    conforms('get', ONE, '404', missing);
    assert.equal(missing.json.error, 'no_recording');
    conforms('post', STOP, '404', await call('POST', '/nope/stop'));
    conforms('delete', ONE, '403', await call('DELETE', `/${id}`, { tok: token }));
    const deleted = await call('DELETE', `/${id}`);
    assert.equal(deleted.status, 204);
    assert.ok(operationResponse('delete', ONE, '204'));
    conforms('delete', ONE, '404', await call('DELETE', `/${id}`));
    const put = await call('PUT', '');
    conforms('post', LIST, '405', put);
    assert.equal(put.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
  });

  test('stream events of every stream route', async () => {
    const streams = [
      ['/api/audio/stream/audio', '?decimate=100'],
      ['/api/audio/stream/audio', '?decimate=100&encoding=f32'],
      ['/api/audio/stream/audio', '?decimate=100&encoding=i16&max_fps=10'],
      ['/api/audio/stream/spectral', '?fmax=500&phase=true&format=db'],
      ['/api/audio/stream/events', '?types=audio,spectral,stats&decimate=100&fmax=500&encoding=i16&format=db'],
      ['/api/audio/stream/audio/fast', '?decimate=100'],
      ['/api/audio/stream/spectral', '?fmax=500&phase=true'],
      ['/api/audio/stream/spectral', '?fmax=500'],
      ['/api/audio/stream/events', '?types=audio,spectral,stats&decimate=100&fmax=500'],
      ['/api/audio/stream/events', '?types=stats'],  // no frames: heartbeats
    ];
    const seen = new Set();
    for (const [path, query] of streams) {
      const s = new RawSse(srv.port, path + query, { headers: { Authorization: `Bearer ${token}` } });
      const wanted = query === '?types=stats' ? (x) => x.events.some((e) => e.event === 'heartbeat')
        : path.endsWith('/events') ? (x) => ['audio', 'spectral', 'stats'].every((n) => x.events.some((e) => e.event === n))
          : (x) => x.frames().length >= 2;
      try {
        await s.waitFor(wanted, 15000, `events of ${path}${query}`);
      } finally {
        await s.close();
      }
      const schema = responseSchema(path, '200', 'text/event-stream');
      for (const e of s.events.filter((x) => x.data !== undefined)) {
        assert.ok(e.json, `${path}${query}: JSON data`);
        assertConforms(schema, e.json, `${path}${query} event ${e.event ?? '(unnamed)'}`);
        seen.add(e.json.type ?? e.event ?? 'frame');
      }
    }
    assert.ok(seen.has('heartbeat'), `a heartbeat was checked: ${[...seen]}`);
  });
});
