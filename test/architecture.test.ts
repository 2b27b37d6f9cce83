import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

/** The directions of imports STYLE.md asks for, checked on the source text (no build needed). */

const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.contract.ts')
      ? [p]
      : [];
  });
}

interface Import {
  spec: string;
  /** `src/…` path of a relative import, without extension. */
  target: string | null;
  typeOnly: boolean;
  dynamic: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
    out.push(resolveImport(file, m[3]!, m[2] !== undefined, false));
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push(resolveImport(file, m[1]!, false, true));
  return out;
}

function resolveImport(file: string, spec: string, typeOnly: boolean, dynamic: boolean): Import {
  const target = spec.startsWith('.')
    ? relative(ROOT, resolve(dirname(file), spec))
        .replace(/\.js$/, '')
        .replaceAll('\\', '/')
    : null;
  return { spec, target, typeOnly, dynamic };
}

const rel = (f: string) => relative(ROOT, f).replaceAll('\\', '/');
const files = sources(SRC);
const ENGINE_IMPLS = ['llamacpp', 'python'];
const ENERGY_IMPLS = ['nvml', 'rapl', 'amdgpu', 'command', 'estimate'];
/** Programs run as child processes: they own their process, like the CLI. */
const ENTRY_POINTS = ['src/engines/llamacpp/trial-load.ts', 'src/study/executors/child.ts'];

describe('architecture (STYLE.md: direction of imports)', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('core imports nothing of ours outside core, and no node:* module', () => {
    const bad = files
      .filter((f) => rel(f).startsWith('src/core/'))
      .flatMap((f) =>
        importsOf(f)
          .filter(
            (i) => i.spec.startsWith('node:') || (i.target !== null && !i.target.startsWith('src/core/')),
          )
          .map((i) => `${rel(f)} → ${i.spec}`),
      );
    expect(bad).toEqual([]);
  });

  it('harness and study see engines and energy sources only through their interfaces', () => {
    const impl = new RegExp(`^src/(engines/(${ENGINE_IMPLS.join('|')})|energy/(${ENERGY_IMPLS.join('|')}))/`);
    const bad = files
      .filter((f) => /^src\/(harness|study|analysis)\//.test(rel(f)))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => i.target !== null && impl.test(`${i.target}/`))
          .map((i) => `${rel(f)} → ${i.spec}`),
      );
    expect(bad).toEqual([]);
  });

  it('implementations never import their siblings', () => {
    const bad: string[] = [];
    for (const [root, impls] of [
      ['engines', ENGINE_IMPLS],
      ['energy', ENERGY_IMPLS],
    ] as const) {
      for (const name of impls) {
        const own = `src/${root}/${name}/`;
        for (const f of files.filter((x) => rel(x).startsWith(own))) {
          for (const i of importsOf(f)) {
            const other = impls.find((o) => o !== name && i.target?.startsWith(`src/${root}/${o}/`));
            if (other) bad.push(`${rel(f)} → ${i.spec}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('heavy native dependencies are loaded lazily (only type imports at module top)', () => {
    const heavy = /^(node-llama-cpp|koffi|@duckdb\/node-api)$/;
    const bad = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => heavy.test(i.spec) && !i.typeOnly && !i.dynamic)
        .filter(() => !ENTRY_POINTS.includes(rel(f)))
        .map((i) => `${rel(f)} → ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('library code never prints, exits or reads argv (only the CLI and child entry points do)', () => {
    const bad = files
      .filter((f) => !rel(f).startsWith('src/cli/') && !ENTRY_POINTS.includes(rel(f)))
      .filter((f) => /\bconsole\.|process\.exit\(|process\.argv\b/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });
});
