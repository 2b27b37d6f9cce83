// The worker protocol, version 1 (SPEC §3.2): newline-delimited JSON over stdio. Every line the
// worker writes is validated against these schemas; anything else is a protocol error. The Python
// side is python/llem_worker/worker.py.
import { z } from 'zod';

/** The protocol version this build speaks; the worker's `hello` must say the same. */
export const PROTOCOL_VERSION = 1;

const count = z.number().int().nonnegative();
const ms = z.number().finite();

/** Architecture facts the worker reads from the loaded model (snake_case `ModelInfo`). */
export const workerModelSchema = z.object({
  architecture: z.string(),
  parameters: count,
  embedding_parameters: count,
  layers: count,
  embedding_length: count,
  heads: count,
  kv_heads: count,
  head_dim: count,
  feed_forward_length: count,
  vocab_size: count,
  context_length: count,
  weights_bytes: count,
  weight_type: z.string(),
  tied_embeddings: z.boolean().optional(),
});

/** One request's outcome; times are ms after the worker read the request. */
export const workerResultSchema = z.object({
  id: z.number().int(),
  input_tokens: count,
  output_tokens: count,
  truncated: z.boolean().optional(),
  start_ms: ms,
  first_token_ms: ms.nullable().optional(),
  token_ms: z.array(ms).nullable().optional(),
  end_ms: ms,
  error: z.string().optional(),
});

const hello = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  worker_version: z.string(),
  python: z.string(),
  executable: z.string().optional(),
  pid: z.number().int(),
  engine: z.string(),
  engine_version: z.string().optional(),
  device: z.string().optional(),
  versions: z.record(z.string(), z.string()).optional(),
  error: z
    .object({ code: z.string(), message: z.string(), traceback: z.string().nullable().optional() })
    .optional(),
});

const id = z.number().int().nullable();

/** Every message a worker may send. */
export const workerMessageSchema = z.discriminatedUnion('type', [
  hello,
  z.object({ type: z.literal('heartbeat'), steps: count.optional() }),
  z.object({
    type: z.literal('loaded'),
    id,
    model: workerModelSchema,
    effective: z.record(z.string(), z.unknown()),
    max_batch: z.number().int().positive().nullable(),
  }),
  z.object({
    type: z.literal('generated'),
    id,
    results: z.array(workerResultSchema),
    elapsed_ms: ms.nonnegative(),
  }),
  z.object({
    type: z.literal('stats'),
    id,
    peak_memory_bytes: count.optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ type: z.literal('bye'), id }),
  z.object({
    type: z.literal('error'),
    id,
    code: z.string(),
    message: z.string(),
    traceback: z.string().nullable().optional(),
  }),
]);

/** A message from the worker. */
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
/** The worker's first message. */
export type WorkerHello = z.infer<typeof hello>;
/** One request's outcome as the worker reports it. */
export type WorkerResult = z.infer<typeof workerResultSchema>;
/** Model facts as the worker reports them. */
export type WorkerModel = z.infer<typeof workerModelSchema>;

/** The outcome of parsing one line: a message, or why the line is not one. */
export type ParsedLine = { ok: true; message: WorkerMessage } | { ok: false; reason: string };

/** Parses and validates one line from the worker; never throws. */
export function parseWorkerLine(line: string): ParsedLine {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return { ok: false, reason: `not JSON: ${clip(line)}` };
  }
  const type = (data as { type?: unknown } | null)?.type;
  const known = workerMessageSchema.options.some((o) => o.shape.type.value === type);
  if (!known) return { ok: false, reason: `unknown message type ${JSON.stringify(type)}: ${clip(line)}` };
  const parsed = workerMessageSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `invalid ${String(type)} message (${issue?.path.join('.') || '(root)'}: ${issue?.message}): ${clip(line)}`,
    };
  }
  return { ok: true, message: parsed.data };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
