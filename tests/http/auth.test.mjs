// docs/api.md "Authentication": every authentication failure class against the real server.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  launch, makeToken, rsaKeys, getJson, curl, splitHttp, RawSse, SECRET, nowSecs, until,
} from './helpers.mjs';

const STATS = '/api/audio/stream/stats';
const API_GETS = ['/api/audio/stream/stats', '/api/audio/stream/latest'];
const API_STREAMS = [
  '/api/audio/stream/audio', '/api/audio/stream/audio/fast',
  '/api/audio/stream/spectral', '/api/audio/stream/events',
];

function assertUnauthorized(r, why) {
  assert.equal(r.status, 401, `${why}: status (body ${r.text})`);
  const www = r.headers.get('www-authenticate');
  assert.ok(www, `${why}: WWW-Authenticate missing`);
  assert.match(www, /^Bearer\b/i, `${why}: scheme`);
  assert.match(www, /error="invalid_token"/, `${why}: ${www}`);
  assert.ok(r.json, `${why}: body is JSON: ${r.text}`);
  assert.equal(r.json.error, 'invalid_token', why);
  assert.equal(typeof r.json.error_description, 'string', why);
  assert.ok(r.json.error_description.length > 0, why);
}

async function authFailures(srv) {
  const r = await getJson(srv, '/metrics');
  const m = r.text.match(/^(\S*auth\S*)\s+(\S+)$/m);
  assert.ok(m, `no auth metric in /metrics:\n${r.text}`);
  return Number(m[2]);
}

describe('HS256 server (hmac_secret only)', () => {
  let srv;
  before(async () => {
    srv = await launch({ acquisition: { target_fps: 20 } }, { args: ['--log-level', 'debug'] });
  });
  after(async () => { await srv.stop(); });

  test('no token: 401, WWW-Authenticate Bearer error="invalid_token", JSON error', async () => {
    for (const path of [...API_GETS, ...API_STREAMS]) {
      assertUnauthorized(await getJson(srv, path), `no token on ${path}`);
    }
  });

  test('a valid token is accepted with the Bearer scheme in any case', async () => {
    const t = makeToken();
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const r = await getJson(srv, STATS, { headers: { Authorization: `${scheme} ${t}` } });
      assert.equal(r.status, 200, `${scheme}: ${r.text}`);
      assert.equal(typeof r.json.total_frames, 'number');
    }
    const basic = { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` };
    const other = await getJson(srv, STATS, { headers: basic });
    assertUnauthorized(other, 'Basic scheme');
    assert.match(other.json.error_description, /not a Bearer token/);
    // A proxy's HTTP Basic login in front (docs/deploy.md) leaves the
    // Authorization header to the browser: the query token must still work.
    const behindBasic = await getJson(srv, `${STATS}?access_token=${t}`, { headers: basic });
    assert.equal(behindBasic.status, 200, `Basic header + access_token: ${behindBasic.text}`);
    const stream = await getJson(srv, `/api/audio/stream/latest?access_token=${t}`, { headers: basic });
    assert.equal(stream.status, 200, stream.text);
    const wrong = await getJson(srv, `${STATS}?access_token=${makeToken({ exp: 1 })}`, { headers: basic });
    assertUnauthorized(wrong, 'an expired query token behind Basic');
    // A Bearer header still wins over the parameter.
    const both = await getJson(srv, `${STATS}?access_token=${t}`, { headers: { Authorization: 'Bearer not.a.token' } });
    assertUnauthorized(both, 'a bad Bearer header with a good query token');
  });

  test('the access_token query parameter works on every /api/audio route', async () => {
    const t = makeToken();
    for (const path of API_GETS) {
      const r = await getJson(srv, `${path}?access_token=${t}`);
      assert.equal(r.status, 200, `${path}: ${r.text}`);
    }
    for (const path of API_STREAMS) {
      const s = new RawSse(srv.port, `${path}?access_token=${t}`);
      await s.waitFor((x) => x.status !== null, 10000, `status of ${path}`);
      assert.equal(s.status, 200, `${path}: ${s.head}`);
      assert.equal(s.headers.get('content-type'), 'text/event-stream');
      await s.close();
    }
    const bad = await getJson(srv, `${STATS}?access_token=${makeToken({}, { key: 'wrong' })}`);
    assertUnauthorized(bad, 'bad query token');
  });

  test('alg none is rejected (with and without a signature)', async () => {
    const unsigned = makeToken({}, { alg: 'none' });
    assert.ok(unsigned.endsWith('.'));
    assertUnauthorized(await getJson(srv, STATS, { token: unsigned }), 'alg none');
    const withSig = unsigned + createHmac('sha256', SECRET).update(unsigned.slice(0, -1)).digest('base64url');
    assertUnauthorized(await getJson(srv, STATS, { token: withSig }), 'alg none + HMAC sig');
    for (const alg of ['None', 'NONE', 'nOnE']) {
      assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg }) }), `alg ${alg}`);
    }
  });

  test('HS384, HS512 and RS256 are rejected when only an HMAC secret is configured', async () => {
    for (const alg of ['HS384', 'HS512']) {
      assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg }) }), alg);
    }
    const { privateKey } = rsaKeys();
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg: 'RS256', key: privateKey }) }), 'RS256');
  });

  test('wrong key, tampered payload, truncated signature', async () => {
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { key: `${SECRET}x` }) }), 'wrong key');
    const good = makeToken({ scope: 'read:api' });
    const [h, , s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'x', scope: 'read:api admin', exp: nowSecs() + 99999 })).toString('base64url')}.${s}`;
    assertUnauthorized(await getJson(srv, STATS, { token: forged }), 'tampered payload');
    assertUnauthorized(await getJson(srv, STATS, { token: good.slice(0, -3) }), 'truncated signature');
  });

  test('time claims: expired, nbf in the future, missing exp, non-integer exp', async () => {
    const now = nowSecs();
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({ exp: now - 100, iat: now - 200 }) }), 'expired');
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({ nbf: now + 600 }) }), 'nbf future');
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({ exp: undefined }) }), 'missing exp');
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({ exp: String(now + 600) }) }), 'string exp');
    const ok = await getJson(srv, STATS, { token: makeToken({ nbf: now - 5 }) });
    assert.equal(ok.status, 200, 'nbf in the past is fine');
  });

  test('identity-provider tokens: typ at+jwt, fractional NumericDates, scp and scope arrays', async () => {
    const now = nowSecs();
    const cases = [
      ['at+jwt', makeToken({}, { header: { typ: 'at+jwt' } })],
      ['fractional exp/iat', makeToken({ exp: now + 600.75, iat: now - 1.5 })],
      ['scp array', makeToken({ scope: undefined, scp: ['openid', 'read:api'] })],
      ['scope array', makeToken({ scope: ['read:api'] })],
    ];
    for (const [what, t] of cases) {
      const r = await getJson(srv, STATS, { token: t });
      assert.equal(r.status, 200, `${what}: ${r.text}`);
    }
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { header: { typ: 'JWE' } }) }), 'typ JWE');
  });

  test('a token carrying aud is refused when no audience is configured', async () => {
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({ aud: 'someone' }) }), 'unexpected aud');
  });

  test('scope: missing or wrong → 403 insufficient_scope; permissions array ok', async () => {
    for (const claims of [{ scope: undefined }, { scope: 'write:api' }, { scope: 'read:apix' }, { permissions: ['other'], scope: undefined }]) {
      const r = await getJson(srv, STATS, { token: makeToken(claims) });
      assert.equal(r.status, 403, `${JSON.stringify(claims)}: ${r.text}`);
      assert.equal(r.json.error, 'insufficient_scope');
      assert.match(r.headers.get('www-authenticate') || '', /^Bearer .*error="insufficient_scope"/);
    }
    for (const claims of [{ scope: 'openid read:api profile' }, { scope: undefined, permissions: ['x', 'read:api'] }]) {
      const r = await getJson(srv, STATS, { token: makeToken(claims) });
      assert.equal(r.status, 200, `${JSON.stringify(claims)}: ${r.text}`);
    }
  });

  test('malformed and huge tokens are refused with 401 (no crash)', async () => {
    const cases = ['abc', 'a.b', 'a.b.c.d', '...', '%%%.%%%.%%%', `${Buffer.from('[]').toString('base64url')}.e30.AAAA`,
      `${Buffer.from('{"alg":"HS256"').toString('base64url')}.e30.AAAA`];
    for (const t of cases) {
      assertUnauthorized(await getJson(srv, STATS, { headers: { Authorization: `Bearer ${t}` } }), `malformed ${t}`);
    }
    // Bigger than the verifier's limit but within the header limit.
    const huge = makeToken({ pad: 'x'.repeat(12000) });
    assertUnauthorized(await getJson(srv, STATS, { token: huge }), 'huge token');
    // Bigger than the header limit: refused before routing, never a 200.
    const giant = makeToken({ pad: 'x'.repeat(40000) });
    const r = await curl(['-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: Bearer ${giant}`, srv.base + STATS]);
    assert.ok(['431', '401', '400'].includes(r.stdout.toString()), `giant token: ${r.stdout}`);
    // The server is still alive.
    assert.equal((await getJson(srv, '/healthz')).status, 200);
  });

  test('/metrics counts authentication failures', async () => {
    const before = await authFailures(srv);
    for (let i = 0; i < 3; i++) await getJson(srv, STATS, { token: 'not.a.token' });
    await getJson(srv, STATS);
    const afterCount = await authFailures(srv);
    assert.equal(afterCount - before, 4);
  });

  test('the query token never appears in the logs (debug level)', async () => {
    const t = makeToken({ sub: 'log-check' });
    const bad = makeToken({}, { key: 'nope' });
    await getJson(srv, `${STATS}?access_token=${t}`);
    await getJson(srv, `${STATS}?x=1&access_token=${bad}&y=2`);
    // A percent-encoded parameter name is still the token (and still redacted).
    const enc = makeToken({ sub: 'encoded-name' });
    assert.equal((await getJson(srv, `${STATS}?%61ccess%5Ftoken=${enc}`)).status, 200);
    const s = new RawSse(srv.port, `/api/audio/stream/audio?decimate=100&access_token=${t}`);
    await s.waitFor((x) => x.frames().length >= 1, 10000, 'a frame');
    await s.close();
    await until(() => srv.stderr.includes('/api/audio/stream/audio'), 5000, 'the request in the debug log');
    const sigOf = (tok) => tok.split('.')[2];
    for (const tok of [t, bad, enc]) {
      assert.ok(!srv.stderr.includes(sigOf(tok)), 'token signature leaked into stderr');
      assert.ok(!srv.stderr.includes(tok.split('.')[1]), 'token payload leaked into stderr');
    }
    assert.ok(!srv.stdout.includes(sigOf(t)));
  });

  test('curl: 401 headers and body on the wire', async () => {
    const r = await curl(['-i', srv.base + '/api/audio/stream/audio']);
    const { status, headers, body } = splitHttp(r.stdout);
    assert.equal(status, 401);
    assert.match(headers.get('www-authenticate'), /^Bearer .*error="invalid_token"/);
    assert.match(headers.get('content-type'), /^application\/json/);
    assert.equal(JSON.parse(body.toString()).error, 'invalid_token');
  });
});

describe('allow_query_token: false', () => {
  let srv;
  before(async () => { srv = await launch({ auth: { allow_query_token: false } }); });
  after(async () => { await srv.stop(); });

  test('a valid query token is refused with 401; the header still works', async () => {
    const t = makeToken();
    for (const path of [...API_GETS, '/api/audio/stream/audio']) {
      assertUnauthorized(await getJson(srv, `${path}?access_token=${t}`), `query token on ${path}`);
    }
    assert.equal((await getJson(srv, STATS, { token: t })).status, 200);
  });
});

describe('issuer and audience configured', () => {
  let srv;
  before(async () => { srv = await launch({ auth: { issuer: 'https://issuer.test', audience: 'acoustream-api' } }); });
  after(async () => { await srv.stop(); });

  test('iss and aud must be present and match; aud may be an array', async () => {
    const good = { iss: 'https://issuer.test', aud: 'acoustream-api' };
    assert.equal((await getJson(srv, STATS, { token: makeToken(good) })).status, 200);
    assert.equal((await getJson(srv, STATS, { token: makeToken({ ...good, aud: ['other', 'acoustream-api'] }) })).status, 200);
    const bad = [
      { ...good, iss: undefined }, { ...good, iss: 'https://evil.test' },
      { ...good, aud: undefined }, { ...good, aud: 'other' }, { ...good, aud: ['a', 'b'] }, { ...good, aud: [] },
    ];
    for (const claims of bad) {
      assertUnauthorized(await getJson(srv, STATS, { token: makeToken(claims) }), JSON.stringify(claims));
    }
  });
});

describe('RS256 server (public key only)', () => {
  let srv;
  before(async () => { srv = await launch({ auth: { hmac_secret: null, rs256_public_key: rsaKeys().publicPath } }); });
  after(async () => { await srv.stop(); });

  test('an RS256 token signed by the private key is accepted', async () => {
    const r = await getJson(srv, STATS, { token: makeToken({}, { alg: 'RS256', key: rsaKeys().privateKey }) });
    assert.equal(r.status, 200, r.text);
  });

  test('every HS* token is rejected, including HS256 keyed with the public PEM (confusion)', async () => {
    const { publicPem } = rsaKeys();
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg, key: publicPem }) }), `${alg} with the PEM`);
      assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg }) }), `${alg} with a secret`);
    }
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg: 'none' }) }), 'none');
  });

  test('RS256 signed by another key is rejected', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    assertUnauthorized(await getJson(srv, STATS, { token: makeToken({}, { alg: 'RS256', key: other }) }), 'other RSA key');
    const expired = makeToken({ exp: nowSecs() - 60, iat: nowSecs() - 120 }, { alg: 'RS256', key: rsaKeys().privateKey });
    assertUnauthorized(await getJson(srv, STATS, { token: expired }), 'expired RS256');
  });
});

describe('auth.leeway_secs (default 30)', () => {
  let lenient;
  before(async () => { lenient = await launch({ auth: { leeway_secs: 30 } }); });
  after(async () => { await lenient.stop(); });

  test('a token expired 10 s ago is still accepted, one expired 60 s ago is not', async () => {
    const now = nowSecs();
    const skewed = await getJson(lenient, STATS, { token: makeToken({ exp: now - 10, iat: now - 100 }) });
    assert.equal(skewed.status, 200, skewed.text);
    assertUnauthorized(await getJson(lenient, STATS, { token: makeToken({ exp: now - 60, iat: now - 100 }) }), 'beyond the leeway');
    const early = await getJson(lenient, STATS, { token: makeToken({ nbf: now + 10 }) });
    assert.equal(early.status, 200, 'nbf within the leeway');
  });
});
