/**
 * The backfills as the server pushes them (server-sent events): a signal every
 * page reads, so progress bars and grids move without a reload.
 */
import { signal } from '@preact/signals';
import type { BackfillRow, BackfillsSnapshot, ConsoleConfig } from '../shared/console-types';
import { getJson } from './api';

export const backfills = signal<BackfillRow[] | undefined>(undefined);
export const liveError = signal<string | undefined>(undefined);
export const config = signal<ConsoleConfig | undefined>(undefined);

export function startLive(): void {
  void getJson<ConsoleConfig>('/config').then((c) => (config.value = c));
  const events = new EventSource('/api/events');
  events.addEventListener('snapshot', (e) => {
    backfills.value = (JSON.parse((e as MessageEvent<string>).data) as BackfillsSnapshot).backfills;
    liveError.value = undefined;
  });
  events.addEventListener('error', (e) => {
    const data = (e as MessageEvent<string | undefined>).data;
    liveError.value = data ? (JSON.parse(data) as { message: string }).message : 'connection to the console lost: retrying';
  });
}

/** Running backfills that touch `asset`: the grid refreshes while there are any. */
export const runningWith = (asset: string) => (backfills.value ?? []).filter((b) => b.status === 'RUNNING' && b.assets.includes(asset));
