import { test, expect, type APIResponse, type Page, type Response } from '@playwright/test';

/** One directive of a policy, e.g. `script-src 'self' …`. */
function directive(policy: string, name: string): string {
  const d = policy.split(';').map((x) => x.trim()).find((x) => x.startsWith(`${name} `));
  if (!d) throw new Error(`no ${name} in ${policy}`);
  return d;
}

/** Every Content-Security-Policy header of a response (there must be exactly one: two policies would both apply). */
async function policies(r: Response | APIResponse): Promise<string[]> {
  return (await r.headersArray()).filter((h) => h.name.toLowerCase() === 'content-security-policy').map((h) => h.value);
}

/** Records CSP violations from the first script on, so one during start-up is not missed. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test('the page, its worker scripts and the wasm binaries carry a CSP without unsafe-inline scripts, and the workbench runs under it', async ({ page }) => {
  test.setTimeout(180_000);
  const responses = new Map<string, Response>();
  page.on('response', (r) => responses.set(r.url().split('#')[0], r));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url().split('#')[0]));
  const violations = await watchViolations(page);

  const doc = (await page.goto('/'))!;
  const [pagePolicy, ...extra] = await policies(doc);
  expect(extra).toEqual([]);
  const scripts = directive(pagePolicy, 'script-src');
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).toContain("'wasm-unsafe-eval'");
  // no 'strict-dynamic': it would let a script-made inline script run and load scripts from anywhere
  expect(scripts).not.toContain("'strict-dynamic'");
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scripts)?.[1];
  expect(nonce).toBeTruthy();
  expect(directive(pagePolicy, 'connect-src')).toBe("connect-src 'self'");
  expect(directive(pagePolicy, 'object-src')).toBe("object-src 'none'");
  expect(doc.headers()['x-content-type-options']).toBe('nosniff');
  // the page changes with every build: only the versioned binaries and Next's hashed chunks are cached for good
  expect(doc.headers()['cache-control'] ?? '').not.toContain('immutable');
  // Next put this response's nonce on every script of the page
  const scriptNonces = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
  expect(scriptNonces.length).toBeGreaterThan(3);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  // a fresh nonce per response
  const again = await page.request.get('/');
  expect(directive((await policies(again))[0], 'script-src')).not.toContain(`'nonce-${nonce}'`);

  // the default experiment loads and evaluates: engine and model workers both run under the policy
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('metrics-table')).toBeVisible({ timeout: 150_000 });
  // the only violation allowed is zod's start-up probe `Function("")`, which the policy refuses as it should (zod then runs without eval)
  expect((await violations()).filter((v) => !v.startsWith('script-src eval'))).toEqual([]);

  // worker scripts get their own policy from their response: no nonce, WebAssembly allowed
  expect(workers.length).toBeGreaterThanOrEqual(2);
  for (const url of workers) {
    const r = responses.get(url);
    expect(r, url).toBeTruthy();
    const [p, ...more] = await policies(r!);
    expect(more, url).toEqual([]);
    expect(directive(p, 'script-src'), url).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(r!.headers()['content-type'], url).toMatch(/javascript/);
    expect(r!.headers()['x-content-type-options'], url).toBe('nosniff');
  }
  // the binaries sit in folders named for their package version, so browsers may keep them for good
  for (const wasm of [/^\/duckdb\/\d+\.\d+\.\d+[^/]*\/duckdb-eh\.wasm$/, /^\/tfjs\/\d+\.\d+\.\d+[^/]*\/tfjs-backend-wasm-simd\.wasm$/]) {
    const r = [...responses.entries()].find(([u]) => wasm.test(new URL(u).pathname))?.[1];
    expect(r, String(wasm)).toBeTruthy();
    expect(r!.headers()['cache-control'], String(wasm)).toBe('public, max-age=31536000, immutable');
    const [p, ...more] = await policies(r!);
    expect(more, String(wasm)).toEqual([]);
    expect(directive(p, 'script-src'), String(wasm)).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(r!.headers()['content-type'], String(wasm)).toBe('application/wasm');
    expect(r!.headers()['x-content-type-options'], String(wasm)).toBe('nosniff');
  }
  // and nothing the page loaded came with two policies or none
  for (const [url, r] of responses) {
    if (new URL(url).origin !== new URL(doc.url()).origin || r.status() >= 300) continue;
    expect((await policies(r)).length, url).toBe(1);
  }
});

test('an injected inline script, event handler or script with a wrong nonce does not run', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/');
  await expect(page.getByTestId('sim-summary')).toBeVisible({ timeout: 60_000 });
  const ran = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const inline = document.createElement('script');
    inline.textContent = 'window.__inline = true';
    document.body.append(inline);
    const forged = document.createElement('script');
    forged.nonce = 'AAAAAAAAAAAAAAAAAAAAAA==';
    forged.textContent = 'window.__forged = true';
    document.body.append(forged);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onload="window.__handler = true" onerror="window.__handler = true">';
    document.body.append(holder);
    await new Promise((r) => setTimeout(r, 500));
    return { inline: w.__inline === true, forged: w.__forged === true, handler: w.__handler === true };
  });
  expect(ran).toEqual({ inline: false, forged: false, handler: false });
  const blocked = await violations();
  expect(blocked.filter((v) => v.startsWith('script-src-elem inline')).length).toBe(2);
  expect(blocked.some((v) => v.startsWith('script-src-attr inline'))).toBe(true);
});
