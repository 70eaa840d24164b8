// Labels in Chinese (default) and English. Dimension names come from the questionnaire catalogue
// (schemas/questionnaires), the one place they are defined.
import { windowServiceCatalogue } from '@servloop/schemas';

export type Lang = 'zh' | 'en';
export const LANG_COOKIE = 'servloop_console_lang';

const LABELS = {
  title: ['servloop 服务质量控制台', 'servloop quality console'],
  network: ['网点总览', 'Network'],
  callbacks: ['回访', 'Call-backs'],
  audit: ['操作审计', 'Audit'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  badLogin: ['用户名或密码错误', 'Wrong username or password'],
  providerUnreachable: [
    '暂时无法连接身份提供方,请稍后再试,或使用本地账号登录',
    'the identity provider cannot be reached right now; try again later or sign in with a local account',
  ],
  expired: ['会话已过期,请重新登录', 'Your session expired; please sign in again'],
  signedOut: ['已退出', 'Signed out'],
  notFound: [
    '未找到(不存在或不在您的权限范围内)',
    'Not found (it does not exist or is outside what you may see)',
  ],
  notEnough: ['数据不足', 'not enough data'],
  branch: ['网点', 'Branch'],
  region: ['区域', 'Region'],
  allRegions: ['全部区域', 'All regions'],
  period: ['期间', 'Period'],
  days: ['天', 'days'],
  apply: ['筛选', 'Apply'],
  nps: ['净推荐值 NPS', 'NPS'],
  npsShrunk: ['收缩后 NPS', 'Shrunk NPS'],
  interval: ['95% 区间', '95% interval'],
  n: ['样本数', 'n'],
  rank: ['排名', 'Rank'],
  softQuality: ['软质量(感知均值)', 'Soft quality (mean perception)'],
  hardQuality: ['硬质量(感知均值)', 'Hard quality (mean perception)'],
  openLoops: ['未关闭改进循环', 'Open loops'],
  pastSla: ['超时投诉', 'Complaints past SLA'],
  csv: ['下载 CSV', 'Download CSV'],
  role: ['角色', 'Role'],
  shrinkNote: [
    '排名按收缩后 NPS:样本少的网点向全网均值收缩(经验贝叶斯),避免少量答卷的网点排在首位。',
    'Ranked by shrunk NPS: branches with few answers are pulled toward the network mean (empirical Bayes), so a branch with a dozen answers does not top the list.',
  ],
  forbiddenCsrf: [
    '表单已失效或来源不明(CSRF 校验失败),未做任何更改。请刷新页面后重试。',
    'The form is stale or did not come from this console (CSRF check failed); nothing was changed. Reload the page and try again.',
  ],
  invalidForm: ['表单有误,未做任何更改', 'The form has errors; nothing was changed'],
  pending: ['待入库', 'pending'],
  saved: ['已提交,入库后显示', 'Submitted; shown once stored'],
  back: ['返回', 'Back'],
  myScorecard: ['我的评分卡', 'My scorecard'],
  floor: ['现场:窗口、员工、等候与驱动因素', 'Floor: windows, staff, waiting and drivers'],
} as const satisfies Record<string, readonly [string, string]>;

export type LabelKey = keyof typeof LABELS;

export function t(lang: Lang, key: LabelKey): string {
  return LABELS[key][lang === 'zh' ? 0 : 1];
}

/** A page's own sentence in the page's language (labels used once live with their page). */
export const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

const catalogue = windowServiceCatalogue();
const DIMENSIONS = new Map(catalogue.dimensions.map((d) => [d.id, d.text]));
const ITEMS = new Map(catalogue.items.map((i) => [i.id, i.text]));

/** 服务态度 / Service attitude, from the catalogue; the id when unknown. */
export function dimensionName(id: string, lang: Lang): string {
  const text = DIMENSIONS.get(id as never);
  return text ? text[lang === 'zh' ? 'zh-CN' : 'en'] : id;
}

/** A questionnaire item's short name (text before the colon). */
export function itemName(id: string, lang: Lang): string {
  const text = ITEMS.get(id);
  if (!text) return id;
  return text[lang === 'zh' ? 'zh-CN' : 'en'].split(/[::]/)[0]!;
}

export const DIMENSION_IDS = catalogue.dimensions.map((d) => d.id) as readonly string[];

export function pickLang(query: unknown, cookie: string | undefined): Lang {
  const q = (query as { lang?: string } | undefined)?.lang;
  if (q === 'en' || q === 'zh') return q;
  return cookie === 'en' ? 'en' : 'zh';
}
