// Text clean-up before segmentation: every step keeps the analyser total (no input throws).
import * as OpenCC from 'opencc-js';

/** Comments longer than this are analysed on their first MAX_ANALYSED_CHARS code points only. */
export const MAX_ANALYSED_CHARS = 1000;

// Traditional (Taiwan/Hong Kong and plain OpenCC 't') to mainland Simplified: the lexicon is Simplified.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * UTF-16 code units that every step of the fold (NFKC, lower case, Traditional → Simplified) leaves
 * as they are, whatever stands next to them: printable ASCII other than A–Z, and the CJK unified
 * ideographs and CJK punctuation that NFKC keeps and the converter does not change on their own.
 * Most comments are made of these only and skip the fold, which is most of normalise's cost
 * (NFKC alone walks the string twice). Built once at module initialisation (~50 ms).
 */
const FOLD_STABLE: Uint8Array = (() => {
  const stable = new Uint8Array(0x10000);
  for (let code = 0x20; code < 0x7f; code++) if (code < 0x41 || code > 0x5a) stable[code] = 1;
  const ranges: Array<[number, number]> = [
    [0x3000, 0x303f], // CJK symbols and punctuation (、。「」 …); NFKC maps some, checked below
    [0x3400, 0x4dbf], // extension A
    [0x4e00, 0x9fff], // unified ideographs
  ];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCharCode(code);
      if (char.normalize('NFKC') !== char || char.toLowerCase() !== char) continue;
      if (toSimplified(char) !== char) continue;
      stable[code] = 1;
    }
  }
  return stable;
})();

/**
 * The converter is phrase-aware, so a text with one character it changes is converted whole; a
 * text without any is left alone (converting it would give it back unchanged).
 */
const TRADITIONAL_CHARS: Uint8Array = (() => {
  const changed = new Uint8Array(0x10000);
  for (let code = 0x3400; code <= 0x9fff; code++) {
    const char = String.fromCharCode(code);
    if (toSimplified(char) !== char) changed[code] = 1;
  }
  return changed;
})();

function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL_CHARS[text.charCodeAt(i)] === 1) return true;
  return false;
}

function foldStable(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (FOLD_STABLE[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/**
 * Code units that the fold (NFKC, then lower case) turns into one fold-stable code unit whatever
 * stands next to them, and that nothing next to them combines with: A–Z, the full-width forms of
 * ASCII (，→ ,  ？→ ?  Ａ → a) and the ideographic space; 0 for any other. Most comments typed on a
 * Chinese keyboard hold full-width commas and are otherwise fold-stable: such a text is folded one
 * code unit at a time, to the same string NFKC gives, without NFKC's two walks over it. The ideo-
 * graphic tone marks U+302A–U+302F are fold-stable alone but are combining marks (NFKC may reorder
 * them), so a text with one takes NFKC.
 */
const FOLD_SIMPLE: Uint16Array = (() => {
  const simple = new Uint16Array(0x10000);
  const candidates = [0x3000];
  for (let code = 0x41; code <= 0x5a; code++) candidates.push(code);
  for (let code = 0xff01; code <= 0xff5e; code++) candidates.push(code);
  for (const code of candidates) {
    const folded = String.fromCharCode(code).normalize('NFKC').toLowerCase();
    if (folded.length === 1 && FOLD_STABLE[folded.charCodeAt(0)] === 1) simple[code] = folded.charCodeAt(0);
  }
  return simple;
})();

/** The text folded a code unit at a time, or undefined when it holds anything but the two kinds above. */
function foldSimple(text: string): string | undefined {
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x302a && code <= 0x302f) return undefined;
    if (FOLD_STABLE[code] === 1) codes.push(code);
    else if (FOLD_SIMPLE[code] !== 0) codes.push(FOLD_SIMPLE[code]!);
    else return undefined;
  }
  return String.fromCharCode(...codes);
}

/**
 * Drops C0/C1 control characters (tab, newline and carriage return become a space, which the
 * clause splitter treats as a separator), zero-width and bidi formatting characters, and lone
 * surrogates (a UTF-16 half without its partner cannot be converted or segmented).
 */
export function stripUnsafeCharacters(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let keep = true;
    let replacement = '';
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      keep = false;
      if (code === 0x09 || code === 0x0a || code === 0x0d) replacement = ' ';
    } else if (
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2060 && code <= 0x2064) ||
      code === 0xfeff
    ) {
      keep = false;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else keep = false;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      keep = false;
    }
    if (!keep) {
      out += text.slice(start, i) + replacement;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

export interface NormalisedText {
  text: string;
  truncated: boolean;
  /** Code points of the cleaned input that `text` was made from. */
  analysedChars: number;
}

/** Cleans, caps, NFKC-folds (full-width punctuation and digits to ASCII), lower-cases and converts to Simplified. */
export function normalise(input: string): NormalisedText {
  const cleaned = stripUnsafeCharacters(typeof input === 'string' ? input : '');
  let capped = cleaned;
  let truncated = false;
  let analysedChars = 0;
  // Count code points up to the cap without materialising an array for a 10,000-character input.
  let i = 0;
  while (i < cleaned.length && analysedChars < MAX_ANALYSED_CHARS) {
    const code = cleaned.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    analysedChars++;
  }
  if (i < cleaned.length) {
    capped = cleaned.slice(0, i);
    truncated = true;
  }
  if (foldStable(capped)) return { text: capped, truncated, analysedChars };
  const folded = foldSimple(capped) ?? capped.normalize('NFKC').toLowerCase();
  return { text: hasTraditional(folded) ? toSimplified(folded) : folded, truncated, analysedChars };
}
