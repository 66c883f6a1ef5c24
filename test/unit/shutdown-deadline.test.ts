/** The `retrofill worker` backstop: a process something holds open still exits, non-zero and saying why, after SIGINT/SIGTERM. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = join(__dirname, '../fixtures/held-process.ts');

function runUntilSignalled(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let sentAt = 0;
    const guard = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`still running 20 s after ${signal}`))), 20_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (sentAt === 0 && d.toString().includes('ready')) {
        sentAt = Date.now();
        child.kill(signal);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr, ms: Date.now() - sentAt });
    });
  });
}

describe('the shutdown backstop', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('ends a held process after %s with code 1 and a message', async (signal) => {
    const { code, stderr, ms } = await runUntilSignalled(signal);
    expect(code).toBe(1);
    expect(stderr).toContain(`still running 0.5 s after ${signal}: exiting`);
    expect(ms).toBeGreaterThanOrEqual(450);
  }, 30_000);
});
