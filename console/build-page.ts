/** `npm run build` step: the console's page, bundled into dist/console/page for the installed package. */
import { join } from 'node:path';
import { writePrebuiltPage } from './server/page-bundle';

void writePrebuiltPage(join(__dirname, '..', 'dist', 'console', 'page')).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
