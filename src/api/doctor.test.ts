import { describe, expect, it } from 'vitest';
import { diagnose } from './doctor.js';

describe('diagnose', () => {
  it("probes the Python engines with the caller's environment, not the process's", async () => {
    const missing = '/nonexistent/llem-test/python3';
    const d = await diagnose({ env: { ...process.env, LLEM_PYTHON: missing } });
    const transformers = d.engines.find((e) => e.engine === 'transformers');
    expect(transformers?.available).toBe(false);
    expect(transformers?.reason).toContain(missing);
  });
});
