// Front-end files through the real binary: compressed with the coding the
// client accepts (each file compressed once, not per request), with strong
// ETags per representation and 304 for a matching If-None-Match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, inflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, curl, splitHttp } from './helpers.mjs';
import { repoRoot } from '../node/server.mjs';

// curl without --compressed: the bytes exactly as sent.
async function get(srv, path, headers = []) {
  const args = ['-i'];
  for (const h of headers) args.push('-H', h);
  const r = await curl([...args, `${srv.base}${path}`]);
  return splitHttp(r.stdout);
}

const compressions = async (srv) =>
  Number((await (await fetch(`${srv.base}/metrics`)).text()).match(/^acoustream_static_compressions_total (\d+)$/m)[1]);

test('dashboard and vendor files are served compressed once, with ETag and 304', async () => {
  const srv = await launch({ logging: { level: 'warn' } });
  try {
    const original = readFileSync(join(repoRoot, 'web/dashboard/app.mjs'));
    const plain = await get(srv, '/dashboard/app.mjs');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-encoding'), undefined);
    assert.deepEqual(plain.body, original);
    assert.match(plain.headers.get('etag'), /^"[0-9a-f]{16}"$/);
    assert.equal(plain.headers.get('vary'), 'Accept-Encoding');

    const gz = await get(srv, '/dashboard/app.mjs', ['Accept-Encoding: br, gzip;q=0.8, deflate;q=0.5']);
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.ok(gz.body.length < original.length / 2, `${gz.body.length} of ${original.length} bytes`);
    assert.deepEqual(gunzipSync(gz.body), original);
    assert.equal(gz.headers.get('etag'), plain.headers.get('etag').replace(/"$/, '-gzip"'));

    const df = await get(srv, '/dashboard/app.mjs', ['Accept-Encoding: deflate']);
    assert.equal(df.headers.get('content-encoding'), 'deflate');
    assert.deepEqual(inflateSync(df.body), original);
    const refused = await get(srv, '/dashboard/app.mjs', ['Accept-Encoding: gzip;q=0, deflate;q=0']);
    assert.equal(refused.headers.get('content-encoding'), undefined);

    const cached = await get(srv, '/dashboard/app.mjs', ['Accept-Encoding: gzip', `If-None-Match: ${gz.headers.get('etag')}`]);
    assert.equal(cached.status, 304);
    assert.equal(cached.body.length, 0);
    const other = await get(srv, '/dashboard/app.mjs', ['Accept-Encoding: gzip', 'If-None-Match: "0000000000000000"']);
    assert.equal(other.status, 200);

    const vendor = await get(srv, '/vendor/uPlot.iife.min.js', ['Accept-Encoding: gzip']);
    assert.equal(vendor.headers.get('content-encoding'), 'gzip');
    assert.deepEqual(gunzipSync(vendor.body), readFileSync(join(repoRoot, 'node_modules/uplot/dist/uPlot.iife.min.js')));

    const before = await compressions(srv);
    for (let i = 0; i < 20; i++) await get(srv, '/dashboard/app.mjs', ['Accept-Encoding: gzip']);
    assert.equal(await compressions(srv), before, 'no compression per request');

    const head = splitHttp((await curl(['-I', '-H', 'Accept-Encoding: gzip', `${srv.base}/dashboard/app.mjs`])).stdout);
    assert.equal(head.headers.get('content-length'), String(gz.body.length));
  } finally {
    await srv.stop();
  }
});
