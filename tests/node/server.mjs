// Starts a real acoustream server for a test and stops it by PID.
//
//   const srv = await startServer({ args: ['--source', 'simulated'], config: 'yaml text' });
//   srv.base   -> 'http://127.0.0.1:PORT'
//   srv.token  -> the generated token (when no secret is configured)
//   await srv.stop()  -> SIGTERM, waits for exit; returns { code, signal, stderr }
//                        (throws if a sanitizer reported anything on stderr)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

export function binaryPath() {
  if (process.env.ACOUSTREAM_BIN) return process.env.ACOUSTREAM_BIN;
  return join(repoRoot, 'build', 'dev', 'acoustream');
}

// Sanitizer builds (ACOUSTREAM_BIN from the asan/tsan presets) report on
// stderr, and a report in a process a test started fails that test: stop()
// of every server checks it, and so must any other spawn of the binary.
const SANITIZER_REPORT = /^.*(AddressSanitizer|LeakSanitizer|ThreadSanitizer|runtime error:).*$/m;
export function assertNoSanitizerReport(stderr, what = 'the server') {
  const report = stderr.match(SANITIZER_REPORT);
  if (report) throw new Error(`sanitizer report from ${what}: ${report[0]}\n${stderr.slice(-4000)}`);
}

export function tempDir(prefix = 'acoustream-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// binary, cwd: another binary (an installed one) and its working directory.
export async function startServer({ args = [], config = null, env = {}, timeoutMs = 15000, binary = binaryPath(), cwd } = {}) {
  const argv = ['serve', '--port', '0'];
  if (config !== null) {
    const dir = tempDir();
    const path = join(dir, 'config.yaml');
    writeFileSync(path, config);
    argv.push('--config', path);
  }
  argv.push(...args);
  const proc = spawn(binary, argv, {
    cwd,
    env: { ...process.env, ACOUSTREAM_JWT_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((res) => {
    proc.on('exit', (code, signal) => res({ code, signal }));
    // A binary that cannot be spawned (missing, not executable) ends the wait at once.
    proc.on('error', (err) => { stderr += `cannot start ${binaryPath()}: ${err.message}\n`; res({ code: null, signal: null }); });
  });

  const ready = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/listening on http:\/\/([^\s:]+|\[[^\]]+\]):(\d+)\n/);
      // The token and dashboard lines, when printed, follow at once.
      if (m) setTimeout(() => { clearTimeout(timer); res(m); }, 100);
    });
    exited.then(({ code, signal }) => { clearTimeout(timer); rej(new Error(`server exited (${code ?? signal}) before listening\n${stderr}`)); });
  });
  const port = Number(ready[2]);
  const token = (stdout.match(/^token: (\S+)$/m) || [])[1];
  const dashboard = (stdout.match(/^dashboard: (\S+)$/m) || [])[1];
  return {
    proc,
    pid: proc.pid,
    port,
    base: `http://127.0.0.1:${port}`,
    token,
    dashboard,
    get stdout() { return stdout; },
    get stderr() { return stderr; },
    exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, signal);
      const r = await exited;
      assertNoSanitizerReport(stderr);
      return { ...r, stderr };
    },
  };
}
