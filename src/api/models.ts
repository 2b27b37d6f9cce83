/** Models llem can write itself (SPEC §3.5): the deterministic tiny GGUF. */
export { type TinyModelOptions, type TinySize, type TinyWeightType, writeTinyModel } from '../models/tiny.js';
