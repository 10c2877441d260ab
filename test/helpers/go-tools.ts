import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './paths.js';
import { tempDir } from './run.js';

/**
 * A small Go program under test/go/, built once and kept running: it answers
 * one JSON line per JSON line sent, so a property test can ask thousands of
 * questions without a process per question.
 */
export class GoLineTool {
  private readonly waiting: Array<(line: string) => void> = [];

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  /** `args`: the program's mode (shshape -words). */
  static start(name: 'checkpath' | 'shshape', args: string[] = []): GoLineTool {
    const binary = path.join(tempDir(name), name);
    execFileSync('go', ['build', '-o', binary, '.'], {
      cwd: path.join(REPO_ROOT, 'test/go', name),
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
    return new GoLineTool(spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] }));
  }

  ask(value: string): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as string));
      this.child.stdin.write(`${JSON.stringify(value)}\n`);
    });
  }

  stop(): void {
    this.child.stdin.end();
  }
}
