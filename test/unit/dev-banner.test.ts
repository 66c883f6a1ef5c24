/** What `retrofill dev` prints: addresses, lines to paste, and a first backfill that runs in seconds. */
import { describe, expect, it } from 'vitest';
import { dailyPartitions, monthlyPartitions, staticPartitions, unpartitioned } from '../../assets/partitions';
import { formatDevBanner, hintPartitionArgs, shellQuote } from '../../cli/views/dev-banner';

const NOW = Date.parse('2024-06-15T12:00:00Z');

describe('dev banner', () => {
  it('prints the addresses, the exports and a backfill of the first asset', () => {
    const banner = formatDevBanner(
      {
        databaseUrl: 'postgres://postgres:retrofill@127.0.0.1:5432/postgres',
        embeddedDatabase: true,
        temporalAddress: '127.0.0.1:7233',
        uiUrl: 'http://127.0.0.1:8233',
        taskQueue: 'retrofill',
        modulePath: './assets.ts',
        assets: [
          { name: 'raw_events', partitions: dailyPartitions({ start: '2024-01-01' }) },
          { name: 'daily_totals', partitions: dailyPartitions({ start: '2024-01-01' }) },
        ],
      },
      NOW,
    );
    expect(banner).toBe(
      [
        'Retrofill dev: ./assets.ts (2 assets: raw_events, daily_totals)',
        '  PostgreSQL  postgres://postgres:retrofill@127.0.0.1:5432/postgres (embedded, deleted on exit)',
        '  Temporal    127.0.0.1:7233 (dev server, in memory)',
        '  Web UI      http://127.0.0.1:8233',
        '  Task queue  retrofill',
        '',
        'In another terminal:',
        '  export DATABASE_URL=postgres://postgres:retrofill@127.0.0.1:5432/postgres',
        '  export TEMPORAL_ADDRESS=127.0.0.1:7233',
        '  npx retrofill backfill --assets raw_events --from 2024-01-01 --to 2024-01-07 --wait',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the Web UI of a Temporal it did not start, and exports a task queue that is not the default', () => {
    const banner = formatDevBanner({
      databaseUrl: 'postgres://me@db.internal/app?sslmode=require',
      embeddedDatabase: false,
      temporalAddress: 'temporal.internal:7233',
      taskQueue: 'mine',
      modulePath: 'assets.ts',
      assets: [{ name: 'totals', partitions: unpartitioned() }],
    });
    expect(banner).not.toMatch(/Web UI|embedded|dev server/);
    expect(banner).toContain("  export DATABASE_URL='postgres://me@db.internal/app?sslmode=require'\n");
    expect(banner).toContain('  export RETROFILL_TASK_QUEUE=mine\n');
    expect(banner).toContain('  npx retrofill backfill --assets totals --wait\n');
  });
});

describe('hintPartitionArgs', () => {
  it('covers the first seven partitions, fewer when fewer are complete', () => {
    expect(hintPartitionArgs(monthlyPartitions({ start: '2023-01' }), NOW)).toEqual(['--from', '2023-01', '--to', '2023-07']);
    expect(hintPartitionArgs(dailyPartitions({ start: '2024-06-12' }), NOW)).toEqual(['--from', '2024-06-12', '--to', '2024-06-14']);
    expect(hintPartitionArgs(staticPartitions(['eu', 'us']), NOW)).toEqual(['--partitions', 'eu,us']);
  });

  it('suggests no range when no partition is complete yet', () => {
    expect(hintPartitionArgs(dailyPartitions({ start: '2030-01-01' }), NOW)).toEqual([]);
  });
});

describe('shellQuote', () => {
  it('quotes only what a shell would read differently', () => {
    expect(shellQuote('127.0.0.1:7233')).toBe('127.0.0.1:7233');
    expect(shellQuote("a b'c")).toBe(`'a b'\\''c'`);
  });
});
