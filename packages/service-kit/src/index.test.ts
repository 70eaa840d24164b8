import { describe, expect, it } from 'vitest';
import { Counter, createLifecycle, env, serveProbes } from './index.ts';

describe('probes', () => {
  it('healthz always, readyz only when ready, metrics with the service label', async () => {
    const lifecycle = createLifecycle('probe-test');
    new Counter({ name: 'things_total', help: 'things', registers: [lifecycle.registry] }).inc(3);
    const server = await serveProbes(lifecycle, 0);
    const { port } = server.address() as { port: number };
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    try {
      expect((await get('/healthz')).status).toBe(200);
      expect((await get('/readyz')).status).toBe(503);
      lifecycle.ready = true;
      expect((await get('/readyz')).status).toBe(200);
      let problem: string | undefined = 'inserts failing for 61 s: boom';
      lifecycle.problems.push(() => problem);
      const stuck = await get('/readyz');
      expect(stuck.status).toBe(503);
      expect(await stuck.text()).toBe('probe-test: inserts failing for 61 s: boom\n');
      problem = undefined;
      expect((await get('/readyz')).status).toBe(200);
      expect(await (await get('/metrics')).text()).toContain('things_total{service="probe-test"} 3');
      expect((await get('/nope')).status).toBe(404);
    } finally {
      server.close();
    }
  });
  it('a missing required variable names itself', () => {
    expect(() => env('SERVLOOP_SURELY_UNSET_VARIABLE')).toThrow(/SERVLOOP_SURELY_UNSET_VARIABLE is required/);
    expect(env('SERVLOOP_SURELY_UNSET_VARIABLE', 'x')).toBe('x');
  });
});
