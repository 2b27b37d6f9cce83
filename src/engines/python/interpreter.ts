import { join } from 'node:path';

/** The engines served by the Python worker. */
export type PythonEngineName = 'transformers' | 'vllm' | 'tensorrt';

/** Where the interpreter choice came from, in order of precedence. */
export type InterpreterSource = 'user_config' | 'LLEM_PYTHON' | 'VIRTUAL_ENV' | 'PATH';

/** A chosen interpreter. */
export interface Interpreter {
  /** Command or path of the Python interpreter. */
  command: string;
  source: InterpreterSource;
}

/** What interpreter resolution reads. */
export interface InterpreterInputs {
  /** The user config's per-engine `python` map. */
  userPython?: Partial<Record<PythonEngineName, string>>;
  /** Environment (reads `LLEM_PYTHON`, `VIRTUAL_ENV`). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The interpreter for `engine` (SPEC §3.2): the user config's `python.<engine>`, else
 * `LLEM_PYTHON`, else the active virtual environment's `bin/python`, else `python3` on PATH. Pure.
 */
export function resolveInterpreter(engine: PythonEngineName, inputs: InterpreterInputs): Interpreter {
  const fromUser = inputs.userPython?.[engine];
  if (fromUser) return { command: fromUser, source: 'user_config' };
  const fromEnv = inputs.env.LLEM_PYTHON;
  if (fromEnv) return { command: fromEnv, source: 'LLEM_PYTHON' };
  const venv = inputs.env.VIRTUAL_ENV;
  if (venv) return { command: join(venv, 'bin', 'python'), source: 'VIRTUAL_ENV' };
  return { command: 'python3', source: 'PATH' };
}
