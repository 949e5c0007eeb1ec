const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_PAREN = 0x28; // (
const CLOSE_PAREN = 0x29; // )
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const HASH = 0x23; // #
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Whether `text` nests brackets — `{ [ (` — more than `maxDepth` deep, outside strings and
 * comments. Parsers recurse once per level (graphql-js's parser; JSON.stringify, which tRPC's and
 * yoga's adapters run on a body Fastify already parsed), so a document 2,000 levels deep
 * overflows the stack: this one linear pass, with no recursion, refuses it first.
 *
 * It reads GraphQL's lexical rules (GraphQL spec §2.1: `"…"` strings with `\` escapes, `"""…"""`
 * block strings where only `\"""` escapes, `#` comments to the end of the line), which also read
 * any valid JSON correctly: outside its strings, JSON never has `#` or `"""` (RFC 8259 §2). For
 * text that is neither, the count may be off, and the parser that runs next refuses it anyway.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === OPEN_BRACE || code === OPEN_BRACKET || code === OPEN_PAREN) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET || code === CLOSE_PAREN) {
      depth--;
    } else if (code === QUOTE) {
      index = isBlockStringStart(text, index) ? endOfBlockString(text, index + 3) : endOfString(text, index + 1);
    } else if (code === HASH) {
      while (index + 1 < length && text.charCodeAt(index + 1) !== NEWLINE && text.charCodeAt(index + 1) !== RETURN) index++;
    }
  }
  return false;
}

function isBlockStringStart(text: string, index: number): boolean {
  return text.charCodeAt(index + 1) === QUOTE && text.charCodeAt(index + 2) === QUOTE;
}

/** The index of the quote closing the string whose content starts at `from` (or the end of the text). */
function endOfString(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index++;
    else if (code === QUOTE) return index;
  }
  return text.length;
}

/** The index of the last quote of the `"""` closing the block string whose content starts at `from`. */
function endOfBlockString(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH && text.startsWith('"""', index + 1)) index += 3;
    else if (code === QUOTE && isBlockStringStart(text, index)) return index + 2;
  }
  return text.length;
}
