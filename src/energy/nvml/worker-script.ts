import { startSampler } from '../sampler.js';
import { bindNvml } from './binding.js';
import { nvmlWorkerMain } from './worker-main.js';

let script: string | undefined;

/**
 * The sampler worker's program, assembled from the source text of three self-contained
 * functions (the drift-free sampler, the koffi declarations and the worker loop). Building it
 * from the functions, rather than shipping a separate entry file, means the same code runs from
 * `dist/` and from the TypeScript sources under test, and the worker cannot drift from them.
 * (A coverage tool that instruments source text, such as istanbul, would break this; V8 coverage
 * does not.)
 */
export function nvmlWorkerScript(): string {
  script ??= [
    "'use strict';",
    "const { parentPort, workerData } = require('node:worker_threads');",
    `const startSampler = ${startSampler.toString()};`,
    `const bindNvml = ${bindNvml.toString()};`,
    `(${nvmlWorkerMain.toString()})({ parentPort, workerData, require, startSampler, bindNvml });`,
  ].join('\n');
  return script;
}
