// Comment → topics, sentiment and needs-response. Pure: the lexicon and the segmenter's dictionary
// are loaded at module initialisation; analyse() does no I/O and never throws on any string.
import { LEXICON, type LexiconEntry, TERM_PREFIXES } from './lexicon.ts';
import { normalise } from './normalise.ts';
import { firstCodeUnits, PatternGate } from './pattern-gate.ts';
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

/**
 * Bump on any change to the lexicon, the rules, the learnt model (model/comment-model.json) or the
 * way they are combined: stored rows are keyed by it.
 */
export const ANALYSER_VERSION = 'servloop-comments-1.3.0';

/** The labelling guide (E15) keeps at most three topics per comment. */
const MAX_TOPICS = 3;

// ── token stream ────────────────────────────────────────────────────────────────────────────────

interface Token {
  text: string;
  start: number;
  entry: LexiconEntry | undefined;
}

// Not ':' — 服务态度:很好 is one judgement, the label and its value.
const CLAUSE_END = /^[\s,.!?;~、…。，！？；～()（）【】[\]…—-]+$/;
const SENTENCE_END = /[.!?。！？\n]/;
/**
 * What a clause end can start with (firstCodeUnits of CLAUSE_END): most tokens are words, and a
 * look at their first code unit spares the regular expression.
 */
const CLAUSE_END_FIRST = firstCodeUnits(CLAUSE_END) ?? {
  has: () => true,
};
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
  '老',
  '总',
  '较',
]);
/** What a prefix character is: a negator, a degree word, or (也, 都, 还 …) nothing. */
const PREFIX_ENTRY: ReadonlyMap<string, LexiconEntry> = new Map(
  [...PREFIX_MODIFIERS].flatMap((char): Array<[string, LexiconEntry]> => {
    if ('不没未无别'.includes(char)) return [[char, { term: char, kind: 'negator', value: 0 }]];
    if ('较'.includes(char)) return [[char, { term: char, kind: 'degree', value: 0.5 }]];
    if ('很太超挺蛮真好巨贼最更特老总'.includes(char))
      return [[char, { term: char, kind: 'degree', value: 1.5 }]];
    return [];
  }),
);
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

/**
 * What the tokeniser needs to know of a segmenter word, looked up once per distinct word: the
 * lexicon entry, whether a longer term starts with it, and (for a word the lexicon does not know
 * whole) its decomposition. Words repeat from comment to comment, so one lookup in this bounded
 * map replaces up to three (LEXICON, TERM_PREFIXES, the decomposition). A word that starts longer
 * terms keeps the same for the words that may follow it (`next`, by the following word): the
 * longest-match join then looks up words, whose hashes V8 has already computed, instead of
 * building and hashing a joined string per step. Pure: what an entry holds depends on its words alone.
 */
interface WordInfo {
  /** The word, or the words joined. */
  text: string;
  entry: LexiconEntry | undefined;
  prefix: boolean;
  /** refine(word), computed the first time it is needed (single words only). */
  refined: Token[] | null | undefined;
  /** The joins with one more word, by that word; made the first time they are needed. */
  next: Map<string, WordInfo> | undefined;
}
const wordInfoCache = new Map<string, WordInfo>();
/** Words and joins cached; all are dropped once there are this many (a bound, not an eviction policy). */
const WORD_INFO_CACHE_LIMIT = 50_000;
let wordInfoCount = 0;

function newWordInfo(text: string): WordInfo {
  if (wordInfoCount >= WORD_INFO_CACHE_LIMIT) {
    wordInfoCache.clear();
    wordInfoCount = 0;
  }
  wordInfoCount++;
  return {
    text,
    entry: LEXICON.get(text),
    prefix: TERM_PREFIXES.has(text),
    refined: undefined,
    next: undefined,
  };
}

function wordInfo(word: string): WordInfo {
  let info = wordInfoCache.get(word);
  if (info === undefined) {
    info = newWordInfo(word);
    wordInfoCache.set(word, info);
  }
  return info;
}

/** `joined` (a prefix of some lexicon term) followed by `word`. */
function joinInfo(joined: WordInfo, word: string): WordInfo {
  if (joined.next === undefined) joined.next = new Map();
  let info = joined.next.get(word);
  if (info === undefined) {
    info = newWordInfo(joined.text + word);
    joined.next.set(word, info);
  }
  return info;
}

/** A word the lexicon does not know whole, as prefix modifiers + a lexicon word + particles, or null. */
function refine(text: string): Token[] | null {
  let result: Token[] | null = null;
  if (text.length > 1) {
    let head = 0;
    let tail = text.length;
    while (tail > head + 1 && SUFFIX_PARTICLES.has(text[tail - 1]!) && !LEXICON.has(text.slice(head, tail)))
      tail--;
    const prefixes: Token[] = [];
    while (tail - head > 1 && !LEXICON.has(text.slice(head, tail)) && PREFIX_MODIFIERS.has(text[head]!)) {
      const char = text[head]!;
      // As a prefix, 好 is "very" (好慢, 好差), never the praise word 好.
      const entry = PREFIX_ENTRY.get(char);
      prefixes.push({ text: char, start: head, entry });
      head++;
    }
    const core = text.slice(head, tail);
    const coreEntry = LEXICON.get(core);
    if (coreEntry && (head > 0 || tail < text.length)) {
      result = [...prefixes, { text: core, start: head, entry: coreEntry }];
      if (tail < text.length) result.push({ text: text.slice(tail), start: tail, entry: undefined });
    }
  }
  return result;
}

/** Segmenter words → tokens with lexicon entries, longest lexicon match over up to four joined words. */
function tokenise(text: string): Token[] {
  const words = segment(text);
  const tokens: Token[] = [];
  // Every token has the same three fields (entry undefined when none), so that the rules' reads
  // of token.entry see one object shape.
  let start = 0;
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const info = wordInfo(word);
    // Longest lexicon term made of words i..j; stop extending once no term starts with the join.
    let last = info.entry ? i : -1;
    let lastEntry = info.entry;
    let term = word;
    if (info.prefix) {
      let joined = info;
      for (let j = i + 1; j < words.length && j < i + MAX_JOIN_TOKENS; j++) {
        joined = joinInfo(joined, words[j]!);
        if (joined.entry) {
          last = j;
          lastEntry = joined.entry;
          term = joined.text;
        }
        if (!joined.prefix) break;
      }
    }
    if (lastEntry) {
      tokens.push({ text: term, start, entry: lastEntry });
      start += term.length;
      i = last + 1;
      continue;
    }
    if (info.refined === undefined) info.refined = refine(word);
    if (info.refined) {
      for (const part of info.refined)
        tokens.push({ text: part.text, start: start + part.start, entry: part.entry });
    } else {
      tokens.push({ text: word, start, entry: undefined });
    }
    start += word.length;
    i++;
  }
  return tokens;
}

// ── rules that read the clause text rather than single words ────────────────────────────────────

interface Hit {
  term: string;
  start: number;
  /** +1, -1, or 0 for a neutral mention. */
  polarity: number;
  weight: number;
  dimension?: Dimension;
  subtopic?: Subtopic;
  /** Thanks that count as praise only when nothing in the comment is blamed. */
  weak?: boolean;
}

/** A text pattern that is itself a judgement of a dimension. */
interface PatternRule {
  pattern: RegExp;
  polarity: number;
  dimension: Dimension;
  subtopic?: Subtopic;
  /** The blame does not hold when a negator stands right before the match (没有硬推套餐). */
  negatable?: boolean;
}

const CN_NUMBER = '[0-9一二两俩三四五六七八九十几半]';
const HOURS = new RegExp(
  `${CN_NUMBER}+个?多?半?(小时|钟头)|${CN_NUMBER}+(个|粒)钟(?![头点])|半天|一上午|一下午|一早上|一整天|大半天|${CN_NUMBER}+天`,
  'g',
);
const MINUTES = new RegExp(`(不到)?(${CN_NUMBER}+)分钟(不到)?(就|都|还)?`, 'g');
const WAITING_VERB = /等|排队|排了|排到|排长|排号|坐了|站了|度过|耗了|体验|待了|呆了|dd/;
const CLAUSE_RULES: PatternRule[] = [
  {
    pattern:
      /(只|就|才|仅)(开|有)了?(一|两|俩|二|1|2)个?(窗口|有人)|(只|就|才|仅)?开了?(一|两|俩|二|1|2)个窗口|窗口(太|很|比较|实在)?少|多开|只有一个(窗口|有人)|保留一个窗口|就一个窗口|只?留了?(一|两|俩|1|2)个窗口|[0-9一二两三四五六七八九十几]+个(窗口|台)(只)?开了?([0-9一二两三四五六七八九十几]+个|俩|仨)|窗口[^,.!?;]{0,8}(暂停|停止)服务/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'few_windows',
  },
  // A queue or a wait told as a plain fact is a neutral efficiency topic (前面排了12个人).
  { pattern: /排了?(1\d|[1-9]|十|十几|几)个?人/g, polarity: 0, dimension: 'efficiency', subtopic: 'waiting' },
  {
    pattern: /(只|就|才|仅)开了?(一|两|俩|二|1|2)个(?![小半钟])/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'few_windows',
  },
  {
    pattern:
      /排了?(几十|[二三四五六七八九]十|[2-9]\d|\d{3})[几多]?个?人|人(有点|太|很|超|特别|比较|非常|实在)多/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'waiting',
  },
  {
    pattern: /不知道(该)?(去|到)哪(个|里|儿)?(窗口|区|办|排|交|缴|取)|找不到.{0,4}窗口/g,
    polarity: -1,
    dimension: 'facilities',
    subtopic: 'signage',
  },
  {
    pattern: /边.{0,6}边(打电话|聊天|玩手机|吃)|打私人电话|接私人电话/g,
    polarity: -1,
    dimension: 'attitude',
  },
  {
    pattern: /窗口(都|全|全部)?(关|停)|(关|停)了?(所有|全部)?窗口|午休.{0,6}(关|没人|停)/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'few_windows',
  },
  // A promise not kept: 说好三天回电话,到现在没人理.
  {
    pattern: /(说好|答应|承诺|保证).{0,14}(到现在|至今|结果|一直|还是|都)[^,.!?;]{0,6}(没|不)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'promise',
  },
  {
    pattern: /填.{0,3}(张|份)表|(七八|好几|[三四五六七八九十])(张|份)(表|材料|证明)/g,
    polarity: -1,
    dimension: 'process',
    subtopic: 'documents_required',
  },
  { pattern: /拖了.{0,4}(星期|周|天|月)|(星期|周|天|月)了?还没/g, polarity: -1, dimension: 'efficiency' },
  // Promised free, charged all the same: 说送路由器,结果装的时候又要收钱.
  {
    pattern: /说(好)?(送|免费|不收|包).{0,20}(结果|又|却|还|但).{0,8}(收|扣|要钱|交钱)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'promise',
  },
  // Only the person themself may come (不是本人不能办, 要原户主本人到场): a documents rule.
  {
    pattern: /(要|需要|必须|得)[^,.!?;]{0,4}本人|不是本人|本人(到场|亲自)|不能代办/g,
    polarity: -1,
    dimension: 'process',
    subtopic: 'documents_required',
  },
  // 已经两个月了 / 三个星期了: a delay told in months or weeks.
  {
    pattern: /已经(两|三|四|五|几|半|[0-9]+)个?(月|星期|礼拜|周)|(两|三|四|五|几|[0-9]+)个(月|星期|礼拜)了/g,
    polarity: -1,
    dimension: 'efficiency',
  },
  // 说24小时内上门,结果等了三天: a deadline promised, then missed.
  {
    pattern: /(说好|答应|承诺|保证|说)[^.!?]{0,14}(小时|天|周|月)内[^.!?]{0,12}(结果|可是|但是|到现在|至今)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'promise',
  },
  {
    pattern: /(问|说)[^,.!?;]{0,6}都是["“”']?不知道|一问三不知/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'staff_skill',
  },
  // Sent to the back of the queue again: 重新排, 又要排队, 还得重新取号.
  {
    pattern: /(重新|又要?|还要|还得|再|照样|还是要|还是得|依然|仍然)(取号)?排(队|对)?|重新取号/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'waiting',
  },
  // Only after N calls / N people / N days did anything happen: 打了三次电话才派人来.
  {
    pattern: /((?<!跑了?[0-9一二两三四五六七八九十几]{1,2})次|个人|小时|(?<!半)天)[^,.!?;]{0,8}才/g,
    polarity: -1,
    dimension: 'efficiency',
  },
  {
    pattern: /(材料|证明|资料|手续)[^,.!?;]{0,4}(太多|好多|很多|一大堆|一堆)/g,
    polarity: -1,
    dimension: 'process',
    subtopic: 'documents_required',
  },
  { pattern: /效率[^,.!?;不没]{0,3}(低|差)/g, polarity: -1, dimension: 'efficiency' },
  {
    pattern: /效率[^,.!?;不没]{0,3}高|当场[^,.!?;]{0,10}(解决|办好|办完|办妥|搞定|帮)/g,
    polarity: 1,
    dimension: 'efficiency',
  },
  {
    pattern: /(让|劝|忽悠|推着|拉着)我(加|办|买|换|开|升级|升)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'hard_selling',
  },
  // Promised for a time of day, come late or not at all: 说好上午来,结果下午四点才到 (1.1.0).
  {
    pattern:
      /(说好|答应|承诺|约好|约的|说)[^.!?。！？]{0,10}(上午|下午|晚上|今天|明天|[0-9一二两三四五六七八九十]+点)[^.!?。！？]{0,10}(结果|可是|但是|却)[^.!?。！？]{0,12}(才|没|不)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'promise',
  },
  // Closed before the posted time (guide D13): a visit for nothing (1.1.0).
  {
    pattern: /提前[^,.!?;]{0,6}(下班|关门|停止办理|不办|不接号|停办|收工)|还没到[^,.!?;]{0,6}就(不|下班|关)/g,
    polarity: -1,
    dimension: 'process',
    subtopic: 'repeat_visits',
  },
  {
    pattern: /一会儿就(办|弄|好|搞定|处理)|几分钟(就)?(搞定|办好|办完)/g,
    polarity: 1,
    dimension: 'efficiency',
  },
  {
    pattern:
      /跑了?(?![一1](趟|次|回|躺))[0-9一二两三四五六七八九十几]+(趟|次|回|躺|个部门|个地方)|第[0-9二三四五六七八九十]+(趟|次)才/g,
    polarity: -1,
    dimension: 'process',
    subtopic: 'repeat_visits',
  },
  {
    pattern:
      /(要|得|还得|需要|又要)(开|提供|带|交|补)(个|一个|好几个|[0-9一二两三四五六七八九十]+个)?证明|要.{0,8}原件/g,
    polarity: -1,
    dimension: 'process',
    subtopic: 'documents_required',
  },
  {
    pattern:
      /(坐|座|喝水|休息|充电|停车|上厕所|洗手)的地方.{0,3}(都|也)?没有?|没(有)?(地方坐|座位|椅子|水喝|地方喝水|地方休息)|站着等/g,
    polarity: -1,
    dimension: 'facilities',
    subtopic: 'environment',
  },
];
const NEGATED_BEFORE = /(没|不|别|未|没有)[硬强乱]?$/;
// Second pass (1.1.0), from the dev-extra review: general wordings, not single comments.
const MORE_CLAUSE_RULES: PatternRule[] = [
  // 排到天黑 / 排到下午两点: a wait told by when it ended.
  {
    pattern: /排(队)?(号)?排?[到道](我)?(都)?(天黑|下午|中午|晚上|天亮|[0-9一二两三四五六七八九十]+点)/g,
    polarity: -1,
    dimension: 'efficiency',
    subtopic: 'waiting',
  },
  // 前面还有二十来个人: a queue told as a fact is a neutral waiting topic (guide D4).
  {
    pattern: /(前面|前边|前头)(还)?有?([0-9]+|[一二两三四五六七八九十几]+)[几多来]?个?(人|号)/g,
    polarity: 0,
    dimension: 'efficiency',
    subtopic: 'waiting',
  },
  // Selling by verb and product: 劝我换5G套餐, 被塞了个套餐, 还要推信用卡 (guide E4).
  {
    pattern:
      /((推|塞|劝|忽悠|推荐|推销|讲)了?(个|一个|我|我们|给我)?|(非要|非让|硬要|逼)我?[^,.!?;]{0,4}(办|买|开|加))[^,.!?;]{0,6}(套餐|保险|理财|基金|信用卡|宽带|副卡|会员|贷款|分期|报警器|增值业务)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'hard_selling',
    negatable: true,
  },
  // 还要收违约金, 居然要交手续费: a charge the customer did not expect.
  {
    pattern: /(还要|又要|居然|竟然|还得|还)[^,.!?;]{0,4}(收|交|扣)[^,.!?;]{0,6}(费|钱|金)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'fees',
  },
  // A deadline promised and passed: 说十个工作日给结果,现在一个多月了 / 说两小时内上门,等到晚上没人来.
  {
    pattern:
      /(说|说好|答应|承诺|保证|约的|约好)[^.!?。！？]{0,8}([0-9一二两三四五六七八九十几]+个?(工作日|天|周|星期|月|小时)|(小时|天|周|月)内|周[一二三四五六日天]|上午|下午)[^.!?。！？]{0,24}(结果|可是|但是|到现在|至今|现在|已经|没人来|没来|没上门|还没|都没|没下文|没消息)/g,
    polarity: -1,
    dimension: 'performance',
    subtopic: 'promise',
  },
  // 连口热水都没有 / 连个急救箱都找不到: a basic thing missing from the hall.
  {
    pattern:
      /连(?!句|一句)(个|口|张|把|一个|一张|一把)?(?!解释|回应|道歉|笑脸|好脸|招呼|问候|人|电话|回复|答复)[^,.!?;]{1,6}(都|也)(没有|没|找不到)/g,
    polarity: -1,
    dimension: 'facilities',
    subtopic: 'environment',
  },
  // 连句解释都没有, 连个笑脸都没有: the courtesy missing (guide: attitude).
  {
    pattern: /连(句|一句|个|一个)?(解释|回应|道歉|笑脸|好脸色?|招呼|问候)(都|也)(没有|没)/g,
    polarity: -1,
    dimension: 'attitude',
  },
  // 收了20块工本费: a charge told as a fact is a fees topic; the words around it judge it.
  {
    pattern:
      /(收|交|扣)了?[0-9一二两三四五六七八九十几百]+(块|元)(钱)?[^,.!?;]{0,3}(工本费|手续费|服务费|年费|管理费|费)/g,
    polarity: 0,
    dimension: 'performance',
    subtopic: 'fees',
  },
];
const ALL_CLAUSE_RULES = [...CLAUSE_RULES, ...MORE_CLAUSE_RULES];
const STAFF_NAMED = new RegExp(
  [
    '\\d+号(窗口|柜员|柜台|台)',
    '工号\\s*\\d+',
    '(小|老)[王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文](?![序时区孩事学])',
    '[王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚](经理|阿姨|姐|哥|师傅|老师|主任|女士|先生|大姐|大哥)',
  ].join('|'),
  'g',
);
const RHETORICAL =
  /就不能|为什么|有什么用|难道|凭什么|怎么回事|干嘛|给谁看|合适吗|什么意思|是不是该|早说么|怎么办|合规吗|有啥用|有何用|为啥|(?<!知道)咋回事|凭啥|啥意思|管用吗|有用吗|还要[^,.!?;]{0,6}吗/;
const QUOTE_CHARS = /["“”'‘’「」『』]/;
const QUOTED = /["“”'‘’「」『』]([^"“”'‘’「」『』]{1,6})["“”'‘’「」『』]/g;
/** 真是"高效", 可真"有水平": praise in quotes after 真 is irony, whatever the quoted word. */
const IRONIC_QUOTE = /(真|真是|可真|好)["“”'‘「『]/g;
/** Thanks for the wait: every praise word in the comment is irony (感谢让我体验了一把春运). */
const THANKS_FOR_THE_WAIT = /(感谢|谢谢|贴心|真好|太好了).{0,12}让我(等|排|体验|度过|在)|美好的一|体验了一把/;
// Emoji and the chat apps' bracketed stickers ([赞], [发怒]) after normalisation (lower case, ASCII
// brackets). 😅 🙃 🙂 [微笑] are left out on purpose: customers use them both ways (guide D11).
const POSITIVE_EMOJI =
  /👍|🙏|❤|😊|🥰|😄|😀|😁|🌹|💯|👏|😃|😆|🤗|😍|💪|🎉|👌|☺|😘|💕|💖|💗|🌟|⭐|✨|🫶|🤝|🥳|😇|🙌|✌|💐|🌷|\[(赞|强|玫瑰|爱心|鼓掌|抱拳|握手|胜利|ok|good)\]/gu;
const NEGATIVE_EMOJI =
  /😡|😤|😭|🙄|😓|😠|💢|👎|😒|🤬|😞|😔|😩|😫|😣|😖|😢|😰|😱|🤮|🤢|💩|🤦|😪|🥵|🥶|😾|☹|🙁|😕|😟|😑|💔|\[(发怒|怒|抓狂|流泪|大哭|鄙视|弱|衰|撇嘴|白眼|汗|难过|委屈|吐|生气)\]/gu;
const WEAK_POSITIVE = new Set(['感谢', '谢谢', '辛苦了', '开心']);

/**
 * The text patterns run on every comment, behind one pre-check (pattern-gate.ts): a pattern none
 * of whose possible first characters is in the text is not run, as it would find nothing. Most
 * comments hold the first characters of a few of them only.
 */
export const GATED_PATTERNS = [
  ...ALL_CLAUSE_RULES.map((rule) => rule.pattern),
  IRONIC_QUOTE,
  STAFF_NAMED,
  POSITIVE_EMOJI,
  NEGATIVE_EMOJI,
  HOURS,
  MINUTES,
  RHETORICAL,
  THANKS_FOR_THE_WAIT,
];
const GATE = new PatternGate(GATED_PATTERNS);
const GATE_IRONIC_QUOTE = ALL_CLAUSE_RULES.length;
const GATE_STAFF_NAMED = GATE_IRONIC_QUOTE + 1;
const GATE_POSITIVE_EMOJI = GATE_IRONIC_QUOTE + 2;
const GATE_NEGATIVE_EMOJI = GATE_IRONIC_QUOTE + 3;
const GATE_HOURS = GATE_IRONIC_QUOTE + 4;
const GATE_MINUTES = GATE_IRONIC_QUOTE + 5;
const GATE_RHETORICAL = GATE_IRONIC_QUOTE + 6;
const GATE_THANKS_FOR_THE_WAIT = GATE_IRONIC_QUOTE + 7;
/** Hazards of the premises (not a fight between customers): a safety report is also a facilities complaint. */
const PREMISES_HAZARD =
  /滑|电线|漏电|消防通道|煤气味|燃气味|吊顶|井盖|台阶|玻璃|扶手|地砖|楼梯|掉下来|电梯|自动门|夹(到|伤)|积水|裸露|焦|冒烟|着火/;
const FEES_WORDS = /扣|费|收了?我/;
/** 没有, 没, 无 before a facility (not 不: 不干净 is a judgement, not an absence). */
function isAbsenceNegator(t: Token | undefined): boolean {
  return t?.entry?.kind === 'negator' && t.text !== '不';
}

/** A clause about how it used to be or what the customer feared. */
const PAST_OR_FEARED = /^(以前|之前|原来|过去|以往|本来以为|还以为|本以为|以为)/;

/** Words with a default dimension that judge the hall thing named beside them instead, if any. */
/** Reasons that are complaints in themselves: with no judgement word the comment is still negative. */
const COMPLAINT_REASONS = new Set(['escalation_threat', 'privacy_at_risk', 'safety']);
/** A request or question to the service (the thanks after it are politeness). */
const POLITE_REQUEST = /请问|麻烦|请(尽快|帮|告知|回复|联系)/;
const THANKS = /^(谢谢|多谢|感谢|谢)/;

const RETARGETABLE = new Set([
  // A computer freezing at the counter slows the service (guide note in LABELS.md dev-extra) (1.1.0).
  '死机',
  '老死机',
  // Not clear / hard to see (1.1.0): of a sign or a screen it is a facilities complaint.
  '不清楚',
  '看不清',
  '看不懂',
  '不明显',
  '不清晰',
  '方便',
  '便捷',
  '简单',
  '麻烦',
  '复杂',
  '慢',
  '很慢',
  '快',
  '很快',
  '舒服',
  '舒适',
  '难用',
]);
/**
 * What a retargetable word may move onto: a thing of the hall (停车不方便, 自助机太复杂; not 系统太慢,
 * which stays efficiency, nor 等很不方便); a facility's failure also onto the counter's computer
 * (电脑老死机 slows the service).
 */
const FACILITIES: ReadonlySet<Dimension> = new Set(['facilities']);
const RETARGET_ONTO: Partial<Record<Dimension, ReadonlySet<Dimension>>> = {
  facilities: new Set(['facilities', 'efficiency']),
};

/** 太复杂, 很方便: a lexicon word made of a degree word and a retargetable judgement is one too. */
const DEGREE_PREFIX = /^(太|很|好|超|挺|蛮|特别|非常|比较|有点|十分|相当)/;
function retargetable(term: string): boolean {
  return RETARGETABLE.has(term) || RETARGETABLE.has(term.replace(DEGREE_PREFIX, ''));
}

const STAFF_ASPECT: LexiconEntry = {
  term: '(named staff)',
  kind: 'aspect',
  dimension: 'attitude',
  value: 0,
  staff: true,
};

const NO_MATCHES: readonly RegExpExecArray[] = [];

/**
 * Every match of a global pattern, without the RegExp copy that each matchAll call makes. Most
 * patterns find nothing: then the one shared empty array, not a new one per pattern and comment.
 */
function eachMatch(pattern: RegExp, text: string): readonly RegExpExecArray[] {
  pattern.lastIndex = 0;
  let m = pattern.exec(text);
  if (m === null) return NO_MATCHES;
  const found: RegExpExecArray[] = [];
  for (; m !== null; m = pattern.exec(text)) {
    found.push(m);
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return found;
}

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
function durationHits(clause: string, base: number, hits: Hit[]): void {
  // Neither a number of hours nor of minutes in the comment: no duration (GATE scanned the text).
  if (!GATE.may(GATE_HOURS) && !GATE.may(GATE_MINUTES)) return;
  const waiting = WAITING_VERB.test(clause);
  for (const m of eachMatch(HOURS, clause)) {
    const before = clause.slice(Math.max(0, m.index - 2), m.index);
    const after = clause.charAt(m.index + m[0].length);
    const rest = clause.slice(m.index + m[0].length, m.index + m[0].length + 2);
    // 半小时不到全办完了, 一小时内就办好: done within the time is praise (1.1.0).
    const short = /小时|钟/.test(m[0]) && !/[二两三四五六七八九十几]/.test(m[0]);
    if (
      short &&
      (/不到|内/.test(before) || /^(不到|内)/.test(rest)) &&
      /办完|办好|搞定|解决|就好|弄完|弄好/.test(clause) &&
      !/说好|答应|承诺|保证/.test(clause)
    ) {
      hits.push({ term: m[0], start: base + m.index, polarity: 1, weight: 1, dimension: 'efficiency' });
      continue;
    }
    if (/不到|内/.test(before) || after === '内' || after === '假') continue;
    const longish = m[0].includes('小时') || m[0].includes('钟头');
    // A comment that is a duration and little else (一个半钟头😤) is the wait itself.
    const bare = clause.replace(/[^\p{L}\p{N}]/gu, '').length - m[0].length <= 2;
    if (waiting || (longish && (/了|快|近/.test(before) || bare))) {
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
  for (const m of eachMatch(MINUTES, clause)) {
    const minutes = numberValue(m[2]!);
    const quick = Boolean(m[1] || m[3] || m[4] === '就') || /搞定|办完|办好|解决|就好/.test(clause);
    if (quick && minutes <= 20) {
      hits.push({ term: m[0], start: base + m.index, polarity: 1, weight: 1, dimension: 'efficiency' });
    } else if (waiting && (minutes >= 30 || (minutes >= 10 && (m[4] === '都' || m[4] === '还')))) {
      hits.push({
        term: m[0],
        start: base + m.index,
        polarity: -1,
        weight: 1,
        dimension: 'efficiency',
        subtopic: 'waiting',
      });
    } else if (waiting && minutes >= 10) {
      const at = base + m.index;
      hits.push({
        term: m[0],
        start: at,
        polarity: 0,
        weight: 1,
        dimension: 'efficiency',
        subtopic: 'waiting',
      });
    }
  }
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

function closeClause(
  clauses: Clause[],
  text: string,
  current: Token[],
  weight: number,
  terminator: string,
  sentenceIndex: number,
): void {
  if (current.length === 0) return;
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

// Plain functions, not closures: the dev runner (tsx) wraps every named closure in a naming call,
// which a per-comment closure pays on every comment.
function splitClauses(text: string, tokens: Token[]): Clause[] {
  const clauses: Clause[] = [];
  let current: Token[] = [];
  let weight = 1;
  let sentenceIndex = 0;
  for (const token of tokens) {
    if (!token.entry && CLAUSE_END_FIRST.has(token.text.charCodeAt(0)) && CLAUSE_END.test(token.text)) {
      closeClause(clauses, text, current, weight, token.text, sentenceIndex);
      current = [];
      weight = 1;
      if (SENTENCE_END.test(token.text)) sentenceIndex++;
      continue;
    }
    const kind = token.entry?.kind;
    if (kind === 'contrast' || kind === 'concession') {
      closeClause(clauses, text, current, weight, '', sentenceIndex);
      if (current.length > 0) current = [];
      weight = token.entry!.value;
    }
    current.push(token);
  }
  closeClause(clauses, text, current, weight, '', sentenceIndex);
  return clauses;
}

interface AspectRef {
  index: number;
  token: Token;
}

function aspectHit(a: AspectRef, polarity: number, weight: number): Hit {
  const entry = a.token.entry!;
  const hit: Hit = {
    term: a.token.text,
    start: a.token.start,
    polarity,
    weight,
    dimension: entry.dimension!,
  };
  if (entry.subtopic) hit.subtopic = entry.subtopic;
  return hit;
}

/**
 * The aspect a generic judgement at `index` speaks about: the nearest before it, else after it.
 * `thingsOnly` skips people; `onlyOn` keeps the aspects of those dimensions only.
 */
function nearestAspect(
  aspects: AspectRef[],
  index: number,
  thingsOnly = false,
  onlyOn?: ReadonlySet<Dimension>,
): AspectRef | undefined {
  let nearest: AspectRef | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const a of aspects) {
    if (thingsOnly && (a.token.entry!.staff || a.token.entry!.dimension === 'attitude')) continue;
    if (onlyOn && !onlyOn.has(a.token.entry!.dimension!)) continue;
    const distance = a.index < index ? index - a.index : (a.index - index) * 2 + 0.5;
    if (distance < best) {
      best = distance;
      nearest = a;
    }
  }
  return nearest;
}

/** How many words before a judgement a negator or degree word still applies to (没有想象中那么麻烦). */
const NEGATION_WINDOW = 4;

/** Negators and degree words in the four words before `index`, up to the previous judgement. */
function modifiersBefore(
  tokens: Token[],
  index: number,
  question: boolean,
): { negations: number; degree: number; grudging: boolean } {
  let negations = 0;
  let degree = 1;
  let grudging = false;
  for (let back = index - 1, seen = 0; back >= 0 && seen < NEGATION_WINDOW; back--, seen++) {
    const previous = tokens[back]!;
    const kind = previous.entry?.kind;
    // A thing named in between takes the negator (不收手续费挺好: 不 is about 收, not 挺好); the
    // one-character verbs among the aspects (没跑冤枉路, 不用等太久) do not.
    if (kind === 'opinion' || kind === 'neutral' || kind === 'contrast') break;
    if (kind === 'aspect' && previous.text.length > 1) break;
    // 问了三个人才说明白: praise that came only after trouble is no praise.
    if (previous.text === '才') grudging = true;
    // 不是白约了吗? asks for agreement: the 不是 of a rhetorical question negates nothing.
    // A two-character word opening with 没/不/未 that the lexicon does not know negates too (没装好).
    // Only right before the judgement: 说不办就亏了 is a condition, not a negation of 亏.
    const negating =
      kind === 'negator' ||
      (seen === 0 && !previous.entry && previous.text.length === 2 && NEGATING_OPENER.test(previous.text));
    if (negating && !(question && previous.text === '不是')) negations++;
    else if (kind === 'degree') degree *= previous.entry!.value;
  }
  return { negations, degree, grudging };
}

const DENIED_AFTER = /^(都|也)?(没有|没)/;
// The patterns the rules test per clause or per word, made once here: a regular expression literal
// inside a function is a new RegExp object every time it is evaluated. None is global or sticky,
// so test() keeps no state between calls.
/** A two-character word the lexicon does not know, opening with a negator (没装好). */
const NEGATING_OPENER = /^[没不未]/;
const DENIAL = /^(没有|没)/;
const QUESTION_MARK = /[?？]/;
const QUESTION_PARTICLE_AT_END = /[吗呢]$/;
const RHETORICAL_IN_QUESTION = /不能|不会|能不能|不是/;
/** After 快, what makes it "fast" rather than "almost" (办得快了, 快的, 快!). */
const FAST_FOLLOWER = /^(了|的|啊|呀|吧|点|些|多|!)/;
/** The words right after a judgement deny it: 耐心 + 都没有. */
function deniedAfter(tokens: Token[], index: number): boolean {
  const next = tokens[index + 1];
  if (!next) return false;
  if (DENIED_AFTER.test(next.text)) return true;
  const after = tokens[index + 2];
  return (next.text === '都' || next.text === '也') && after !== undefined && DENIAL.test(after.text);
}

interface EngagedAspect {
  token: Token;
  entry: LexiconEntry;
}

function clauseMatches(all: readonly RegExpExecArray[], clause: Clause): readonly RegExpExecArray[] {
  if (all.length === 0) return NO_MATCHES;
  const end = clause.start + clause.text.length;
  return all.filter((m) => m.index >= clause.start && m.index < end);
}

function analyseClauses(text: string, clauses: Clause[], namedSpans: Array<[number, number]>) {
  const hits: Hit[] = [];
  const engaged: EngagedAspect[] = [];
  const quotedRanges: Array<[number, number]> = [];
  if (QUOTE_CHARS.test(text))
    for (const m of eachMatch(QUOTED, text)) quotedRanges.push([m.index, m.index + m[0].length]);
  // The text rules run once over the whole comment; each clause takes the matches that start in it.
  const ruleMatches = ALL_CLAUSE_RULES.map((rule, r) =>
    GATE.may(r) ? eachMatch(rule.pattern, text) : NO_MATCHES,
  );
  // The rules that matched somewhere, in their order: each clause looks at these only.
  const matchedRules: number[] = [];
  for (let r = 0; r < ruleMatches.length; r++) if (ruleMatches[r]!.length > 0) matchedRules.push(r);
  const ironicMatches = GATE.may(GATE_IRONIC_QUOTE) ? eachMatch(IRONIC_QUOTE, text) : NO_MATCHES;
  let suggestionSentence = -1;
  let carried: AspectRef | undefined;
  let carriedSentence = -1;

  for (const clause of clauses) {
    const ct = clause.tokens;
    const clauseHits: Hit[] = [];
    const question = QUESTION_MARK.test(clause.terminator) || QUESTION_PARTICLE_AT_END.test(clause.text);
    const rhetorical =
      (GATE.may(GATE_RHETORICAL) && RHETORICAL.test(clause.text)) ||
      (question && RHETORICAL_IN_QUESTION.test(clause.text));
    let sarcastic = false;
    const aspects: AspectRef[] = [];
    for (let index = 0; index < ct.length; index++) {
      const token = ct[index]!;
      if (!token.entry && namedSpans.some(([from, to]) => token.start >= from && token.start < to)) {
        token.entry = STAFF_ASPECT;
      }
      const kind = token.entry?.kind;
      if (kind === 'aspect') aspects.push({ index, token });
      else if (kind === 'suggestion') suggestionSentence = clause.sentenceIndex;
      else if (kind === 'sarcasm') sarcastic = true;
    }
    const suggesting = suggestionSentence === clause.sentenceIndex;
    const fallback = aspects.length === 0 && carriedSentence === clause.sentenceIndex ? carried : undefined;

    for (let index = 0; index < ct.length; index++) {
      const token = ct[index]!;
      const entry = token.entry;
      if (!entry) continue;
      if (entry.kind === 'aspect' && entry.dimension === 'facilities') {
        // Absence or presence of a facility is itself a judgement: 没有椅子, 还有充电的地方.
        const previous = ct[index - 1];
        const twoBack = ct[index - 2];
        const absent = isAbsenceNegator;
        if (absent(previous) || (absent(twoBack) && previous?.text === '人')) {
          clauseHits.push({
            ...aspectHit({ index, token }, -1, 1),
            term: `${previous?.text ?? ''}${token.text}`,
          });
          engaged.push({ token, entry });
        } else if (previous && (previous.text === '有' || previous.text === '还有')) {
          clauseHits.push({ ...aspectHit({ index, token }, 1, 0.5), term: previous.text + token.text });
          engaged.push({ token, entry });
        }
        continue;
      }
      if (entry.kind !== 'opinion' && entry.kind !== 'neutral') continue;
      // 快 followed by anything but a particle means "almost" or "about to" (等了快一小时, 快中暑了);
      // "fast" is 办得快, 快的, 快!
      const following = ct[index + 1]?.text;
      if (token.text === '快' && following !== undefined && !FAST_FOLLOWER.test(following)) continue;
      // 麻烦 opening a request is "please" (麻烦回复我), not "troublesome".
      if (token.text === '麻烦' && index === 0 && ct.length > 1) continue;

      const { negations, degree, grudging } = modifiersBefore(ct, index, question);
      let polarity = entry.value;
      if (entry.kind === 'opinion' && negations % 2 === 1) polarity = -polarity;
      // 一点耐心都没有, 连个笑脸也没有: praise denied after the word (1.1.0).
      if (entry.kind === 'opinion' && polarity > 0 && deniedAfter(ct, index)) polarity = -polarity;
      const quoted = quotedRanges.some(([from, to]) => token.start >= from && token.start < to);
      // 为什么不能在线上写清楚? : praise inside a rhetorical question is blame.
      if (polarity > 0 && (quoted || sarcastic || rhetorical)) polarity = -1;
      if (polarity > 0 && (suggesting || grudging)) polarity = 0;
      // 以前要跑三次 / 还以为要跑好几次: the past or the feared, set against what happened, is no blame.
      if (polarity < 0 && PAST_OR_FEARED.test(clause.text)) polarity = 0;
      const hit: Hit = { term: token.text, start: token.start, polarity, weight: degree * clause.weight };
      if (WEAK_POSITIVE.has(token.text)) hit.weak = true;

      // 停车不方便, 自助机反应超慢: a word with a default dimension judges the hall thing named
      // beside it when there is one.
      // With nothing named in its clause, blame goes to a thing of the hall named just before in the
      // sentence (大厅没有母婴室,抱着孩子等很不方便) (1.1.0).
      const thingCarried =
        polarity < 0 &&
        carried &&
        carriedSentence === clause.sentenceIndex &&
        carried.token.entry!.dimension === 'facilities'
          ? carried
          : undefined;
      const named =
        entry.dimension && retargetable(token.text)
          ? (nearestAspect(aspects, index, true, RETARGET_ONTO[entry.dimension] ?? FACILITIES) ??
            thingCarried)
          : undefined;
      if (named) {
        hit.dimension = named.token.entry!.dimension!;
        if (named.token.entry!.subtopic) hit.subtopic = named.token.entry!.subtopic;
        engaged.push({ token: named.token, entry: named.token.entry! });
      } else if (entry.dimension) {
        hit.dimension = entry.dimension;
        if (entry.subtopic) hit.subtopic = entry.subtopic;
        for (const a of aspects)
          if (a.token.entry!.dimension === entry.dimension && !a.token.entry!.staff)
            engaged.push({ token: a.token, entry: a.token.entry! });
      } else {
        // A generic judgement speaks about the nearest thing named in its clause, or the last thing
        // named in the previous clause of the same sentence (推荐基金,听得心烦).
        // Only blame carries over (环境一般,服务还不错: the praise is generic, not about 环境).
        const target = nearestAspect(aspects, index) ?? (polarity < 0 ? fallback : undefined);
        if (target) {
          hit.dimension = target.token.entry!.dimension!;
          if (target.token.entry!.subtopic) hit.subtopic = target.token.entry!.subtopic;
          engaged.push({ token: target.token, entry: target.token.entry! });
        }
      }
      clauseHits.push(hit);
    }

    durationHits(clause.text, clause.start, clauseHits);
    for (const r of matchedRules) {
      const rule = ALL_CLAUSE_RULES[r]!;
      for (const m of clauseMatches(ruleMatches[r]!, clause)) {
        if (rule.negatable && NEGATED_BEFORE.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
        const polarity =
          (suggesting || PAST_OR_FEARED.test(clause.text)) && rule.polarity < 0 ? 0 : rule.polarity;
        const hit: Hit = {
          term: m[0],
          start: m.index,
          polarity,
          weight: clause.weight,
          dimension: rule.dimension,
        };
        if (rule.subtopic) hit.subtopic = rule.subtopic;
        clauseHits.push(hit);
      }
    }
    for (const m of clauseMatches(ironicMatches, clause)) {
      const at = ct.findIndex((t) => t.start >= m.index);
      const target = nearestAspect(aspects, at < 0 ? ct.length : at) ?? fallback;
      const hit: Hit = { term: m[0], start: m.index, polarity: -1, weight: 1 };
      if (target) {
        hit.dimension = target.token.entry!.dimension!;
        engaged.push({ token: target.token, entry: target.token.entry! });
      }
      clauseHits.push(hit);
    }
    if (clauseHits.some((h) => h.dimension === 'efficiency' && h.polarity !== 0)) {
      for (const a of aspects)
        if (a.token.entry!.dimension === 'efficiency' && !a.token.entry!.staff)
          engaged.push({ token: a.token, entry: a.token.entry! });
    }

    const judged = clauseHits.some((h) => h.polarity !== 0 && h.dimension);
    if (rhetorical && !judged) {
      // 就不能多开两个窗口吗? / 那预约有什么用? : a rhetorical question blames what it names.
      const named = aspects.filter((a) => !a.token.entry!.staff);
      for (const a of named) {
        engaged.push({ token: a.token, entry: a.token.entry! });
        clauseHits.push(aspectHit(a, -1, 1));
      }
      if (named.length === 0)
        clauseHits.push({ term: clause.text.slice(-4), start: clause.start, polarity: -1, weight: 1 });
    } else if (suggesting && !judged) {
      // 建议多装几台自助机: the things a suggestion names are neutral topics (guide N6).
      for (const a of aspects) {
        if (a.token.entry!.staff) continue;
        engaged.push({ token: a.token, entry: a.token.entry! });
        clauseHits.push(aspectHit(a, 0, 1));
      }
    }
    hits.push(...clauseHits);
    if (aspects.length > 0) {
      carried = aspects[aspects.length - 1];
      carriedSentence = clause.sentenceIndex;
    }
  }
  return { hits, engaged };
}

interface TopicAccumulator {
  positive: number;
  negative: number;
  mentions: number;
  subtopics: Set<Subtopic>;
  terms: string[];
}

/** Analyses one comment. Never throws; bad input gives an empty analysis. */
/** The rules' analysis plus what they read, for the learnt model's features (no second segmentation). */
export interface RuleAnalysis {
  analysis: CommentAnalysis;
  /** The normalised text the rules analysed. */
  text: string;
  /** The rules' tokens (segmenter words, lexicon terms joined, unknown words split), in order. */
  words: string[];
}

/** The rules alone: the analyser up to 1.1.0. `analyseComment` adds the learnt model. */
export function analyseByRules(input: string): RuleAnalysis {
  const { text, truncated, analysedChars } = normalise(input);
  GATE.scan(text);
  const tokens = tokenise(text);
  const clauses = splitClauses(text, tokens);
  const namedSpans: Array<[number, number]> = [];
  if (GATE.may(GATE_STAFF_NAMED))
    for (const m of eachMatch(STAFF_NAMED, text)) namedSpans.push([m.index, m.index + m[0].length]);
  const { hits, engaged } = analyseClauses(text, clauses, namedSpans);
  const reasons = detectReasons(text);

  // Needs-response reasons are judgements too: the customer's money or data at risk is a
  // performance failure (guide E2, E5, E8), a hazard of the premises a facilities one.
  if (reasons.includes('money_at_risk')) {
    // A calm question about one's own refund (请问我多交的电费什么时候能退?) is a neutral topic (guide D9).
    const calmQuestion =
      !hits.some((h) => h.polarity < 0) && (/请问/.test(text) || /[?？吗]$/.test(text.trim()));
    const hit: Hit = {
      term: 'money_at_risk',
      start: text.length,
      polarity: calmQuestion ? 0 : -1,
      weight: 1,
      dimension: 'performance',
    };
    if (FEES_WORDS.test(text)) hit.subtopic = 'fees';
    hits.push(hit);
  }
  if (reasons.includes('privacy_at_risk')) {
    hits.push({
      term: 'privacy_at_risk',
      start: text.length,
      polarity: -1,
      weight: 1,
      dimension: 'performance',
      subtopic: 'privacy',
    });
  }
  if (reasons.includes('safety') && PREMISES_HAZARD.test(text)) {
    hits.push({
      term: 'safety',
      start: text.length,
      polarity: -1,
      weight: 1,
      dimension: 'facilities',
      subtopic: 'environment',
    });
  }
  // Booked, then queued all the same (预约了到了还要排一小时): the booking failed too (guide E3).
  const booking = engaged.find((e) => e.entry.subtopic === 'online_booking');
  const waitedBadly = hits.some((h) => h.subtopic === 'waiting' && h.polarity < 0);
  if (waitedBadly && !hits.some((h) => h.dimension === 'process')) {
    const booked = booking?.token ?? tokens.find((t) => t.entry?.subtopic === 'online_booking');
    if (booked) {
      hits.push({
        term: booked.text,
        start: booked.start,
        polarity: -1,
        weight: 1,
        dimension: 'process',
        subtopic: 'online_booking',
      });
    }
  }
  if (!hits.some((h) => h.polarity < 0) && reasons.some((r) => COMPLAINT_REASONS.has(r))) {
    hits.push({ term: reasons.join('+'), start: text.length, polarity: -1, weight: 1 });
  }
  if (GATE.may(GATE_POSITIVE_EMOJI))
    for (const m of eachMatch(POSITIVE_EMOJI, text))
      hits.push({ term: m[0], start: m.index, polarity: 1, weight: 1 });
  if (GATE.may(GATE_NEGATIVE_EMOJI))
    for (const m of eachMatch(NEGATIVE_EMOJI, text))
      hits.push({ term: m[0], start: m.index, polarity: -1, weight: 1 });
  if (GATE.may(GATE_THANKS_FOR_THE_WAIT) && THANKS_FOR_THE_WAIT.test(text)) {
    for (const hit of hits) {
      if (hit.polarity <= 0) continue;
      hit.polarity = -1;
      hit.weak = false;
      // The blame is for the wait, which the duration rules already put on efficiency.
      if (hit.dimension !== 'efficiency') delete hit.dimension;
    }
  }

  const anyNegative = hits.some((h) => h.polarity < 0);
  // Thanks that close a request or question (请问…谢谢, 麻烦回复,谢谢) are politeness, not praise
  // (1.3.0): with no other praise they leave the comment's tone to the rest of it.
  if (POLITE_REQUEST.test(text)) {
    const praise = hits.filter((h) => h.polarity > 0);
    if (praise.length > 0 && praise.every((h) => THANKS.test(h.term))) for (const h of praise) h.polarity = 0;
  }
  const topics = new Map<Dimension, TopicAccumulator>();
  let positive = 0;
  let negative = 0;
  const matched: Array<[number, string]> = [];
  for (const hit of hits) {
    if (hit.weak && anyNegative) continue;
    if (hit.polarity > 0) positive += hit.weight;
    else if (hit.polarity < 0) negative += hit.weight;
    matched.push([hit.start, hit.term]);
    if (!hit.dimension) continue;
    let acc = topics.get(hit.dimension);
    if (!acc) {
      acc = { positive: 0, negative: 0, mentions: 0, subtopics: new Set(), terms: [] };
      topics.set(hit.dimension, acc);
    }
    if (hit.polarity > 0) acc.positive += hit.weight;
    else if (hit.polarity < 0) acc.negative += hit.weight;
    acc.mentions++;
    if (hit.subtopic) acc.subtopics.add(hit.subtopic);
    if (!acc.terms.includes(hit.term)) acc.terms.push(hit.term);
  }
  for (const { token, entry } of engaged) {
    if (entry.staff || !entry.dimension) continue;
    const acc = topics.get(entry.dimension);
    if (!acc) continue;
    if (entry.subtopic) acc.subtopics.add(entry.subtopic);
    if (!acc.terms.includes(token.text)) acc.terms.push(token.text);
    matched.push([token.start, token.text]);
  }
  for (const [from, to] of namedSpans) matched.push([from, text.slice(from, to)]);

  const ranked = [...topics.entries()]
    .sort((a, b) => b[1].mentions - a[1].mentions || DIMENSIONS.indexOf(a[0]) - DIMENSIONS.indexOf(b[0]))
    .slice(0, MAX_TOPICS);
  const topicResults: TopicAnalysis[] = ranked.map(([dimension, acc]) => ({
    dimension,
    sentiment: polarityOf(acc.positive, acc.negative),
    subtopics: SUBTOPICS.filter((s) => acc.subtopics.has(s)),
    terms: acc.terms,
  }));
  const subtopics = new Set<Subtopic>();
  if (namedSpans.length > 0) subtopics.add('staff_named');
  for (const t of topicResults) for (const s of t.subtopics) subtopics.add(s);
  matched.sort((a, b) => a[0] - b[0]);

  const analysis: CommentAnalysis = {
    analyserVersion: ANALYSER_VERSION,
    topics: topicResults,
    subtopics: SUBTOPICS.filter((s) => subtopics.has(s)),
    sentiment: overallPolarity(positive, negative, reasons.length > 0),
    needsResponse: reasons.length > 0,
    reasons,
    matchedTerms: [...new Set(matched.map(([, term]) => term))],
    truncated,
    analysedChars,
  };
  return { analysis, text, words: tokens.map((t) => t.text) };
}

/**
 * A comment someone must answer is a complaint told as a story, whose praise words are mostly
 * narrative (系统显示预约成功, 我已经按时还款, 说一周之内给我答复): mixed only when the praise weighs
 * at least a third of the blame (1.3.0; guide P1 asks for a clearly positive statement).
 */
function overallPolarity(positive: number, negative: number, needsResponse: boolean): Sentiment {
  if (needsResponse && positive > 0 && negative > NARRATIVE_PRAISE_RATIO * positive) return 'negative';
  return polarityOf(positive, negative);
}
const NARRATIVE_PRAISE_RATIO = 3;

/**
 * Both sides present → mixed (labelling guide P1: degree words change strength, not polarity, so
 * even 有点慢 inside a 虽然 clause, weight 0.25, is blame); otherwise the larger side, else neutral.
 */
function polarityOf(positive: number, negative: number): Sentiment {
  const clear = 0.25;
  if (positive >= clear && negative >= clear) return 'mixed';
  if (positive > negative) return 'positive';
  if (negative > positive) return 'negative';
  return 'neutral';
}
