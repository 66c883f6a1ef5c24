/** Which changes in the folder of an assets module reload `retrofill dev`'s worker. */
import { describe, expect, it } from 'vitest';
import { isWatchedSource } from '../../local/source-watcher';

describe('isWatchedSource', () => {
  it('takes source and JSON files, in subfolders too', () => {
    for (const path of ['assets.ts', 'lib/sql.mts', 'a.cts', 'b.js', 'c.mjs', 'd.cjs', 'config/settings.json']) {
      expect(isWatchedSource(path), path).toBe(true);
    }
  });

  it('leaves out node_modules, dot folders and files, and editor leftovers', () => {
    for (const path of ['node_modules/x/index.js', 'lib/node_modules/y.ts', '.git/index.json', '.assets.ts.swp', '.hidden.ts', 'assets.ts~', 'notes.md', '4913']) {
      expect(isWatchedSource(path), path).toBe(false);
    }
  });
});
