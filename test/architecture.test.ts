import { describe, expect, it } from 'vitest';
import {
  cliPublicApiRule,
  coreRule,
  engineSectionsRule,
  implementations,
  importCycles,
  interfacesRule,
  lazyNativeRule,
  quietLibraryRule,
  readSources,
  type SourceFile,
  siblingsRule,
} from './helpers/architecture.js';
import { ROOT } from './helpers/cli.js';

/** The directions of imports STYLE.md asks for, checked on the source text (no build needed). */

const files = readSources(ROOT);

describe('architecture (STYLE.md: direction of imports)', () => {
  it('finds the sources and the implementations', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(implementations(files, 'engines')).toContain('llamacpp');
    expect(implementations(files, 'energy')).toEqual(expect.arrayContaining(['nvml', 'rapl', 'estimate']));
  });

  it('core imports nothing of ours outside core, and no node:* module', () => {
    expect(coreRule(files)).toEqual([]);
  });

  it('harness and study see engines and energy sources only through their interfaces', () => {
    expect(interfacesRule(files)).toEqual([]);
  });

  it('implementations never import their siblings', () => {
    expect(siblingsRule(files)).toEqual([]);
  });

  it('heavy native dependencies are loaded lazily (only type imports at module top)', () => {
    expect(lazyNativeRule(files)).toEqual([]);
  });

  it('library code never prints, exits or reads argv (only the CLI and child entry points do)', () => {
    expect(quietLibraryRule(files)).toEqual([]);
  });

  it("an engine's config section is read only in that engine's folder and in config/", () => {
    expect(engineSectionsRule(files)).toEqual([]);
  });

  it('the CLI imports only the public API (src/index.ts types, src/api/, core/errors)', () => {
    expect(cliPublicApiRule(files)).toEqual([]);
  });

  it('there are no import cycles in src/', () => {
    expect(importCycles(files)).toEqual([]);
  });
});

/** Each rule, fed a small file set that breaks it, must report the break (and pass the clean twin). */
describe('architecture rules can fail', () => {
  const f = (path: string, text: string): SourceFile => ({ path, text });

  it('coreRule', () => {
    expect(coreRule([f('src/core/a.ts', "import { x } from '../harness/b.js';")])).toEqual([
      'src/core/a.ts → ../harness/b.js',
    ]);
    expect(coreRule([f('src/core/a.ts', "import { readFile } from 'node:fs';")])).toHaveLength(1);
    expect(coreRule([f('src/core/a.ts', "import { x } from './b.js';")])).toEqual([]);
  });

  it('interfacesRule', () => {
    const impl = f('src/engines/llamacpp/index.ts', '');
    const bad = f('src/harness/a.ts', "import { createLlamaCppEngine } from '../engines/llamacpp/index.js';");
    expect(interfacesRule([impl, bad])).toEqual(['src/harness/a.ts → ../engines/llamacpp/index.js']);
    expect(
      interfacesRule([f('src/study/a.ts', "import type { Engine } from '../engines/engine.js';")]),
    ).toEqual([]);
  });

  it('siblingsRule', () => {
    const bad = f('src/energy/rapl/a.ts', "import { x } from '../nvml/b.js';");
    const nvml = f('src/energy/nvml/b.ts', '');
    expect(siblingsRule([bad, nvml])).toEqual(['src/energy/rapl/a.ts → ../nvml/b.js']);
    expect(siblingsRule([f('src/energy/rapl/a.ts', "import { x } from '../source.js';")])).toEqual([]);
  });

  it('lazyNativeRule', () => {
    expect(
      lazyNativeRule([f('src/store/a.ts', "import { DuckDBInstance } from '@duckdb/node-api';")]),
    ).toHaveLength(1);
    const lazy = "import type { DuckDBInstance } from '@duckdb/node-api';\nawait import('@duckdb/node-api');";
    expect(lazyNativeRule([f('src/store/a.ts', lazy)])).toEqual([]);
  });

  it('quietLibraryRule', () => {
    expect(quietLibraryRule([f('src/harness/a.ts', 'console.log(1);')])).toEqual(['src/harness/a.ts']);
    expect(quietLibraryRule([f('src/cli/a.ts', 'console.log(1);')])).toEqual([]);
  });

  it('engineSectionsRule', () => {
    const reads = [
      'const n = config.llamacpp?.sequences;',
      'const s = c?.vllm;',
      "const o = config['openai'];",
      'const section = (config as Record<string, unknown>)[config.engine];',
      'const { model, tensorrt } = config;',
    ];
    for (const line of reads) {
      expect(engineSectionsRule([f('src/harness/a.ts', line)])).toHaveLength(1);
      expect(engineSectionsRule([f('src/cli/commands/a.ts', `x;\n${line}`)])).toEqual([
        expect.stringMatching(/^src\/cli\/commands\/a\.ts:2: /),
      ]);
      // Its own engine folder and config/ may read it.
      expect(engineSectionsRule([f('src/engines/llamacpp/a.ts', line), f('src/config/a.ts', line)])).toEqual(
        [],
      );
    }
    const harmless = [
      "import { x } from './engines/openai/index.js';",
      '// config.llamacpp.sequences in a comment',
      '/** `llamacpp.sequences` */',
      'const engine = config.engine;',
    ];
    expect(engineSectionsRule([f('src/registry.ts', harmless.join('\n'))])).toEqual([]);
  });

  it('cliPublicApiRule', () => {
    const bad = [
      "import { expandStudy } from '../../study/expand.js';",
      "import { writeReport } from '../../index.js';",
      "import type { StudySummary } from '../study/runner.js';",
    ];
    expect(cliPublicApiRule([f('src/cli/commands/a.ts', bad[0]!)])).toEqual([
      'src/cli/commands/a.ts → ../../study/expand.js',
    ]);
    expect(cliPublicApiRule([f('src/cli/commands/a.ts', bad[1]!)])).toHaveLength(1);
    expect(cliPublicApiRule([f('src/cli/a.ts', bad[2]!)])).toHaveLength(1);
    const good = [
      "import { planStudy } from '../../api/plan.js';",
      "import type { ResultRecord } from '../../index.js';",
      "import { ConfigError } from '../../core/errors.js';",
      "import { EXIT } from '../errors.js';",
      "import { parseArgs } from 'node:util';",
    ];
    expect(cliPublicApiRule([f('src/cli/commands/a.ts', good.join('\n'))])).toEqual([]);
  });

  it('importCycles', () => {
    const two = [
      f('src/config/load.ts', "import { loadStudy } from './study-load.js';"),
      f('src/config/study-load.ts', "import type { LoadConfigOptions } from './load.js';"),
    ];
    expect(importCycles(two)).toEqual(['src/config/load → src/config/study-load → src/config/load']);
    const three = [
      f('src/a/x.ts', "export { y } from '../b/y.js';"),
      f('src/b/y.ts', "const z = await import('../c/index.js');"),
      f('src/c/index.ts', "import '../a/x.js';"),
      f('src/d.ts', "import { y } from './b/y.js';"),
    ];
    expect(importCycles(three)).toEqual(['src/a/x → src/b/y → src/c/index → src/a/x']);
    expect(importCycles([f('src/a.ts', "import { a } from './a.js';")])).toEqual(['src/a → src/a']);
    const chain = [f('src/a.ts', "import './b.js';"), f('src/b.ts', "import './c.js';"), f('src/c.ts', '')];
    expect(importCycles(chain)).toEqual([]);
  });
});
