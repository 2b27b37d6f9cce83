import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/**
 * The rules of STYLE.md ("direction of imports") and issue 8 as pure functions over a set of
 * source files, so that each rule can be run on `src/` and on a synthetic violating file set
 * (a rule that cannot fail proves nothing). Every rule returns its violations as readable lines.
 */

/** One source file: its repository path (`src/…/x.ts`, forward slashes) and text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One import or re-export statement (static or dynamic). */
export interface Import {
  spec: string;
  /** `src/…` path of a relative import, without extension; null for packages and `node:*`. */
  target: string | null;
  typeOnly: boolean;
  dynamic: boolean;
}

/** Production sources under `root/src` (no tests, no contract suites). */
export function readSources(root: string): SourceFile[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.contract.ts')
        ? [p]
        : [];
    });
  return walk(join(root, 'src')).map((p) => ({
    path: relative(root, p).replaceAll('\\', '/'),
    text: readFileSync(p, 'utf8'),
  }));
}

/** `src/a/b` for a file `src/a/b.ts` (the key imports resolve to). */
export const moduleOf = (path: string): string => path.replace(/\.ts$/, '');

function resolveImport(file: string, spec: string, typeOnly: boolean, dynamic: boolean): Import {
  const target = spec.startsWith('.')
    ? posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.(js|ts)$/, '')
    : null;
  return { spec, target, typeOnly, dynamic };
}

/** The imports of `file`: `import … from`, `export … from`, side-effect `import '…'`, and `import('…')`. */
export function importsOf(file: SourceFile): Import[] {
  const out: Import[] = [];
  for (const m of file.text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) {
    out.push(resolveImport(file.path, m[3]!, m[2] !== undefined, false));
  }
  for (const m of file.text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm))
    out.push(resolveImport(file.path, m[1]!, false, false));
  for (const m of file.text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g))
    out.push(resolveImport(file.path, m[1]!, false, true));
  return out;
}

/** The text without comments (string contents are kept: template literals hold code). */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * The implementations under `src/<root>/` (`engines`, `energy`): one folder each, so the list is
 * read from the file set and a new engine or source is covered without editing the rules.
 */
export function implementations(files: readonly SourceFile[], root: 'engines' | 'energy'): string[] {
  const names = new Set<string>();
  for (const f of files) {
    const m = new RegExp(`^src/${root}/([^/]+)/`).exec(f.path);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}
/** Programs run as child processes: they own their process, like the CLI. */
export const ENTRY_POINTS = [
  'src/engines/llamacpp/trial-load.ts',
  'src/engines/openai/guard.ts',
  'src/study/executors/child.ts',
];
/** Config sections that belong to one engine (`llamacpp:`, `vllm:` …). */
export const ENGINE_SECTIONS = ['llamacpp', 'transformers', 'vllm', 'tensorrt', 'openai'];

const violations = (files: readonly SourceFile[], keep: (f: SourceFile, i: Import) => boolean) =>
  files.flatMap((f) =>
    importsOf(f)
      .filter((i) => keep(f, i))
      .map((i) => `${f.path} → ${i.spec}`),
  );

/** `core` imports nothing of ours outside `core`, and no `node:*` module. */
export function coreRule(files: readonly SourceFile[]): string[] {
  return violations(
    files,
    (f, i) =>
      f.path.startsWith('src/core/') &&
      (i.spec.startsWith('node:') || (i.target !== null && !i.target.startsWith('src/core/'))),
  );
}

/** `harness`, `study` and `analysis` see engines and energy sources only through their interfaces. */
export function interfacesRule(files: readonly SourceFile[]): string[] {
  const engines = implementations(files, 'engines').join('|') || '\0';
  const sources = implementations(files, 'energy').join('|') || '\0';
  const impl = new RegExp(`^src/(engines/(${engines})|energy/(${sources}))/`);
  return violations(
    files,
    (f, i) =>
      /^src\/(harness|study|analysis)\//.test(f.path) && i.target !== null && impl.test(`${i.target}/`),
  );
}

/** An engine or energy implementation never imports a sibling implementation. */
export function siblingsRule(files: readonly SourceFile[]): string[] {
  const bad: string[] = [];
  for (const root of ['engines', 'energy'] as const) {
    const impls = implementations(files, root);
    for (const name of impls) {
      const own = `src/${root}/${name}/`;
      bad.push(
        ...violations(
          files,
          (f, i) =>
            f.path.startsWith(own) &&
            impls.some((o) => o !== name && i.target?.startsWith(`src/${root}/${o}/`) === true),
        ),
      );
    }
  }
  return bad;
}

/** Heavy native packages are imported at module top only as types (values lazily, inside adapters). */
export function lazyNativeRule(files: readonly SourceFile[]): string[] {
  const heavy = /^(node-llama-cpp|koffi|@duckdb\/node-api)$/;
  return violations(
    files,
    (f, i) => heavy.test(i.spec) && !i.typeOnly && !i.dynamic && !ENTRY_POINTS.includes(f.path),
  );
}

/** Library code never prints, exits or reads argv (only the CLI and child entry points do). */
export function quietLibraryRule(files: readonly SourceFile[]): string[] {
  return files
    .filter((f) => !f.path.startsWith('src/cli/') && !ENTRY_POINTS.includes(f.path))
    .filter((f) => /\bconsole\.|process\.exit\(|process\.argv\b/.test(f.text))
    .map((f) => f.path);
}

/**
 * Outside `src/engines/<name>/` and `src/config/`, no code reads an engine's config section:
 * `config.llamacpp`, `c?.vllm`, `config['openai']`, `const { tensorrt } = config`, or
 * `config[config.engine]`. What an engine's
 * settings mean (memory, speed, cache keys) is that engine's knowledge, asked through `Engine`.
 */
export function engineSectionsRule(files: readonly SourceFile[]): string[] {
  const names = ENGINE_SECTIONS.join('|');
  const access = new RegExp(
    `(\\??\\.\\s*(${names})\\b(?!['"/-])|\\[\\s*['"\`](${names})['"\`]\\s*\\]|\\[\\s*[\\w$.?]*\\.engine\\s*\\]|\\b(const|let|var)\\s*\\{[^}]*\\b(${names})\\b[^}]*\\}\\s*=)`,
  );
  const bad: string[] = [];
  for (const f of files) {
    if (/^src\/(engines\/[^/]+\/|config\/)/.test(f.path)) continue;
    withoutComments(f.text)
      .split('\n')
      .forEach((line, n) => {
        // Import specifiers name folders (`./engines/openai/index.js`), not config sections.
        if (/^\s*(import|export)\b.*from\s/.test(line) || /import\(/.test(line)) return;
        const m = access.exec(line);
        if (m) bad.push(`${f.path}:${n + 1}: ${m[0].trim()}`);
      });
  }
  return bad;
}

/**
 * The CLI is a client of the public API: `src/cli/**` imports, besides its own files, only
 * `src/index.ts` (types), `src/api/**`, `src/core/errors.ts` and `src/version.ts` (`--version`
 * answers without loading the library). Values come from `src/api/`: importing `index.ts` for a
 * value would load the whole library for every command.
 */
export function cliPublicApiRule(files: readonly SourceFile[]): string[] {
  const allowed = (target: string, typeOnly: boolean) =>
    target.startsWith('src/cli/') ||
    target.startsWith('src/api/') ||
    target === 'src/core/errors' ||
    target === 'src/version' ||
    (target === 'src/index' && typeOnly);
  return violations(
    files,
    (f, i) => f.path.startsWith('src/cli/') && i.target !== null && !allowed(i.target, i.typeOnly),
  );
}

/**
 * Import cycles among `files` (every import counts: static, dynamic and type-only, since a
 * type-only cycle still means neither module can be understood without the other). Returns one
 * line per strongly connected component, showing one concrete cycle through it.
 */
export function importCycles(files: readonly SourceFile[]): string[] {
  const graph = new Map<string, string[]>();
  for (const f of files) graph.set(moduleOf(f.path), []);
  for (const f of files) {
    const edges = graph.get(moduleOf(f.path))!;
    for (const i of importsOf(f)) {
      const t = i.target === null ? undefined : [i.target, `${i.target}/index`].find((m) => graph.has(m));
      if (t !== undefined && !edges.includes(t)) edges.push(t);
    }
  }
  // Tarjan's strongly connected components, iterative (no recursion limit on long chains).
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node)!;
      if (top.next < edges.length) {
        const w = edges[top.next++]!;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        const selfLoop = graph.get(top.node)!.includes(top.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((c) => cyclePath(graph, new Set(c)).join(' → '));
}

/** One cycle inside a strongly connected component, by breadth-first search back to its first node. */
function cyclePath(graph: ReadonlyMap<string, string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const w of graph.get(node) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, node);
        queue.push(w);
      }
    }
  }
  return [start];
}
