/**
 * The app generator updates a project all or nothing: a file it cannot
 * replace, a link, an "abort" or Ctrl-C at a question, leave every file and
 * .yo-rc.json as they were.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import helpers from 'yeoman-test';
import { APP_GENERATOR, BIN } from './helpers/paths.js';
import { runBin } from './helpers/run.js';
import { runBinKilled, sandbox, treeBytes } from './helpers/sandbox.js';

/*
 * yeoman-test goes back to the test's folder only at its next run; the runs
 * below that .cd() into a project folder go back at once (context.restore()),
 * as the folder is removed after the test.
 */
async function settled<T>(context: PromiseLike<T> & { restore(): unknown }): Promise<T> {
  try {
    return await context;
  } finally {
    context.restore();
  }
}

function generated(prefix: string, args: string[] = []): string {
  const dir = sandbox(prefix);
  const run = runBin(dir, ['--yes', '--name', 'svc', ...args]);
  expect(run.status).toBe(0);
  return dir;
}

function outcomeOf(run: { generator: unknown }) {
  const generator = run.generator as { exitStatus: number; failure?: { code: string; message: string } };
  return {
    exitStatus: generator.exitStatus,
    code: generator.failure?.code,
    message: generator.failure?.message,
  };
}

describe('the app generator never half-updates a project', () => {
  it('a read-only main.go with --force stops the run before any file or .yo-rc.json changes', () => {
    const dir = generated('readonly');
    chmodSync(path.join(dir, 'main.go'), 0o444);
    const before = treeBytes(dir);
    const run = runBin(dir, ['--yes', '--port', '8080', '--force']);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      'go-microcontainer: main.go is read-only: make it writable (chmod u+w) to let it be replaced\n',
    );
    expect(treeBytes(dir)).toEqual(before);
  });

  it('a new port with --force replaces every file that changes, keeping build.sh executable', () => {
    const dir = generated('port');
    const run = runBin(dir, ['--yes', '--port', '8080', '--force']);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toContain('"8080"');
    expect(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))).toMatchObject({
      'generator-go-microcontainer': { port: 8080 },
    });
    expect(statSync(path.join(dir, 'build.sh')).mode & 0o111).not.toBe(0);
    expect(Object.keys(treeBytes(dir)).filter((file) => file.includes('.gmc-'))).toEqual([]);
  });

  it('"abort" at an overwrite question leaves every file and .yo-rc.json as they were', async () => {
    const dir = generated('abort');
    const before = treeBytes(dir);
    const context = helpers
      .run(APP_GENERATOR, {}, { force: false })
      .cd(dir)
      .withOptions({ port: '8080', force: false } as never)
      .withAnswers({ overwrite: 'abort' });
    const run = await settled(context);
    expect(outcomeOf(run)).toEqual({
      exitStatus: 1,
      code: 'aborted',
      message: 'aborted: nothing was written',
    });
    expect(treeBytes(dir)).toEqual(before);
  });

  it('"no" to one file writes the rest and the new answers', async () => {
    const dir = generated('decline');
    const mainGo = readFileSync(path.join(dir, 'main.go'), 'utf8');
    const asked: string[] = [];
    const context = helpers
      .run(APP_GENERATOR, {}, { force: false })
      .cd(dir)
      .withOptions({ port: '8080', force: false } as never)
      .withAnswers(
        {},
        {
          callback: (_answer, { question }) => {
            const message = String((question as { message: string }).message);
            asked.push(message);
            return message === 'Overwrite main.go?' ? 'no' : 'yes';
          },
        },
      );
    await settled(context);
    expect(asked).toContain('Overwrite main.go?');
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe(mainGo);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toContain('EXPOSE 8080');
    expect(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8')).toContain('"port": 8080');
  });

  it('Ctrl-C at a question exits 130 and writes nothing', async () => {
    const dir = generated('ctrl-c');
    const before = treeBytes(dir);
    const context = helpers
      .run(APP_GENERATOR, {}, { force: false })
      .cd(dir)
      .withOptions({ port: '8080', force: false } as never)
      .withAnswers(
        {},
        {
          callback: () => {
            // What @inquirer/core throws when Ctrl-C closes a prompt.
            const error = new Error('User force closed the prompt with SIGINT');
            error.name = 'ExitPromptError';
            throw error;
          },
        },
      );
    // Yeoman's adapter rejects the run with the prompt's error (yo exits with its code).
    await expect(settled(context)).rejects.toMatchObject({
      name: 'ExitPromptError',
      code: 130,
    });
    expect(outcomeOf(context)).toEqual({
      exitStatus: 130,
      code: 'interrupted',
      message: 'interrupted: nothing was written',
    });
    expect(treeBytes(dir)).toEqual(before);
  });

  it('Ctrl-C typed at a real terminal question exits 130 and writes nothing', async () => {
    const dir = sandbox('tty');
    // script(1) gives the bin a terminal; Ctrl-C is typed once the first question shows.
    const child = spawn('script', ['-qec', `${process.execPath} ${BIN}`, '/dev/null'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (typed || !screen.includes('App name')) return;
      typed = true;
      // Typed a moment after the question shows, as a person would.
      setTimeout(() => child.stdin.write('\x03'), 300);
    });
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(screen).toContain('go-microcontainer: interrupted: nothing was written');
    expect(screen).not.toContain('User force closed');
    // NO_COLOR: the question is not coloured (cursor control remains, it is a terminal).
    expect(screen).not.toMatch(new RegExp(`${String.fromCharCode(27)}\\[3\\dm`));
    expect(status).toBe(130);
    expect(treeBytes(dir)).toEqual({});
  });

  it('every file is the old or the new version, wherever a SIGKILL lands', async () => {
    const dir = generated('kill');
    const old = treeBytes(dir);
    const reference = generated('kill-ref');
    expect(runBin(reference, ['--yes', '--port', '8080', '--force']).status).toBe(0);
    const fresh = treeBytes(reference);
    const kills = 12;
    let mixed = 0;
    for (let i = 0; i < kills; i++) {
      await runBinKilled(dir, ['--yes', '--port', '8080', '--force'], {
        whenFileMatches: /\.gmc-[0-9a-f]+\.tmp$/,
        thenMs: Math.floor(Math.random() * 15),
      });
      const now = treeBytes(dir);
      for (const [file, bytes] of Object.entries(now)) {
        if (file.includes('.gmc-')) continue; // a killed run's temp file: never read, safe to remove
        expect([old[file], fresh[file]]).toContain(bytes);
      }
      if (Object.entries(now).some(([file, bytes]) => !file.includes('.gmc-') && bytes !== old[file]))
        mixed++;
      // Back to the old project for the next kill.
      for (const file of Object.keys(now)) rmSync(path.join(dir, file));
      for (const [file, bytes] of Object.entries(old))
        writeFileSync(path.join(dir, file), Buffer.from(bytes, 'base64'));
    }
    process.stdout.write(
      `generator kill loop: ${kills} kills, ${mixed} left some files new, 0 files damaged\n`,
    );
  }, 120_000);

  it('a hand-edited file is not replaced without --force when there is no terminal to ask on', () => {
    const dir = generated('changed');
    writeFileSync(path.join(dir, 'main.go'), '// mine\n');
    const run = runBin(dir, ['--yes', '--port', '8081']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/main\.go.*already exist.*--force/);
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe('// mine\n');
  });
});
