// A pre-check that skips the rules' regular expressions which cannot match a text. Most of the
// analyser's ~50 patterns find nothing in a given comment, yet each scans the whole text to say
// so. A match must start with one of a few characters (排, 窗口's 窗, …); when the text holds none of
// them the pattern is not run. One pass over the text answers this for every pattern at once.
// The sets are worked out from the patterns' own source, so they cannot drift from the patterns;
// a pattern whose first character cannot be bounded (it may match the empty string, or start
// with `.`, `\s`, a negated class …) is always run. A pure speed-up: a skipped pattern is one
// that would have found nothing.

/** UTF-16 code units; `all` when they cannot be bounded. */
interface First {
  units: Set<number> | 'all';
  /** Whether the part can match the empty string. */
  nullable: boolean;
}

const UNITS = 0x10000;

function union(a: First['units'], b: First['units']): First['units'] {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

const none = (): Set<number> => new Set();

/** Parses a pattern's source far enough to know the code units its matches can start with. */
class FirstUnitsParser {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {}

  parse(): First {
    const first = this.disjunction();
    if (this.at !== this.source.length) return { units: 'all', nullable: true };
    return first;
  }

  private disjunction(): First {
    let result = this.alternative();
    while (this.source[this.at] === '|') {
      this.at++;
      const next = this.alternative();
      result = { units: union(result.units, next.units), nullable: result.nullable || next.nullable };
    }
    return result;
  }

  private alternative(): First {
    let units: First['units'] = none();
    let nullable = true;
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      const term = this.term();
      // Only the terms up to the first that must consume a character can start the match.
      if (nullable) units = union(units, term.units);
      nullable = nullable && term.nullable;
    }
    return { units, nullable };
  }

  private term(): First {
    const s = this.source;
    const char = s[this.at]!;
    if (char === '^' || char === '$') {
      this.at++;
      return { units: none(), nullable: true };
    }
    if (char === '\\' && (s[this.at + 1] === 'b' || s[this.at + 1] === 'B')) {
      this.at += 2;
      return { units: none(), nullable: true };
    }
    if (
      s.startsWith('(?=', this.at) ||
      s.startsWith('(?!', this.at) ||
      s.startsWith('(?<=', this.at) ||
      s.startsWith('(?<!', this.at)
    ) {
      // A look-around consumes nothing: the match starts with what follows it.
      this.at += s[this.at + 2] === '<' ? 4 : 3;
      this.disjunction();
      this.expect(')');
      // A quantified look-ahead (legal without the u flag) is still nothing consumed.
      return this.quantified({ units: none(), nullable: true });
    }
    const atom = this.atom();
    return this.quantified(atom);
  }

  private quantified(atom: First): First {
    const s = this.source;
    const q = s[this.at];
    let nullable = atom.nullable;
    if (q === '?' || q === '*') {
      this.at++;
      nullable = true;
    } else if (q === '+') {
      this.at++;
    } else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.at));
      if (m) {
        this.at += m[0].length;
        if (Number(m[1]) === 0) nullable = true;
      }
    } else {
      return atom;
    }
    if (s[this.at] === '?') this.at++; // lazy
    return { units: atom.units, nullable };
  }

  private atom(): First {
    const s = this.source;
    const char = s[this.at]!;
    if (char === '(') {
      this.at++;
      if (s.startsWith('?:', this.at)) this.at += 2;
      else if (s.startsWith('?<', this.at))
        this.at = s.indexOf('>', this.at) + 1; // named group
      else if (s[this.at] === '?') return this.bail();
      const inner = this.disjunction();
      this.expect(')');
      return inner;
    }
    if (char === '[') return this.characterClass();
    if (char === '.') {
      this.at++;
      return { units: 'all', nullable: false };
    }
    if (char === '\\') return this.escape(false).first;
    return { units: new Set([this.literal()]), nullable: false };
  }

  /** A literal character at `at`: its first code unit (a pair under the u flag is one character). */
  private literal(): number {
    const code = this.source.charCodeAt(this.at);
    const low = this.source.charCodeAt(this.at + 1);
    const pair = this.unicode && code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
    this.at += pair ? 2 : 1;
    return code;
  }

  /** An escape at `at`; `code` is set when it stands for one character. */
  private escape(inClass: boolean): { first: First; code?: number } {
    const s = this.source;
    const next = s[this.at + 1];
    if (next === undefined) return { first: this.bail() };
    this.at += 2;
    if (next === 'd') {
      const units = none();
      for (let c = 0x30; c <= 0x39; c++) units.add(c);
      return { first: { units, nullable: false } };
    }
    if (next === 's') {
      // ECMAScript's white space and line terminators (a fixed list, tested in pattern-gate.test.ts).
      const units = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f]);
      for (let c = 0x2000; c <= 0x200a; c++) units.add(c);
      for (const c of [0x205f, 0x3000, 0xfeff]) units.add(c);
      return { first: { units, nullable: false } };
    }
    if ((next === 'p' || next === 'P') && s[this.at] === '{') {
      this.at = s.indexOf('}', this.at) + 1;
      return { first: { units: 'all', nullable: false } };
    }
    const controls: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };
    if (controls[next] !== undefined)
      return { first: { units: new Set([controls[next]]), nullable: false }, code: controls[next] };
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.at, this.at + 4))) {
      const code = Number.parseInt(s.slice(this.at, this.at + 4), 16);
      this.at += 4;
      // Under the u flag an escaped surrogate pair is one character, which a quantifier after it
      // covers whole: not bounded here (no pattern of the analyser writes one).
      if (this.unicode && code >= 0xd800 && code <= 0xdfff)
        return { first: { units: 'all', nullable: false } };
      return { first: { units: new Set([code]), nullable: false }, code };
    }
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(this.at, this.at + 2))) {
      const code = Number.parseInt(s.slice(this.at, this.at + 2), 16);
      this.at += 2;
      return { first: { units: new Set([code]), nullable: false }, code };
    }
    // \s \w \p{…} \1 \k<…> \b in a class … : not bounded here.
    if (/[A-Za-z0-9]/.test(next) && !(inClass && next === '-'))
      return { first: { units: 'all', nullable: false } };
    // An escaped punctuation character stands for itself.
    const code = next.charCodeAt(0);
    return { first: { units: new Set([code]), nullable: false }, code };
  }

  private characterClass(): First {
    const s = this.source;
    this.at++;
    // A negated class may start with almost anything.
    const negated = s[this.at] === '^';
    if (negated) this.at++;
    let units = none();
    let all = false;
    while (this.at < s.length && s[this.at] !== ']') {
      let from: number | undefined;
      if (s[this.at] === '\\') {
        const e = this.escape(true);
        if (e.code === undefined) {
          if (e.first.units === 'all') all = true;
          else units = new Set([...units, ...e.first.units]);
          continue;
        }
        from = e.code;
      } else {
        from = this.literal();
      }
      if (s[this.at] === '-' && s[this.at + 1] !== ']' && this.at + 1 < s.length) {
        this.at++;
        let to: number | undefined;
        if (s[this.at] === '\\') to = this.escape(true).code;
        else to = this.literal();
        if (to === undefined || to < from) return this.bail();
        for (let c = from; c <= to; c++) units.add(c);
      } else {
        units.add(from);
      }
    }
    this.expect(']');
    return { units: all || negated ? 'all' : units, nullable: false };
  }

  private expect(char: string): void {
    if (this.source[this.at] !== char) throw new Error(`pattern-gate: expected ${char} at ${this.at}`);
    this.at++;
  }

  /** Something this parser does not read: the pattern is always run. */
  private bail(): First {
    throw new Unbounded();
  }
}

class Unbounded extends Error {}

/**
 * The code units a non-empty match of the pattern can start with, or undefined when they cannot
 * be bounded (the pattern is then always run). Over-approximates: every set holds at least the
 * first code units of all matches.
 */
export function firstCodeUnits(pattern: RegExp): ReadonlySet<number> | undefined {
  if (pattern.flags.includes('i') || pattern.flags.includes('v')) return undefined;
  try {
    const first = new FirstUnitsParser(pattern.source, pattern.flags.includes('u')).parse();
    if (first.nullable || first.units === 'all') return undefined;
    return first.units;
  } catch (error) {
    if (error instanceof Unbounded) return undefined;
    throw error;
  }
}

/**
 * Which of a fixed list of patterns may match a text. `scan(text)` once, then `may(i)` per pattern.
 * Holds the last scan (the analyser is synchronous: scan and questions follow one another).
 */
export class PatternGate {
  /** Per code unit, its combination of patterns (an index into `combinations`), 0 for none. */
  private readonly combinationOf = new Uint16Array(UNITS);
  /** Per combination, the patterns whose matches may start with such a code unit, as bit words. */
  private readonly combinations: Uint32Array;
  private readonly words: number;
  private readonly always: Uint32Array;
  private readonly seen: Uint32Array;

  constructor(patterns: readonly RegExp[]) {
    this.words = Math.ceil(patterns.length / 32) || 1;
    this.always = new Uint32Array(this.words);
    const maskOf = new Map<number, number[]>();
    patterns.forEach((pattern, i) => {
      const set = firstCodeUnits(pattern);
      if (!set) {
        this.always[i >>> 5]! |= 1 << (i & 31);
        return;
      }
      for (const code of set) {
        let mask = maskOf.get(code);
        if (!mask) {
          mask = new Array<number>(this.words).fill(0);
          maskOf.set(code, mask);
        }
        mask[i >>> 5]! |= 1 << (i & 31);
      }
    });
    const keyOf = new Map<string, number>();
    const masks: number[][] = [new Array<number>(this.words).fill(0)];
    for (const [code, mask] of maskOf) {
      const key = mask.join();
      let index = keyOf.get(key);
      if (index === undefined) {
        index = masks.length;
        masks.push(mask);
        keyOf.set(key, index);
      }
      this.combinationOf[code] = index;
    }
    this.combinations = new Uint32Array(masks.flat());
    this.seen = new Uint32Array(this.words);
  }

  scan(text: string): void {
    const { words, seen, combinationOf } = this;
    const combinations = this.combinations;
    seen.set(this.always);
    for (let i = 0; i < text.length; i++) {
      const index = combinationOf[text.charCodeAt(i)]!;
      if (index === 0) continue;
      for (let w = 0; w < words; w++) seen[w]! |= combinations[index * words + w]!;
    }
  }

  /** Whether pattern i (in the constructor's order) may match the last text scanned. */
  may(i: number): boolean {
    return (this.seen[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
}
