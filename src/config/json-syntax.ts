/**
 * Finds where strict JSON text first goes wrong. `JSON.parse` does not always say where (V8
 * reports some errors without a position), and a config error needs a line and column.
 */

/** The first syntax error in JSON text: its character offset and what was expected. */
export interface JsonSyntaxError {
  /** 0-based character offset of the offending character (the text length at end of input). */
  offset: number;
  /** What is wrong, e.g. `trailing comma before "}"`. */
  message: string;
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'end of file' : `"${text[i]}"`);
  const fail = (expected: string): never => {
    throw new Fail(i, `expected ${expected}, found ${describe()}`);
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) throw new Fail(i, 'unescaped control character (a line break?) inside a string');
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Fail(i, 'bad \\u escape in string');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) throw new Fail(i, 'bad escape in string');
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= text.length) throw new Fail(start, 'unclosed string (missing closing ")');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else scalar(c);
  };
  const scalar = (c: string | undefined) => {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (m !== null && m[0] !== '') {
      i += m[0].length;
      return;
    }
    if (c === "'") throw new Fail(i, 'strings must use double quotes in JSON');
    fail('a value');
  };
  let comma = 0;
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === '}') throw new Fail(comma, 'trailing comma before "}"');
      if (text[i] !== '"') fail('a double-quoted key');
      string();
      ws();
      if (text[i] !== ':') fail('":" after the key');
      i++;
      value();
      ws();
      if (text[i] === ',') {
        comma = i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail('"," or "}"');
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') throw new Fail(comma, 'trailing comma before "]"');
      value();
      ws();
      if (text[i] === ',') {
        comma = i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail('"," or "]"');
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail('end of file');
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, message: e.message };
    throw e;
  }
}

/** Converts a character offset to a 1-based line and column. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
