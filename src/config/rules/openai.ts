import type { Rule } from './rule.js';

/** Rules for OpenAI-compatible servers: attach (`base_url`) xor launch (`preset` xor `command`). */
export const openaiRules: readonly Rule[] = [
  {
    id: 'openai_target_required',
    engine: 'openai',
    severity: 'error',
    path: ['openai'],
    when: (c) => c.openai?.base_url === undefined && c.openai?.launch === undefined,
    message: 'engine: openai needs openai.base_url (a running server) or openai.launch (start one)',
    fix: 'add openai.base_url: http://host:port, or openai.launch.preset',
  },
  {
    id: 'openai_target_exclusive',
    engine: 'openai',
    severity: 'error',
    path: ['openai', 'launch'],
    when: (c) => c.openai?.base_url !== undefined && c.openai.launch !== undefined,
    message: 'exclusive with openai.base_url',
    fix: 'remove launch to attach to the server at base_url, or remove base_url to start one',
  },
  {
    id: 'launch_command_required',
    engine: 'openai',
    severity: 'error',
    path: ['openai', 'launch'],
    when: (c) =>
      c.openai?.launch !== undefined &&
      c.openai.launch.preset === undefined &&
      c.openai.launch.command === undefined,
    message: 'needs preset or command',
    fix: 'add launch.preset (vllm, sglang, tgi, trtllm, llama-server) or launch.command (an argv list)',
  },
  {
    id: 'launch_preset_command_exclusive',
    engine: 'openai',
    severity: 'error',
    path: ['openai', 'launch', 'command'],
    when: (c) => c.openai?.launch?.preset !== undefined && c.openai.launch.command !== undefined,
    message: 'exclusive with openai.launch.preset',
    fix: 'keep the preset, or give the full command without a preset',
  },
];
