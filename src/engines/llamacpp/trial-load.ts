/**
 * The source of the trial-load child, an ES module written to a private temporary file and run
 * with `node` (so it needs no file of its own in `dist/` and runs unchanged from the TypeScript
 * sources under test; it imports node-llama-cpp by the absolute URL it is given). Arguments: the node-llama-cpp entry URL and the model path. It loads the model on the CPU,
 * creates a small context (which builds the compute graph, where most malformed-metadata asserts
 * fire), prints one JSON line `{ok, stage?, reason?}` and exits 0 (loaded) or 1 (refused). A
 * native abort shows up as exit code 134 or SIGABRT, with llama.cpp's last words on stderr.
 */
export const TRIAL_LOAD_SCRIPT = `
const [entry, modelPath] = process.argv.slice(2);
const reply = (value, code) => {
  process.stdout.write(JSON.stringify(value) + '\\n', () => process.exit(code));
};
let stage = 'runtime';
try {
  const { getLlama, LlamaLogLevel } = await import(entry);
  const llama = await getLlama({
    gpu: false,
    build: 'never',
    maxThreads: 0,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
    logger: (_level, message) => process.stderr.write(message.endsWith('\\n') ? message : message + '\\n'),
  });
  stage = 'model';
  const model = await llama.loadModel({ modelPath, gpuLayers: 0, useMmap: true });
  stage = 'context';
  const context = await model.createContext({ contextSize: 64, sequences: 1, threads: 1, batchSize: 64 });
  await context.dispose();
  await model.dispose();
  reply({ ok: true }, 0);
} catch (error) {
  reply({ ok: false, stage, reason: error instanceof Error ? error.message : String(error) }, 1);
}
`;
