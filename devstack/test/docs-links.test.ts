// Every relative link in the project's Markdown (README.md, docs/, any other *.md) points at a file
// that exists, and a link to a heading (`page.md#heading`, `#heading`) at a heading that exists:
// the docs are split into one page per capability, and a moved section must not leave a dead link.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenLinks, headingSlugs, linksIn, markdownFiles, missingPaths } from './docsLinks.ts';

const root = path.resolve(new URL('../..', import.meta.url).pathname);

describe('the link checker', () => {
  it('slugs headings as GitHub does, numbering repeats', () => {
    expect([...headingSlugs('# Billing (subscriptions, invoices, dunning, payment gateways)\n## Tests\n## Tests\n### `npm test`: the layers')])
      .toEqual(['billing-subscriptions-invoices-dunning-payment-gateways', 'tests', 'tests-1', 'npm-test-the-layers']);
  });

  it('reads links outside code only', () => {
    const md = 'see [a](docs/a.md#x) and [b](#top)\n\n```\n[not](code.md)\n```\nand `[nor](span.md)` but ![img](pic.png)';
    expect(linksIn(md)).toEqual(['docs/a.md#x', '#top', 'pic.png']);
  });

  it('finds a missing file and a missing heading', () => {
    const dir = fs.mkdtempSync('/tmp/links-');
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs', 'a.md'), '# A page\n## Its part\n');
    fs.writeFileSync(path.join(dir, 'README.md'),
      '# Top\n[ok](docs/a.md) [ok](docs/a.md#its-part) [ok](#top) [web](https://example.com/x.md)\n[gone](docs/b.md) [gone](docs/a.md#nothing) [gone](#nowhere)\n');
    expect(brokenLinks(dir).map((b) => b.link)).toEqual(['docs/b.md', 'docs/a.md#nothing', '#nowhere']);
  });

  it('finds a project file named in code that does not exist', () => {
    const dir = fs.mkdtempSync('/tmp/links-');
    fs.mkdirSync(path.join(dir, 'supabase', 'tests', 'plans'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'supabase', 'tests', 'plans', 'change_rule.test.sql'), '');
    fs.writeFileSync(path.join(dir, 'README.md'), 'Tests: `supabase/tests/plans/change_rule.test.sql`, `supabase/tests/plan_change_rule.test.sql`,\n'
      + '`supabase/tests/<capability>/x.test.sql`, `supabase/schemas/plans/`, `npm test`\n');
    expect(missingPaths(dir).map((b) => b.link)).toEqual(['supabase/tests/plan_change_rule.test.sql']);
  });
});

describe("the project's Markdown", () => {
  it('includes the README and the docs pages', () => {
    const files = markdownFiles(root).map((f) => path.relative(root, f));
    expect(files).toContain('README.md');
    expect(files.filter((f) => f.startsWith('docs/')).length).toBeGreaterThan(5);
  });

  it('has no broken relative link', () => {
    expect(brokenLinks(root).map((b) => `${path.relative(root, b.file)}: ${b.link}`)).toEqual([]);
  });

  it('names no project file that does not exist (a moved test, a renamed page)', () => {
    expect(missingPaths(root).map((b) => `${path.relative(root, b.file)}: ${b.link}`)).toEqual([]);
  });
});
