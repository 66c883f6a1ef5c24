/** `npm run setup:temporal`: finds or builds the temporal CLI and prints its path. */
import { ensureTemporalCli } from './temporal-cli';

console.log(ensureTemporalCli());
