// Launches Debian's Chromium through playwright-core (never downloads a browser), with a fresh
// profile directory per run.
import { chromium, type BrowserContext, type Request, type Response } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Requests sent and not answered yet, with when they were sent: a failed test reports them. */
export const inFlight = new Map<Request, number>();

/** The last API answers with an error status (method, path, status, start of the body): a failed test reports them. */
export const failedAnswers: { at: number; line: string }[] = [];
const FAILED_ANSWERS_KEPT = 10;

async function rememberFailedAnswer(r: Response): Promise<void> {
  if (r.status() < 400) return;
  const body = (await r.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
  failedAnswers.push({ at: Date.now(), line: `${r.request().method()} ${r.url().replace(/^https?:\/\/[^/]+/, '')} → ${r.status()} ${body}` });
  if (failedAnswers.length > FAILED_ANSWERS_KEPT) failedAnswers.shift();
}

export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cmx-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    // The console turns antd's animations off for reduced motion: a click never lands on a modal
    // still zooming in (an OK click lost that way left dialogs open on a loaded machine).
    reducedMotion: 'reduce',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.on('request', (r) => inFlight.set(r, Date.now()));
  context.on('requestfinished', (r) => inFlight.delete(r));
  context.on('requestfailed', (r) => inFlight.delete(r));
  context.on('response', (r) => { void rememberFailedAnswer(r); });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
