// Comments for the demo's simulated customers: what a customer of a bank, telecom, utility or
// government hall might write, following the scores the simulator gave their visit (a slow visit
// complains about waiting or the queue machine, a good one praises), with the forms real comments
// take — degree words, negation, "好…但是…" contrast, emoji, some Traditional characters, the odd
// comment about nothing, and a few that need a response (a call back, a threat to escalate, money
// or an ID card at risk, a safety problem). Written for the demo from scratch (not the analyser's
// labelled data); deterministic for a given random source.

export type Sector = 'bank' | 'telecom' | 'utility' | 'government';
export const SECTORS: readonly Sector[] = ['bank', 'telecom', 'utility', 'government'];

export type Dimension = 'attitude' | 'efficiency' | 'performance' | 'process' | 'facilities';
/** The visit's perception per dimension (1–5), as the questionnaire would measure it. */
export type VisitScores = Record<Dimension, number>;

interface Vocabulary {
  staff: string[];
  service: string[];
  /** What staff push on customers (empty: nothing is sold here). */
  product: string[];
  machine: string[];
  /** Money lost the way this sector loses it ({money} is the amount). */
  moneyLost: string[];
  /** Where this sector's customers escalate to. */
  regulator: string[];
}

const VOCABULARY: Record<Sector, Vocabulary> = {
  bank: {
    staff: ['柜员', '大堂经理', '理财经理', '窗口的小姑娘'],
    service: ['开户', '挂失补卡', '办银行卡', '大额转账', '激活网银'],
    product: ['理财产品', '保险', '信用卡', '基金'],
    machine: ['取号机', '自助终端', 'ATM'],
    moneyLost: ['卡里莫名少了{money}元', '转账被扣了{money}元手续费也没人解释'],
    regulator: ['金融监管局', '银保监', '12378'],
  },
  telecom: {
    staff: ['营业员', '店员', '值班经理'],
    service: ['补办SIM卡', '办宽带', '改套餐', '携号转网', '销户'],
    product: ['副卡', '流量包', '合约机', '宽带融合套餐'],
    machine: ['取号机', '自助终端', '叫号屏'],
    moneyLost: ['话费被多扣了{money}元', '没开通的业务每月扣{money}元'],
    regulator: ['工信部', '12300'],
  },
  utility: {
    staff: ['窗口工作人员', '营业员', '收费员'],
    service: ['交电费', '燃气过户', '水表报修', '开通缴费账户'],
    product: ['电子账单服务', '增值服务'],
    machine: ['自助缴费机', '取号机'],
    moneyLost: ['电费多收了{money}元', '预存的{money}元不见了'],
    regulator: ['12345', '12315'],
  },
  government: {
    staff: ['窗口工作人员', '办事员', '导办员'],
    service: ['办营业执照', '社保转移', '公积金提取', '办居住证', '不动产登记'],
    product: [],
    machine: ['取号机', '自助服务机', '排队机'],
    moneyLost: ['工本费多收了{money}元'],
    regulator: ['12345', '纪委'],
  },
};

const DEGREE = ['太', '非常', '特别', '有点', '超级', '实在', ''];
const PRAISE_DEGREE = ['很', '非常', '特别', '挺', '十分'];
const TIMES = ['两', '三', '好几'];

type Templates = Record<Dimension, { negative: string[]; positive: string[] }>;
const TEMPLATES: Templates = {
  efficiency: {
    negative: [
      '等了{minutes}分钟才叫到号',
      '排队{deg}久了',
      '{service}花了一个多小时',
      '只开了两个窗口,{deg}慢',
      '前面就几个人还等了半天',
      '办事效率{deg}低',
      '叫号{deg}慢,一上午就办了一件事',
      // A slow hall is often a broken queue machine too.
      '{machine}坏了,等了{minutes}分钟',
      '叫号屏一直不动,干等了半天',
    ],
    positive: ['基本不用等', '{service}十分钟就办好了', '办事效率{praise}高', '排队时间不长', '速度不慢'],
  },
  attitude: {
    negative: [
      '{staff}态度{deg}差',
      '{staff}很不耐烦',
      '问两句就甩脸色',
      '{staff}说话很冲',
      '{staff}爱答不理的',
    ],
    positive: [
      '{staff}{praise}耐心',
      '{staff}态度{praise}好',
      '{staff}没有不耐烦,解释得很清楚',
      '{staff}很热情',
    ],
  },
  performance: {
    negative: ['{staff}一直推销{product}', '说好的回电一直没回', '问题没解决就让我走了', '答应的事情没做到'],
    positive: ['{staff}很专业,一次就办好了', '说到做到,第二天就回了电话', '问题解决得很彻底'],
  },
  process: {
    negative: [
      '材料一次没说全,跑了{times}趟',
      '手续{deg}繁琐',
      '要填好几张表',
      '{service}流程{deg}复杂',
      '网上预约了到现场还要重新排',
    ],
    positive: ['流程很清楚', '一次就办完了,不用来回跑', '材料提前说清楚了,很方便'],
  },
  facilities: {
    negative: [
      '{machine}坏了',
      '{machine}又坏了,只能人工排队',
      '空调不开,{deg}闷',
      '座位{deg}少,只能站着等',
      '指示牌看不懂,找了半天窗口',
    ],
    positive: ['环境干净', '有饮水机,很贴心', '座位很多,环境不错'],
  },
};

const NOTHING = ['无', '没有意见', '一般般吧', '还行', '没什么好说的', '。。。'];
const CONTRAST = ['但是', '不过', '可是', '就是'];
const NEGATIVE_EMOJI = ['😡', '🙄', '😤', '👎'];
const POSITIVE_EMOJI = ['👍', '😊', '🙏', '👏'];

// Common characters in their Traditional form: some customers type Traditional (Hong Kong, Taiwan,
// older phones), and the analyser folds it back.
const TRADITIONAL: Record<string, string> = Object.fromEntries(
  [
    ...'态態时時间間柜櫃员員号號机機办辦费費说說们們务務话話这這样樣长長问問题題钟鐘个個还還没沒难難开開对對门門环環电電网網预預约約经經专專业業热熱觉覺续續复複杂雜烦煩脸臉应應让讓别別张張里裏坏壞调調闷悶标標准準卡卡发發过過际際户戶证證执執照照补補宽寬带帶叫叫处處理理扣扣钱錢险險摔摔倒倒线線滑滑',
  ]
    .join('')
    .match(/../gu)!
    .map((pair) => [...pair] as [string, string]),
);

export function toTraditional(text: string): string {
  return [...text].map((ch) => TRADITIONAL[ch] ?? ch).join('');
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function fill(rand: Rand, template: string, v: Vocabulary): string {
  return template
    .replaceAll('{staff}', pick(rand, v.staff))
    .replaceAll('{service}', pick(rand, v.service))
    .replaceAll('{product}', pick(rand, v.product.length ? v.product : ['各种业务']))
    .replaceAll('{machine}', pick(rand, v.machine))
    .replaceAll('{deg}', pick(rand, DEGREE))
    .replaceAll('{praise}', pick(rand, PRAISE_DEGREE))
    .replaceAll('{times}', pick(rand, TIMES))
    .replaceAll('{minutes}', String(30 + Math.floor(rand() * 7) * 10))
    .replaceAll('{money}', String(50 + Math.floor(rand() * 20) * 10));
}

function needsResponse(rand: Rand, v: Vocabulary): string {
  const kind = pick(rand, ['callback', 'escalation', 'money', 'privacy', 'safety'] as const);
  switch (kind) {
    case 'callback':
      return pick(rand, ['请尽快给我回个电话', '希望有人联系我处理一下', '麻烦负责人回电']);
    case 'escalation':
      return `再这样我就打${pick(rand, v.regulator)}投诉`;
    case 'money':
      return `${fill(rand, pick(rand, v.moneyLost), v)},请给个说法`;
    case 'privacy':
      return pick(rand, ['我的身份证复印件被随手放在柜台上', '工作人员大声念出我的卡号和余额']);
    case 'safety':
      return pick(rand, ['门口地面很滑,老人差点摔倒', '大厅有电线裸露在外面,太危险了']);
  }
}

export interface CommentOptions {
  /** A complaint's description: always about something that went wrong. */
  complaint?: boolean;
}

/**
 * One customer's comment on a visit with these scores, or '' for none. Lower scores make a
 * dimension likelier to be blamed; high ones to be praised; mid ones are rarely mentioned.
 */
export function hallComment(rand: Rand, sector: Sector, scores: VisitScores, o: CommentOptions = {}): string {
  const v = VOCABULARY[sector];
  const dims = Object.keys(TEMPLATES) as Dimension[];
  if (!o.complaint && rand() < 0.05) return pick(rand, NOTHING);
  // Blame: dimensions scored under 3.5, the lower the likelier; praise: those at 4 or more.
  const blame = dims.filter((d) => scores[d] < 3.5);
  const praise = dims.filter((d) => scores[d] >= 4);
  const weighted = (ds: Dimension[], w: (d: Dimension) => number) => {
    const total = ds.reduce((s, d) => s + w(d), 0);
    let r = rand() * total;
    for (const d of ds) {
      r -= w(d);
      if (r < 0) return d;
    }
    return ds.at(-1)!;
  };
  const negative =
    blame.length > 0
      ? weighted(blame, (d) => (4 - scores[d]) ** 2)
      : o.complaint || rand() < 0.12
        ? pick(rand, dims)
        : undefined;
  const praised = praise.filter((d) => d !== negative);
  const positive = praised.length > 0 ? pick(rand, praised) : undefined;
  const clause = (d: Dimension, polarity: 'negative' | 'positive') =>
    fill(rand, pick(rand, TEMPLATES[d][polarity]), v);

  let text: string;
  if (negative && positive && rand() < 0.3)
    text = `${clause(positive, 'positive')},${pick(rand, CONTRAST)}${clause(negative, 'negative')}`;
  else if (negative) {
    text = clause(negative, 'negative');
    // A second complaint: the customer who waited often also met a broken machine.
    const second = blame.filter((d) => d !== negative);
    if (second.length > 0 && rand() < 0.35) text += `,${clause(pick(rand, second), 'negative')}`;
  } else if (positive) text = clause(positive, 'positive');
  else return rand() < 0.5 ? pick(rand, NOTHING) : '';

  const unhappy = negative !== undefined;
  if (rand() < (o.complaint ? 0.25 : unhappy ? 0.08 : 0.01)) text += `,${needsResponse(rand, v)}`;
  text += rand() < 0.5 ? '。' : pick(rand, ['!', '!!', '', '…']);
  if (rand() < 0.12) text += pick(rand, unhappy ? NEGATIVE_EMOJI : POSITIVE_EMOJI);
  return rand() < 0.07 ? toTraditional(text) : text;
}

/** A branch's sector when the demo file does not name one: stable per branch id. */
export function sectorOf(branchId: string, named?: string): Sector {
  if (named && (SECTORS as readonly string[]).includes(named)) return named as Sector;
  let h = 0;
  for (const ch of branchId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SECTORS[h % SECTORS.length]!;
}
