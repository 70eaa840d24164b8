// Comment → topics, sentiment and needs-response. Pure: the lexicon and the segmenter's dictionary
// are loaded at module initialisation; analyse() does no I/O and never throws on any string.
import { LEXICON, type LexiconEntry } from './lexicon.ts';
import { normalise } from './normalise.ts';
import { detectReasons } from './reasons.ts';
import { segment } from './segment.ts';
import {
  type CommentAnalysis,
  DIMENSIONS,
  type Dimension,
  type Sentiment,
  SUBTOPICS,
  type Subtopic,
  type TopicAnalysis,
} from './types.ts';

/** Bump on any change to the lexicon or the rules: stored rows are keyed by it. */
export const ANALYSER_VERSION = 'servloop-comments-1.0.0';

/** The labelling guide (E15) keeps at most three topics per comment. */
const MAX_TOPICS = 3;

// ── token stream ────────────────────────────────────────────────────────────────────────────────

interface Token {
  text: string;
  start: number;
  entry?: LexiconEntry;
}

const CLAUSE_END = /^[\s,.!?;:~、…。，！？；：～()（）【】[\]…—-]+$/;
const SENTENCE_END = /[.!?。！？\n]/;
/** Single characters that may prefix a lexicon word inside one segmenter token (不慢, 好慢, 超熟). */
const PREFIX_MODIFIERS = new Set([
  '不',
  '没',
  '未',
  '无',
  '别',
  '很',
  '太',
  '超',
  '挺',
  '蛮',
  '真',
  '好',
  '巨',
  '贼',
  '最',
  '更',
  '也',
  '都',
  '还',
  '就',
  '又',
  '特',
]);
/** Particles that may trail a lexicon word inside one token (慢死了, 坏啦). */
const SUFFIX_PARTICLES = new Set([
  '了',
  '的',
  '啦',
  '呀',
  '啊',
  '吧',
  '哦',
  '死',
  '极',
  '得',
  '些',
  '点',
  '着',
]);
const MAX_JOIN_TOKENS = 4;

/** Decompositions of tokens the lexicon does not know as a whole, by token text. Bounded. */
const refineCache = new Map<string, Token[] | null>();
const REFINE_CACHE_LIMIT = 50_000;

function refineUnknown(text: string): Token[] | null {
  const cached = refineCache.get(text);
  if (cached !== undefined) return cached;
  let result: Token[] | null = null;
  if (text.length > 1) {
    let head = 0;
    let tail = text.length;
    while (tail > head + 1 && SUFFIX_PARTICLES.has(text[tail - 1]!) && !LEXICON.has(text.slice(head, tail)))
      tail--;
    const prefixes: Token[] = [];
    while (tail - head > 1 && !LEXICON.has(text.slice(head, tail)) && PREFIX_MODIFIERS.has(text[head]!)) {
      const char = text[head]!;
      const entry = LEXICON.get(char);
      prefixes.push(entry ? { text: char, start: head, entry } : { text: char, start: head });
      head++;
    }
    const core = text.slice(head, tail);
    const coreEntry = LEXICON.get(core);
    if (coreEntry && (head > 0 || tail < text.length)) {
      result = [...prefixes, { text: core, start: head, entry: coreEntry }];
      if (tail < text.length) result.push({ text: text.slice(tail), start: tail });
    }
  }
  if (refineCache.size >= REFINE_CACHE_LIMIT) refineCache.clear();
  refineCache.set(text, result);
  return result;
}

/** Segmenter words → tokens with lexicon entries, longest lexicon match over up to four joined words. */
function tokenise(text: string): Token[] {
  const words = segment(text);
  const starts: number[] = [];
  let offset = 0;
  for (const word of words) {
    starts.push(offset);
    offset += word.length;
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < words.length) {
    let matched = false;
    let joined = words[i]!;
    const candidates: Array<[number, string]> = [[i, joined]];
    for (let j = i + 1; j < Math.min(words.length, i + MAX_JOIN_TOKENS); j++) {
      joined += words[j]!;
      candidates.push([j, joined]);
    }
    for (let c = candidates.length - 1; c >= 0; c--) {
      const [last, term] = candidates[c]!;
      const entry = LEXICON.get(term);
      if (entry) {
        tokens.push({ text: term, start: starts[i]!, entry });
        i = last + 1;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const word = words[i]!;
    const refined = refineUnknown(word);
    if (refined) {
      for (const part of refined) {
        const token: Token = { text: part.text, start: starts[i]! + part.start };
        if (part.entry) token.entry = part.entry;
        tokens.push(token);
      }
    } else {
      tokens.push({ text: word, start: starts[i]! });
    }
    i++;
  }
  return tokens;
}

// ── clause-level rules that read the text rather than single words ─────────────────────────────

interface Hit {
  term: string;
  start: number;
  polarity: number; // +1, -1, or 0 for a neutral mention
  weight: number;
  dimension?: Dimension;
  subtopic?: Subtopic;
}

const CN_NUMBER = '[0-9一二两俩三四五六七八九十几半]';
const HOURS = new RegExp(`${CN_NUMBER}+个?多?半?(小时|钟头)|半天|一上午|一下午|一整天|大半天`, 'g');
const MINUTES = new RegExp(`(不到)?(${CN_NUMBER}+)分钟(不到)?(就)?`, 'g');
const WAITING_VERB = /等|排|坐了|站了|dd/;
const FEW_WINDOWS =
  /(只|就|才|仅)(开|有)?了?(一|两|俩|二|1|2)个?(窗口|有人)|就?开了?(一|两|俩|二|1|2)个窗口|窗口(太|很|比较|实在)?少|多开|只有一个(窗口|有人)|保留一个窗口|就一个窗口|开了两个|一个窗口/g;
const STAFF_NAMED = new RegExp(
  [
    '\\d+号(窗口|柜员|柜台)',
    '工号\\s*\\d+',
    '(小|老)[王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文](?![序时区孩事学])',
    '[王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚](经理|阿姨|姐|哥|师傅|老师|主任|女士|先生|大姐|大哥)',
  ].join('|'),
  'g',
);
const RHETORICAL =
  /就不能|为什么|有什么用|难道|凭什么|怎么回事|干嘛|给谁看|合适吗|什么意思|是不是该|早说么|怎么办/;
const QUOTED = /["“”'‘’「」『』]([^"“”'‘’「」『』]{1,6})["“”'‘’「」『』]/g;
const THANKS_SARCASM = /(感谢|谢谢).{0,8}让我|美好的一|体验了一把/;
const POSITIVE_EMOJI = /👍|🙏|❤|😊|🥰|😄|😀|😁|🌹|💯|👏/gu;
const NEGATIVE_EMOJI = /😡|😤|😭|🙄|😓|😠|💢|👎|😒|🤬/gu;
/** Generic thanks: praise only when nothing in the comment is blamed (感谢让我体验了一把春运). */
const WEAK_POSITIVE = new Set(['感谢', '谢谢', '辛苦了']);

function numberValue(text: string): number {
  const digits = Number.parseInt(text, 10);
  if (!Number.isNaN(digits)) return digits;
  const units: Record<string, number> = {
    一: 1,
    二: 2,
    两: 2,
    俩: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
    几: 5,
    半: 0.5,
  };
  if (text.includes('十')) {
    const [tens, ones] = text.split('十');
    return (tens ? (units[tens] ?? 1) : 1) * 10 + (ones ? (units[ones] ?? 0) : 0);
  }
  return units[text] ?? 0;
}

/** Durations: a long wait is an efficiency complaint, a few minutes to get it done is praise. */
function durationHits(clause: string, base: number): Hit[] {
  const hits: Hit[] = [];
  const waiting = WAITING_VERB.test(clause);
  for (const m of clause.matchAll(HOURS)) {
    const before = clause.slice(Math.max(0, m.index - 2), m.index);
    if (/不到|内/.test(before) || /内/.test(clause.slice(m.index + m[0].length, m.index + m[0].length + 1)))
      continue;
    if (waiting || /了|快|近/.test(before) || m[0].includes('天')) {
      hits.push({
        term: m[0],
        start: base + m.index,
        polarity: -1,
        weight: 1,
        dimension: 'efficiency',
        subtopic: 'waiting',
      });
    }
  }
  for (const m of clause.matchAll(MINUTES)) {
    const minutes = numberValue(m[2]!);
    const quick = Boolean(m[1] || m[3] || m[4]) || /搞定|办完|办好|解决/.test(clause);
    if (quick && minutes <= 20) {
      hits.push({ term: m[0], start: base + m.index, polarity: 1, weight: 1, dimension: 'efficiency' });
    } else if (waiting && minutes >= 10) {
      hits.push({
        term: m[0],
        start: base + m.index,
        polarity: -1,
        weight: 1,
        dimension: 'efficiency',
        subtopic: 'waiting',
      });
    }
  }
  return hits;
}

// ── analysis ────────────────────────────────────────────────────────────────────────────────────

interface Clause {
  tokens: Token[];
  text: string;
  start: number;
  weight: number;
  terminator: string;
  sentenceIndex: number;
}

function splitClauses(text: string, tokens: Token[]): Clause[] {
  const clauses: Clause[] = [];
  let current: Token[] = [];
  let weight = 1;
  let sentenceIndex = 0;
  const close = (terminator: string) => {
    if (current.length > 0) {
      const first = current[0]!;
      const last = current[current.length - 1]!;
      clauses.push({
        tokens: current,
        text: text.slice(first.start, last.start + last.text.length),
        start: first.start,
        weight,
        terminator,
        sentenceIndex,
      });
    }
    current = [];
    weight = 1;
  };
  for (const token of tokens) {
    if (!token.entry && CLAUSE_END.test(token.text)) {
      close(token.text);
      if (SENTENCE_END.test(token.text)) sentenceIndex++;
      continue;
    }
    const kind = token.entry?.kind;
    if (kind === 'contrast' || kind === 'concession') {
      if (current.length > 0) close('');
      weight = token.entry!.value;
    }
    current.push(token);
  }
  close('');
  return clauses;
}

interface TopicAccumulator {
  positive: number;
  negative: number;
  neutral: number;
  mentions: number;
  subtopics: Set<Subtopic>;
  terms: string[];
}

/** Analyses one comment. Never throws; bad input gives an empty analysis. */
export function analyseComment(input: string): CommentAnalysis {
  const { text, truncated, analysedChars } = normalise(input);
  const tokens = tokenise(text);
  const clauses = splitClauses(text, tokens);

  const topics = new Map<Dimension, TopicAccumulator>();
  const matched: Array<[number, string]> = [];
  const extraSubtopics = new Set<Subtopic>();
  const quotedRanges: Array<[number, number]> = [];
  for (const m of text.matchAll(QUOTED)) quotedRanges.push([m.index, m.index + m[0].length]);
  const opinions: Array<{ polarity: number; weight: number; weak: boolean }> = [];

  const topic = (dimension: Dimension): TopicAccumulator => {
    let acc = topics.get(dimension);
    if (!acc) {
      acc = { positive: 0, negative: 0, neutral: 0, mentions: 0, subtopics: new Set(), terms: [] };
      topics.set(dimension, acc);
    }
    return acc;
  };
  const credit = (
    dimension: Dimension,
    polarity: number,
    weight: number,
    term: string,
    subtopic?: Subtopic,
  ) => {
    const acc = topic(dimension);
    if (polarity > 0) acc.positive += weight;
    else if (polarity < 0) acc.negative += weight;
    else acc.neutral += 1;
    acc.mentions++;
    if (subtopic) acc.subtopics.add(subtopic);
    if (!acc.terms.includes(term)) acc.terms.push(term);
  };

  let suggestionSentence = -1;
  for (const m of text.matchAll(STAFF_NAMED)) {
    extraSubtopics.add('staff_named');
    matched.push([m.index, m[0]]);
  }

  for (const clause of clauses) {
    const { tokens: ct } = clause;
    const isQuestion = /[?？]/.test(clause.terminator) || /[吗呢]$/.test(clause.text);
    const rhetorical = RHETORICAL.test(clause.text) || (isQuestion && /不能|不会|能不能/.test(clause.text));
    const sarcastic = THANKS_SARCASM.test(clause.text) || ct.some((t) => t.entry?.kind === 'sarcasm');
    if (ct.some((t) => t.entry?.kind === 'suggestion')) suggestionSentence = clause.sentenceIndex;
    const suggesting = suggestionSentence === clause.sentenceIndex;

    const aspects: Array<{ index: number; token: Token }> = [];
    ct.forEach((token, index) => {
      if (token.entry?.kind === 'aspect') aspects.push({ index, token });
    });
    const engaged = new Set<number>();
    const hits: Hit[] = [];

    for (let index = 0; index < ct.length; index++) {
      const token = ct[index]!;
      const entry = token.entry;
      if (!entry) continue;
      if (entry.kind === 'aspect' && entry.dimension === 'facilities') {
        // Absence or presence of a facility is itself a judgement: 没有椅子, 还有充电的地方.
        const previous = ct[index - 1];
        if (previous?.entry?.kind === 'negator' && previous.text !== '不') {
          hits.push({
            term: previous.text + token.text,
            start: previous.start,
            polarity: -1,
            weight: 1,
            dimension: 'facilities',
            ...(entry.subtopic ? { subtopic: entry.subtopic } : {}),
          });
          engaged.add(index);
        } else if (previous && /^(还?有|有)$/.test(previous.text)) {
          hits.push({
            term: previous.text + token.text,
            start: previous.start,
            polarity: 1,
            weight: 0.5,
            dimension: 'facilities',
            ...(entry.subtopic ? { subtopic: entry.subtopic } : {}),
          });
          engaged.add(index);
        }
        continue;
      }
      if (entry.kind !== 'opinion' && entry.kind !== 'neutral') continue;
      // 快 before a number means "almost" (等了快一小时), not "fast".
      if (token.text === '快' && /^[0-9一二两俩三四五六七八九十半]/.test(ct[index + 1]?.text ?? '')) continue;

      let negations = 0;
      let degree = 1;
      for (let back = index - 1, seen = 0; back >= 0 && seen < 3; back--) {
        const previous = ct[back]!;
        const kind = previous.entry?.kind;
        if (kind === 'opinion' || kind === 'neutral' || kind === 'contrast') break;
        if (kind === 'negator') negations++;
        else if (kind === 'degree') degree *= previous.entry!.value;
        seen++;
      }
      let polarity = entry.value;
      if (entry.kind === 'opinion' && negations % 2 === 1) polarity = -polarity;
      const quoted = quotedRanges.some(([from, to]) => token.start >= from && token.start < to);
      if (polarity > 0 && (quoted || sarcastic)) polarity = -1;
      if (polarity > 0 && suggesting) polarity = 0;
      const weight = degree * clause.weight;

      let dimension = entry.dimension;
      let subtopic = entry.subtopic;
      if (!dimension && aspects.length > 0) {
        // A generic opinion speaks about the nearest thing named before it, else the nearest after.
        let nearest = aspects[0]!;
        let best = Number.POSITIVE_INFINITY;
        for (const a of aspects) {
          const distance = a.index < index ? index - a.index : (a.index - index) * 2 + 0.5;
          if (distance < best) {
            best = distance;
            nearest = a;
          }
        }
        dimension = nearest.token.entry!.dimension;
        subtopic = nearest.token.entry!.subtopic;
        engaged.add(nearest.index);
      } else if (dimension) {
        for (const a of aspects)
          if (a.token.entry!.dimension === dimension && !a.token.entry!.staff) engaged.add(a.index);
      }
      const hit: Hit = { term: token.text, start: token.start, polarity, weight };
      if (dimension) hit.dimension = dimension;
      if (subtopic) hit.subtopic = subtopic;
      hits.push(hit);
      if (entry.kind === 'opinion' && polarity !== 0)
        opinions.push({ polarity, weight, weak: WEAK_POSITIVE.has(token.text) });
    }

    for (const hit of durationHits(clause.text, clause.start)) {
      hits.push(hit);
      opinions.push({ polarity: hit.polarity, weight: hit.weight, weak: false });
      for (const a of aspects)
        if (a.token.entry!.dimension === 'efficiency' && !a.token.entry!.staff) engaged.add(a.index);
    }
    for (const m of clause.text.matchAll(FEW_WINDOWS)) {
      const polarity = suggesting ? 0 : -1;
      hits.push({
        term: m[0],
        start: clause.start + m.index,
        polarity,
        weight: 1,
        dimension: 'efficiency',
        subtopic: 'few_windows',
      });
      if (polarity) opinions.push({ polarity, weight: 1, weak: false });
    }

    const hasJudgement = hits.some((h) => h.polarity !== 0 && h.dimension);
    if (rhetorical && !hasJudgement) {
      // 就不能多开两个窗口吗? / 那预约有什么用? : a rhetorical question blames what it names.
      for (const a of aspects) {
        engaged.add(a.index);
        hits.push({
          term: a.token.text,
          start: a.token.start,
          polarity: -1,
          weight: 1,
          dimension: a.token.entry!.dimension!,
          ...(a.token.entry!.subtopic ? { subtopic: a.token.entry!.subtopic } : {}),
        });
      }
      opinions.push({ polarity: -1, weight: 1, weak: false });
    } else if (suggesting && !hasJudgement) {
      // 建议多装几台自助机: the things a suggestion names are neutral topics (guide N6).
      for (const a of aspects) {
        if (engaged.has(a.index) || a.token.entry!.staff) continue;
        engaged.add(a.index);
        hits.push({
          term: a.token.text,
          start: a.token.start,
          polarity: 0,
          weight: 1,
          dimension: a.token.entry!.dimension!,
          ...(a.token.entry!.subtopic ? { subtopic: a.token.entry!.subtopic } : {}),
        });
      }
    }

    for (const hit of hits) {
      matched.push([hit.start, hit.term]);
      if (hit.dimension) credit(hit.dimension, hit.polarity, hit.weight, hit.term, hit.subtopic);
    }
    for (const index of engaged) {
      const token = ct[index]!;
      const e = token.entry!;
      matched.push([token.start, token.text]);
      if (e.staff || !e.dimension) continue;
      const acc = topics.get(e.dimension);
      if (acc) {
        if (e.subtopic) acc.subtopics.add(e.subtopic);
        if (!acc.terms.includes(token.text)) acc.terms.push(token.text);
      }
    }
  }

  for (const m of text.matchAll(POSITIVE_EMOJI)) {
    opinions.push({ polarity: 1, weight: 1, weak: false });
    matched.push([m.index, m[0]]);
  }
  for (const m of text.matchAll(NEGATIVE_EMOJI)) {
    opinions.push({ polarity: -1, weight: 1, weak: false });
    matched.push([m.index, m[0]]);
  }

  const anyNegative = opinions.some((o) => o.polarity < 0);
  let positive = 0;
  let negative = 0;
  for (const o of opinions) {
    if (o.polarity > 0 && !(o.weak && anyNegative)) positive += o.weight;
    if (o.polarity < 0) negative += o.weight;
  }

  const ranked = [...topics.entries()]
    .filter(([, acc]) => acc.mentions > 0)
    .sort((a, b) => b[1].mentions - a[1].mentions || DIMENSIONS.indexOf(a[0]) - DIMENSIONS.indexOf(b[0]))
    .slice(0, MAX_TOPICS);
  const topicResults: TopicAnalysis[] = ranked.map(([dimension, acc]) => ({
    dimension,
    sentiment: polarityOf(acc.positive, acc.negative),
    subtopics: SUBTOPICS.filter((s) => acc.subtopics.has(s)),
    terms: acc.terms,
  }));
  const subtopics = new Set<Subtopic>(extraSubtopics);
  for (const t of topicResults) for (const s of t.subtopics) subtopics.add(s);

  const reasons = detectReasons(text);
  matched.sort((a, b) => a[0] - b[0]);
  const matchedTerms = [...new Set(matched.map(([, term]) => term))];

  return {
    analyserVersion: ANALYSER_VERSION,
    topics: topicResults,
    subtopics: SUBTOPICS.filter((s) => subtopics.has(s)),
    sentiment: polarityOf(positive, negative),
    needsResponse: reasons.length > 0,
    reasons,
    matchedTerms,
    truncated,
    analysedChars,
  };
}

/** Both sides clearly present → mixed; a weak side (有点…, in a concession) does not make it mixed. */
function polarityOf(positive: number, negative: number): Sentiment {
  const clear = 0.5;
  if (positive >= clear && negative >= clear) return 'mixed';
  if (positive > negative) return 'positive';
  if (negative > positive) return 'negative';
  return 'neutral';
}
