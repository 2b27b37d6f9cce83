/** One chat message of a chat-format prompt. */
export interface ChatMessage {
  /** Speaker role, e.g. `system`, `user`, `assistant`. */
  role: string;
  /** Message text. */
  content: string;
}

/** One workload prompt, as loaded from a dataset and before the engine truncates it. */
export interface Prompt {
  /** Prompt text (absent for chat-only prompts). */
  text?: string;
  /** Chat messages, for datasets written in chat format. */
  messages?: ChatMessage[];
  /** Label used to interleave or group prompts: builtin category, JSONL `source` field or file name, or the dataset name. */
  source: string;
  /** Per-prompt output token limit, when the dataset sets one. */
  maxOutputTokens?: number;
  /** Exact prompt token ids for the engine's tokenizer (synthetic prompts only). */
  tokens?: number[];
}
