/** The bench's CPU accounting reads real counters from /proc. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { machineBusyCpuMs, parentPid, processCpuMs, processFamilyCpuMs, startCpuCount } from '../../bench/cpu-time';

/** Spins until Node's own counter says this process used `ms` of CPU (however busy the machine is). */
function spinCpu(ms: number): number {
  const start = process.cpuUsage();
  for (;;) {
    for (let i = 0; i < 100_000; i++) Math.sqrt(i);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return (used.user + used.system) / 1000;
  }
}

describe('CPU time from /proc', () => {
  it('agrees with Node on the CPU this process used, and sees the machine busy', () => {
    const count = startCpuCount({});
    const used = spinCpu(300);
    const spent = count();
    // /proc counts in 10 ms ticks; other threads of this process may add a little.
    expect(spent.workerMs).toBeGreaterThanOrEqual(used - 20);
    expect(spent.workerMs).toBeLessThan(used + 200);
    expect(spent.temporalServerMs).toBeUndefined();
    expect(spent.postgresMs).toBeUndefined();
    expect(spent.otherMs).toBeGreaterThanOrEqual(-20);
  });

  it('gives nothing for a process that does not exist, and a growing machine counter', () => {
    expect(processCpuMs(2 ** 30)).toBeUndefined();
    expect(processFamilyCpuMs(2 ** 30)).toBeUndefined();
    const before = machineBusyCpuMs()!;
    spinCpu(50);
    expect(machineBusyCpuMs()!).toBeGreaterThan(before);
  });

  it("counts a process's reaped children with it, as PostgreSQL's ended backends count for the postmaster", () => {
    const count = startCpuCount({ postgresPid: process.pid });
    // A child that spins 300 ms of CPU and exits; spawnSync reaps it.
    const child = spawnSync(process.execPath, ['-e', 'const s = process.cpuUsage(); while ((process.cpuUsage(s).user + process.cpuUsage(s).system) < 300_000);']);
    expect(child.status).toBe(0);
    const spent = count();
    expect(spent.postgresMs! - spent.workerMs!).toBeGreaterThanOrEqual(280);
    expect(parentPid(process.pid)).toBe(process.ppid);
  });
});
