/**
 * The app generator updates a project all or nothing: a file it cannot
 * replace, a link, an "abort" or Ctrl-C at a question, leave every file and
 * .yo-rc.json as they were.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import helpers from 'yeoman-test';
import { APP_GENERATOR, BIN } from './helpers/paths.js';
import { runBin } from './helpers/run.js';
import { sandbox, treeBytes } from './helpers/sandbox.js';

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
    const run = await helpers
      .run(APP_GENERATOR, {}, { force: false })
      .cd(dir)
      .withOptions({ port: '8080', force: false } as never)
      .withAnswers({ overwrite: 'abort' });
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
    await helpers
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
    await expect(context).rejects.toMatchObject({ name: 'ExitPromptError', code: 130 });
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

  it('a hand-edited file is not replaced without --force when there is no terminal to ask on', () => {
    const dir = generated('changed');
    writeFileSync(path.join(dir, 'main.go'), '// mine\n');
    const run = runBin(dir, ['--yes', '--port', '8081']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/main\.go.*already exist.*--force/);
    expect(readFileSync(path.join(dir, 'main.go'), 'utf8')).toBe('// mine\n');
  });
});
