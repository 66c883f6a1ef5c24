/** Which of a worker's stderr lines `retrofill dev` shows. */
import { describe, expect, it } from 'vitest';
import { createSdkLogFilter } from '../../local/sdk-log-filter';

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
