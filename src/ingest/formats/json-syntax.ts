import { quote, unreadable } from '../dump-error.js';

/**
 * JSON.parse, with a syntax error turned into PB_DUMP_UNREADABLE at its line
 * and column. V8 does not always say where it failed (Node 20: `Unexpected
 * token '}', "…" is not valid JSON`), so on failure `syntaxErrorAt` finds the
 * spot itself. `firstLine` is the dump line on which `text` starts.
 */
export function parseJsonText(text: string, name: string, firstLine: number, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = syntaxErrorAt(text);
    if (at === null) throw unreadable(name, firstLine, `invalid JSON (${(error as Error).message})`, hint);
    const { line, column } = position(text, at);
    const found = at >= text.length ? 'the text ends inside a value' : `unexpected ${quote(text.charAt(at))} at column ${column}`;
    throw unreadable(name, firstLine - 1 + line, `invalid JSON: ${found}`, hint);
  }
}
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

type Expect = 'value' | 'key' | 'after';

/**
 * Offset of the first character that breaks the JSON grammar (the text's
 * length when it ends too early), or null when the text is valid. Iterative,
 * so deep nesting cannot overflow the stack; only runs on the error path.
 */
export function syntaxErrorAt(text: string): number | null {
  const closers: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    i = skipSpace(text, i);
    const c = text.charAt(i);
    if (expect === 'value') {
      if (c === '{' || c === '[') {
        closers.push(c === '{' ? '}' : ']');
        i = skipSpace(text, i + 1);
        if (text.charAt(i) === closers.at(-1)) {
          closers.pop();
          i++;
          expect = 'after';
        } else expect = c === '{' ? 'key' : 'value';
        continue;
      }
      const end = scalarEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = 'after';
    } else if (expect === 'key') {
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = skipSpace(text, end);
      if (text.charAt(i) !== ':') return i;
      i++;
      expect = 'value';
    } else if (closers.length === 0) {
      return i < text.length ? i : null;
    } else if (c === ',') {
      i++;
      expect = closers.at(-1) === '}' ? 'key' : 'value';
    } else if (c === closers.at(-1)) {
      closers.pop();
      i++;
    } else {
      return i;
    }
  }
}

/** End offset of the scalar at `i`, or `-(offset of the fault) - 1`. */
function scalarEnd(text: string, i: number): number {
  const c = text.charAt(i);
  if (c === '"') return stringEnd(text, i);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, i)) return i + literal.length;
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? NUMBER.lastIndex : -i - 1;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c < 32) return -i - 1;
    if (c === 92) {
      const escape = text.charAt(i + 1);
      if (escape === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : !ESCAPES.includes(escape) || escape === '') return -i - 1;
      i += escape === 'u' ? 5 : 1;
    }
  }
  return -text.length - 1;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
    i++;
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
