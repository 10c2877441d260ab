// Runs once after every test file: removes the stand-in base images the
// Docker suites shared (they are built once per run), so a run leaves no image
// behind. GMC_KEEP_STANDINS=1 keeps them for faster local re-runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

export default function globalTeardown() {
  // Only when this run used them: another run (or npm run bench) may be using them now.
  const marker = path.join(os.tmpdir(), `gmc-standins-used-${process.pid}`);
  if (!existsSync(marker)) return;
  rmSync(marker);
  if (process.env.GMC_KEEP_STANDINS) return;
  // Another jest run on this engine that uses them and is still running keeps them: its builds would fail.
  if (otherRunsUsingThem()) return;
  const listed = spawnSync(
    DOCKER,
    ['images', '-aq', '--filter', 'label=io.github.go-microcontainer.test=standin'],
    { encoding: 'utf8' },
  );
  if (listed.status !== 0) return; // no engine: nothing was built
  const named = spawnSync(DOCKER, ['images', '-q', '--filter', 'reference=gmc-standin/*'], {
    encoding: 'utf8',
  });
  const images = [...new Set([...listed.stdout.split('\n'), ...named.stdout.split('\n')].filter(Boolean))];
  if (images.length > 0) spawnSync(DOCKER, ['rmi', '-f', ...images], { stdio: 'ignore' });
}

/** Whether a live process other than this one left a marker that it uses the stand-ins. */
function otherRunsUsingThem() {
  return readdirSync(os.tmpdir()).some((name) => {
    const pid = Number(/^gmc-standins-used-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // ESRCH: that run is gone (its marker is stale); EPERM: it lives, under another user.
      return error.code === 'EPERM';
    }
  });
}
