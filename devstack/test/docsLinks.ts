// A small checker for relative links in Markdown: files must exist, #headings must exist.
import fs from 'node:fs';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.devstack', '.git', 'dist', 'screenshots', 'results']);

/** Every *.md under root, outside dependencies and generated folders. */
export function markdownFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) out.push(...markdownFiles(path.join(root, entry.name)));
    } else if (entry.name.endsWith('.md')) {
      out.push(path.join(root, entry.name));
    }
  }
  return out.sort();
}

/** The text without fenced code blocks and inline code spans, where brackets are not links. */
function withoutCode(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Targets of inline links and images, in order: `[text](target "title")`. */
export function linksIn(md: string): string[] {
  return [...withoutCode(md).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function headingSlugs(md: string): Set<string> {
  const seen = new Map<string, number>();
  const slugs = new Set<string>();
  const text = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  // Explicit anchors (<a id="x"></a>) count too.
  for (const m of md.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) slugs.add(m[1]);
  return slugs;
}

export type BrokenLink = { file: string; link: string };

/** Relative links (and #anchors) in root's Markdown that lead nowhere. */
export function brokenLinks(root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const slugCache = new Map<string, Set<string>>();
  const slugsOf = (file: string) => {
    if (!slugCache.has(file)) slugCache.set(file, headingSlugs(fs.readFileSync(file, 'utf8')));
    return slugCache.get(file)!;
  };
  for (const file of markdownFiles(root)) {
    for (const link of linksIn(fs.readFileSync(file, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: … are not ours to check
      const [target, anchor] = link.split('#', 2);
      const resolved = target ? path.resolve(path.dirname(file), decodeURIComponent(target)) : file;
      if (!fs.existsSync(resolved)) { broken.push({ file, link }); continue; }
      if (anchor && resolved.endsWith('.md') && !slugsOf(resolved).has(decodeURIComponent(anchor).toLowerCase())) broken.push({ file, link });
    }
  }
  return broken;
}

/** Repository files named in code spans (`supabase/tests/plans/change_rule.test.sql`) that do not exist. */
export function missingPaths(root: string): BrokenLink[] {
  const missing: BrokenLink[] = [];
  for (const file of markdownFiles(root)) {
    const text = fs.readFileSync(file, 'utf8').replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
    for (const m of text.matchAll(/`([^`\n]+)`/g)) {
      // Only a concrete file under a top-level folder of the project (no wildcard or placeholder).
      if (/^(supabase|devstack|admin|bench|docs)\/[\w./-]*\.[a-z]+$/.test(m[1]) && !fs.existsSync(path.join(root, m[1]))) {
        missing.push({ file, link: m[1] });
      }
    }
  }
  return missing;
}
