/**
 * The demo DAG (examples/demo/assets.ts) under the bench's policy (see
 * bench-policy.ts). Its lifetime value computes one day per call: a policy
 * given with `--policy` must call `materialize` one partition at a time.
 */
import * as demo from '../../examples/demo/assets';
import { underBenchPolicy } from '../bench-policy';

export const customers = demo.customers;
export const rawEvents = underBenchPolicy(demo.rawEvents);
export const dailyRevenue = underBenchPolicy(demo.dailyRevenue);
export const customerLifetimeValue = underBenchPolicy(demo.customerLifetimeValue);
export const monthlyRevenue = underBenchPolicy(demo.monthlyRevenue);
