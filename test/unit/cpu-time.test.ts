/** The bench's CPU accounting reads real counters from /proc. */
import { describe, expect, it } from 'vitest';
import { machineBusyCpuMs, processCpuMs, startCpuCount } from '../../bench/cpu-time';

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
    const count = startCpuCount(undefined);
    const used = spinCpu(300);
    const spent = count();
    // /proc counts in 10 ms ticks; other threads of this process may add a little.
    expect(spent.workerMs).toBeGreaterThanOrEqual(used - 20);
    expect(spent.workerMs).toBeLessThan(used + 200);
    expect(spent.temporalServerMs).toBeUndefined();
    expect(spent.otherMs).toBeGreaterThanOrEqual(-20);
  });

  it('gives nothing for a process that does not exist, and a growing machine counter', () => {
    expect(processCpuMs(2 ** 30)).toBeUndefined();
    const before = machineBusyCpuMs()!;
    spinCpu(50);
    expect(machineBusyCpuMs()!).toBeGreaterThan(before);
  });
});
