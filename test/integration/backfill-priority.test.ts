/**
 * A backfill's Temporal task priority: the backfill and every child workflow
 * of its partitions carry the request's priority key (4 unless it says
 * otherwise) and the backfill as fairness key, as Temporal reports them.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startDemoDeployment, type DemoDeployment } from '../helpers/demo-deployment';

const RANGE = { from: '2023-01-01', to: '2023-01-03' };

let demo: DemoDeployment;
let connection: Connection;
let temporal: Client;

/** Priority of the backfill and of each child workflow it started, as Temporal describes them. */
async function priorities(backfillId: string) {
  const parent = await temporal.workflow.getHandle(backfillId).describe();
  const children: Array<{ id: string; priorityKey?: number; fairnessKey?: string }> = [];
  for await (const w of temporal.workflow.list({ query: `RetrofillBackfillId = '${backfillId}' AND WorkflowType != 'backfill'` })) {
    const d = await temporal.workflow.getHandle(w.workflowId, w.runId).describe();
    children.push({ id: w.workflowId, priorityKey: d.priority?.priorityKey, fairnessKey: d.priority?.fairnessKey });
  }
  return { parent: parent.priority, children };
}

beforeAll(async () => {
  demo = await startDemoDeployment(resolve(__dirname, '../../examples/demo/assets.ts'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await demo?.stop();
});

describe('a backfill on a shared task queue', () => {
  it('runs its partitions at priority 4 by default, with itself as fairness key', async () => {
    const handle = await demo.client.start({ assets: ['raw_events'], ...RANGE, mode: 'all' }, 'priority-default');
    expect((await handle.result()).outcome).toBe('completed');
    const { parent, children } = await priorities('priority-default');
    expect(parent).toMatchObject({ priorityKey: 4, fairnessKey: 'priority-default' });
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(child, child.id).toMatchObject({ priorityKey: 4, fairnessKey: 'priority-default' });
  });

  it('runs them at the priority the request gives', async () => {
    const handle = await demo.client.start({ assets: ['raw_events'], ...RANGE, mode: 'all', priority: 2 }, 'priority-two');
    expect((await handle.result()).outcome).toBe('completed');
    const { parent, children } = await priorities('priority-two');
    expect(parent).toMatchObject({ priorityKey: 2, fairnessKey: 'priority-two' });
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(child, child.id).toMatchObject({ priorityKey: 2, fairnessKey: 'priority-two' });
  });
});
