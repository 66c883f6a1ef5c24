/** Which of a worker's stderr lines `retrofill dev` shows. */
import { describe, expect, it } from 'vitest';
import { createSdkLogFilter, isShutdownRace } from '../../local/sdk-log-filter';

const shown = (lines: string[]) => lines.filter(createSdkLogFilter());

describe('createSdkLogFilter', () => {
  it("drops the SDK's info entries, multi-line ones included, and keeps warnings and other output", () => {
    expect(
      shown([
        '2026-12-03T21:13:22.263Z [INFO] asset workflow-bundle.js 3.02 MiB [emitted] (name: main)',
        'orphan modules 473 KiB [orphan] 77 modules',
        "webpack 5.112.2 compiled successfully in 4090 ms { sdkComponent: 'worker', taskQueue: 'retrofill' }",
        "2026-12-03T21:13:23.002Z [INFO] Worker state changed { sdkComponent: 'worker', state: 'RUNNING' }",
        "2026-12-03T21:13:24.000Z [WARN] Activity failed { attempt: 1 }",
        'retrofill: Invalid asset definitions:',
        '- cannot load the assets module',
      ]),
    ).toEqual(["2026-12-03T21:13:24.000Z [WARN] Activity failed { attempt: 1 }", 'retrofill: Invalid asset definitions:', '- cannot load the assets module']);
  });

  it('shows what follows an info entry that never ends, after a bounded number of lines', () => {
    const lines = ['2026-12-03T21:13:22.263Z [INFO] no metadata', ...Array.from({ length: 45 }, (_, i) => `line ${i}`)];
    expect(shown(lines)).toEqual(['line 40', 'line 41', 'line 42', 'line 43', 'line 44']);
  });
});

describe('isShutdownRace', () => {
  it("recognises the core's warning that a worker's shutdown call lost its server, as dev stops both, and nothing else", () => {
    const race =
      '\u001b[2m2026-12-06T21:19:04.640552Z\u001b[0m \u001b[33m WARN\u001b[0m \u001b[2mtemporalio_sdk_core::worker\u001b[0m\u001b[2m:\u001b[0m ' +
      'shutdown_worker rpc errored during worker shutdown: Status { code: Cancelled, message: "operation was canceled" }';
    expect(isShutdownRace(race)).toBe(true);
    expect(isShutdownRace('2026-12-03T21:13:24.000Z [WARN] Activity failed { attempt: 1 }')).toBe(false);
    expect(isShutdownRace('retrofill worker: partitions did not stop within 10 s of the shutdown request: exiting without them')).toBe(false);
  });
});
