// Real disks that misbehave, for the recorder tests: a loop-mounted ext4
// image that can be frozen (fsfreeze: every write blocks until thawed) and a
// tiny tmpfs that fills up. Both need root; each test removes what it made.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { tempDir } from './helpers.mjs';

export const canMount = () => typeof process.getuid === 'function' && process.getuid() === 0;

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });

export function loopExt4(sizeMb = 64) {
  const dir = tempDir('acoustream-ext4-');
  const image = join(dir, 'disk.img');
  const mountPoint = join(dir, 'mnt');
  mkdirSync(mountPoint);
  run('truncate', ['-s', `${sizeMb}M`, image]);
  run('mkfs.ext4', ['-q', '-F', image]);
  run('mount', ['-o', 'loop', image, mountPoint]);
  let frozen = false;
  return {
    path: mountPoint,
    freeze() { run('fsfreeze', ['-f', mountPoint]); frozen = true; },
    thaw() { if (frozen) { run('fsfreeze', ['-u', mountPoint]); frozen = false; } },
    remove() {
      this.thaw();
      try { run('umount', [mountPoint]); } catch { run('umount', ['-l', mountPoint]); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function smallTmpfs(size = '1m') {
  const dir = tempDir('acoustream-tmpfs-');
  const mountPoint = join(dir, 'mnt');
  mkdirSync(mountPoint);
  run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint]);
  return {
    path: mountPoint,
    remove() {
      try { run('umount', [mountPoint]); } catch { run('umount', ['-l', mountPoint]); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
