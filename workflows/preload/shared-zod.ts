/**
 * Preloaded once per workflow thread, before any workflow runs (see
 * `WORKFLOW_BUNDLER_OPTIONS`): it loads zod into the modules every workflow
 * shares. The SDK freezes those right after, while zod fills in some of its
 * module state on first use (default locale, memoizer, whether `eval` works):
 * parsing a small schema here, valid and invalid, fills it in beforehand.
 */
import { z } from 'zod';

const warmUp = z
  .object({ name: z.string().min(1), items: z.array(z.enum(['a', 'b'])).min(1), count: z.number().int().optional() })
  .strict();
warmUp.safeParse({ name: 'x', items: ['a'], count: 1 });
warmUp.safeParse({ name: '', items: [], extra: true });
