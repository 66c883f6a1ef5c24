/** The no-op fixtures (test/fixtures/noop-assets.ts) under the bench's policy (see bench-policy.ts). */
import * as fixture from '../../test/fixtures/noop-assets';
import { underBenchPolicy } from '../bench-policy';

export const noopHours = underBenchPolicy(fixture.noopHours);
export const noopFiveMinutes = underBenchPolicy(fixture.noopFiveMinutes);
