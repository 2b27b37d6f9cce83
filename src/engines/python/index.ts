import type { Engine } from '../engine.js';
import { PythonEngine, type PythonEngineOptions } from './engine.js';
import type { PythonEngineName } from './interpreter.js';

export type { PythonEngineOptions } from './engine.js';
export { type Interpreter, type PythonEngineName, resolveInterpreter } from './interpreter.js';
export { buildLaunch, type ContainerConfig, runGpus, type WorkerLaunch } from './launch.js';
export { PROTOCOL_VERSION } from './protocol.js';
export { workerScriptPath } from './worker-path.js';

/**
 * Creates a Python-worker engine (SPEC §3.2) for `transformers`, `vllm` or `tensorrt`. Cheap:
 * nothing is spawned until `probe()` or `load()`.
 */
export function createPythonEngine(name: PythonEngineName, options: PythonEngineOptions = {}): Engine {
  return new PythonEngine(name, options);
}
