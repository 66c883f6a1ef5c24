import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenLinks, diskRepository, docsFiles, memoryRepository } from '../helpers/markdown-links';

const ROOT = join(__dirname, '..', '..');
const files = docsFiles(ROOT);

describe('docs links', () => {
  it('covers the README and the docs folder', () => {
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.startsWith('docs/')).length).toBeGreaterThan(3);
  });

  it.each(files)('%s: every relative link reaches a file and every anchor a heading', async (file) => {
    const broken = (await brokenLinks(file, diskRepository(ROOT))).map((b) => `${file}: link "${b.link}": ${b.problem}`);
    expect(broken).toEqual([]);
  });
});

describe('the link checker', () => {
  const sample = memoryRepository({
    'README.md': [
      '# Retrofill',
      '## With the `temporal` CLI',
      'Fine: [guide](docs/guide.md#first-steps), [here](#with-the-temporal-cli), [folder](examples/), [web](https://temporal.io).',
      'Broken: [gone](docs/missing.md), [bad anchor](docs/guide.md#no-such-heading), [bad here](#nowhere), [out](../x.md).',
      'Not links: `[span](nope.md)`',
      '```',
      '[block](nope.md)',
      '```',
    ].join('\n'),
    'docs/guide.md': '# Guide\n## First steps\nBack to [the README](../README.md#retrofill).\n',
    'examples/demo.ts': '',
  });

  it('reports a missing file, a wrong anchor in another file and in its own, and a path out of the repository', async () => {
    const broken = await brokenLinks('README.md', sample);
    expect(broken.map((b) => b.link)).toEqual(['docs/missing.md', 'docs/guide.md#no-such-heading', '#nowhere', '../x.md']);
    expect(broken[0]!.problem).toBe('docs/missing.md does not exist');
    expect(broken[1]!.problem).toMatch(/^#no-such-heading matches no heading of docs\/guide\.md \(anchors: guide, first-steps\)$/);
  });

  it('accepts links that resolve, relative to the linking file', async () => {
    expect(await brokenLinks('docs/guide.md', sample)).toEqual([]);
  });
});
