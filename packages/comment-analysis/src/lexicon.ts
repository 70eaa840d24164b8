// The project's own service-hall lexicon, written for servloop (no third-party sentiment lexicon is
// copied, so there is no licence to carry). Terms are Simplified Chinese, lower-case ASCII, after
// normalise(): that is the form the analyser looks them up in.
//
// Kinds:
//  - aspect:  names a thing of a dimension (柜员, 取号机). Alone it is a fact (labelling guide N4); it
//             becomes a topic when an opinion, a neutral judgement, a suggestion or a rhetorical
//             question in the same clause speaks about it.
//  - opinion: carries polarity; with a dimension it is about that dimension whatever the clause names
//             (慢 is efficiency), without one it is generic (好, 差) and goes to the clause's aspects.
//  - neutral: 还行, 一般 (guide N2): makes the clause's aspects neutral topics.
//  - negator, degree, contrast, concession, suggestion, sarcasm: modifiers read by the rules.
//  - ignore:  words that contain lexicon characters but mean something else (不好意思, 好几).
import type { Dimension, Subtopic } from './types.ts';

export type EntryKind =
  | 'aspect'
  | 'opinion'
  | 'neutral'
  | 'negator'
  | 'degree'
  | 'contrast'
  | 'concession'
  | 'suggestion'
  | 'sarcasm'
  | 'ignore';

export interface LexiconEntry {
  term: string;
  kind: EntryKind;
  dimension?: Dimension;
  subtopic?: Subtopic;
  /** +1 or -1 for opinions; for degree words the strength multiplier. */
  value: number;
  /** Staff words: a generic opinion about them is about attitude, a dimensioned one is not. */
  staff?: boolean;
}

const entries: LexiconEntry[] = [];

function words(list: string): string[] {
  return list.split(/\s+/).filter((w) => w.length > 0);
}

function aspect(dimension: Dimension, subtopic: Subtopic | undefined, list: string, staff = false): void {
  for (const term of words(list)) {
    const entry: LexiconEntry = { term, kind: 'aspect', dimension, value: 0 };
    if (subtopic) entry.subtopic = subtopic;
    if (staff) entry.staff = true;
    entries.push(entry);
  }
}

function opinion(
  dimension: Dimension | undefined,
  subtopic: Subtopic | undefined,
  polarity: 1 | -1,
  list: string,
): void {
  for (const term of words(list)) {
    const entry: LexiconEntry = { term, kind: 'opinion', value: polarity };
    if (dimension) entry.dimension = dimension;
    if (subtopic) entry.subtopic = subtopic;
    entries.push(entry);
  }
}

function modifier(kind: EntryKind, value: number, list: string): void {
  for (const term of words(list)) entries.push({ term, kind, value });
}

// ── attitude ────────────────────────────────────────────────────────────────────────────────────
aspect(
  'attitude',
  undefined,
  `柜员 工作人员 营业员 员工 店员 收费员 办事员 大堂经理 客户经理 经理 保安 保安大哥 小姐姐 小哥
   小伙 小伙子 小姑娘 姑娘 阿姨 大姐 大哥 师傅 老师 窗口人员 服务员 客服 柜台人员 柜员小姐 营业员小姐 女的 男的
   工作人员们 职员 主任 领导 大妈 大爷 小妹 美女 帅哥 志愿者 抄表员`,
  true,
);
aspect('attitude', undefined, '态度 服务态度 语气 口气 脸色 笑容 服务意识 说话 解释 讲解 讲得');
opinion(
  'attitude',
  undefined,
  1,
  `热情 热心 耐心 有耐心 很耐心 礼貌 有礼貌 客气 亲切 和蔼 友好 周到 细心 贴心 温柔 微笑 笑着 面带微笑 暖心
   热情周到 体贴 真诚 耐烦 nice 笑 仔细 帮忙 扶一下 搀扶 教我 一步一步 手把手 搭理 照顾 关心 热心肠 亲切友好 有礼 谦和 温和 认真 和气 温暖 认真负责 负责 尽心 用心 笑脸 心平气和 耐性 有耐性 善解人意 有爱 爱说话`,
);
opinion(
  'attitude',
  undefined,
  -1,
  `不耐烦 冷淡 冷漠 恶劣 凶 兇 很凶 爱答不理 爱理不理 不理不睬 没人理 不管 不理人 甩脸色 摆脸色 脸色难看
   吼 大吼 大吼大叫 吼人 训斥 骂 骂人 嫌弃 敷衍 推诿 踢皮球 傲慢 生硬 不礼貌 没礼貌 玩手机 聊天 闲聊 吃零食
   不搭理 白眼 翻白眼 冷冰冰 冷着脸 高高在上 官僚 刁难 冷言冷语 不屑 凶巴巴 阴阳怪气 不尊重 冲 说话很冲 拽 不理 呵斥 大声呵斥 吃东西 训人
   嫌烦 催 审犯人 欠她钱 欠他钱 怪我 不敢问 摆架子 态度差 不爱说话 听不懂人话 不爱搭理 爱搭不理
   不情愿 懒洋洋 没有素质 没素质 素质差 嫌 嫌麻烦 嫌我 不友好 凶神恶煞 不客气 没好脸色 推脱 甩锅 推来推去
   冷脸 黑脸 不耐心 发脾气 顶嘴 态度恶劣 服务差 难听 推到我身上 看手机 大声 黑着脸`,
);

// ── efficiency ──────────────────────────────────────────────────────────────────────────────────
aspect('efficiency', 'waiting', '等 等待 等候 排队 排对 排 排号 坐了 站了 等了 排了 拿号 等候时间 等的时间');
aspect('efficiency', undefined, '效率 速度 办事效率 处理速度');
aspect('efficiency', 'few_windows', '多开 只开 就开 午休 午休时间');
opinion(
  'efficiency',
  undefined,
  1,
  `快 很快 迅速 高效 效率高 麻利 利索 快捷 及时 神速 干脆 当场解决 当场帮 搞定 一下就 立马 手脚麻利 雷厉风行
   速度快 办得快 挺快 随叫随到 不拖 节省了很多时间 节省时间 省时间 省了很多时间`,
);
opinion('efficiency', 'staff_skill', 1, '专业 熟练 熟 超熟 懂行 业务熟 理清 一下就找到 说得清楚 说清楚');
opinion(
  'efficiency',
  undefined,
  -1,
  `慢 慢死 效率低 磨蹭 拖拉 拖延 磨磨蹭蹭 等半天 久 太久 很久 好久 浪费时间 耽误 耽误时间 人多 人超多 人太多
   排长队 长队 天都黑 快下班 腿都酸 春运 怀疑人生 龟速 长 太长 干等 磨叽 磨洋工 拖了 好耐 咁耐 成个钟 慢吞吞 慢悠悠 效率低下 办事拖拉`,
);
opinion('efficiency', 'waiting', 1, '不用等 不用排队 没排队 没怎么等 没等 人少');
opinion(
  'efficiency',
  'staff_skill',
  -1,
  '不熟练 业务不熟 不熟悉 不懂业务 新手 手忙脚乱 问别人 问同事 说不清楚 说不出 不清楚',
);
opinion('efficiency', 'few_windows', -1, '窗口少 窗口太少 开得少 只有一个 就一个窗口');
opinion('efficiency', 'waiting', 1, '短');

// ── performance ─────────────────────────────────────────────────────────────────────────────────
aspect('performance', 'promise', '承诺 答应 说好 保证 拍胸脯 回电 通知 上门');
aspect('performance', 'fees', '手续费 收费 扣费 年费 管理费 费用 扣 扣了 扣钱');
// 理财经理: what customers say about them is mostly the selling (labelling guide E4).
aspect('performance', 'hard_selling', '推荐 理财 基金 保险 信用卡 副卡 业绩 理财经理');
aspect('performance', 'privacy', '隐私 个人信息 信息 卡号 余额 密码');
opinion(
  'performance',
  'hard_selling',
  -1,
  '推销 强行推销 硬推 硬塞 非要 拉着我 强推 搭售 捆绑 套路 恨不得 营销 拉业务 冲业绩 诱导 误导 强制 办卡送',
);
opinion(
  'performance',
  'fees',
  -1,
  '乱收费 多收 多扣 扣错 乱扣 重复扣费 重复扣 收费高 贵 太贵 滞纳金 乱收 不透明 隐形消费 霸王条款 偷偷扣',
);
opinion('performance', 'privacy', -1, '泄露 泄漏 盗用 随手 乱放 扔在 都能看到 都听到 大声念 贴上来');
opinion(
  'performance',
  'promise',
  -1,
  '放鸽子 放了我 食言 说话不算数 不守信 没通知 没人联系 没下文 没消息 没下来 没动静 不返 一直拖',
);
opinion('performance', undefined, -1, '忽悠 骗 被骗 坑 坑人 失误 不靠谱 没这个活动 亏 欺骗 弄丢');
opinion('performance', undefined, 1, '靠谱 放心 安心 值得信赖 信任 按我的需求 提醒我 拦住');
// Reliability praise is about promises (guide D5).
opinion(
  'performance',
  'promise',
  1,
  '守信 说到做到 守时 办到 说话算话 说话算数 言而有信 按时 准时 如约 兑现',
);

// ── process ─────────────────────────────────────────────────────────────────────────────────────
aspect(
  'process',
  'documents_required',
  `材料 证明 证件 户口本 房产证 原件 复印件 出生证明 材料清单 公章 签字 资料 表格 填表 身份证 证`,
);
aspect('process', undefined, '手续 流程 程序 办理流程 一次性 系统');
aspect(
  'process',
  'online_booking',
  '预约 一网通办 线上 网上 app 小程序 公众号 微信 手机上 在线 网上预约 网上申报 掌上 网厅 手机银行 线上办理 预约号',
);
aspect('process', 'repeat_visits', '跑 趟 第二趟 跑一趟 来回 一趟');
opinion(
  'process',
  undefined,
  1,
  `方便 便捷 简单 简便 顺利 顺畅 容缺受理 省事 省心 省了好多事 进步 一次过 一次就 一次办好 一趟就 简化 直接办 高效便民
   便民 最多跑一次 不用来回跑`,
);
opinion(
  'process',
  undefined,
  -1,
  `繁琐 麻烦 复杂 折腾 驳回 被退回 不规范 不一样 不一致 反复 登不上 办不了 长见识 来回跑 白约 白来 刁难人 多此一举
   手续繁琐 程序复杂 要求多`,
);
opinion(
  'process',
  'repeat_visits',
  -1,
  `跑了好几趟 跑好几趟 白跑 白跑一趟 白跑一躺 又跑了 回去拿 回家拿 又得 下午再来 再跑 冤枉路 跑好几个 明天再来 改天再来 下次再来 再来一趟`,
);
opinion('process', 'repeat_visits', 1, '不用跑 一次就办好 一趟就办完');
opinion('process', 'staff_skill', -1, '办错 录错 输错 写错 搞错 弄错 办成了 操作错 出错 抄错 操作成');
opinion('process', 'documents_required', -1, '材料太多 缺 不全 证明这证明那 开证明');

// ── facilities ──────────────────────────────────────────────────────────────────────────────────
aspect('facilities', 'queue_machine', '取号机 叫号机 叫号 排号机 叫号系统 叫号屏 喇叭 排队机');
aspect(
  'facilities',
  'self_service',
  '自助机 自助终端 自助设备 atm 取款机 存款机 存取款机 自助区 自助缴费机 机器 pos机 自助 复印机 平板 读卡器 刷卡机',
);
aspect(
  'facilities',
  'environment',
  `环境 卫生 座位 椅子 沙发 空调 暖气 饮水机 水喝 厕所 洗手间 停车 停车位 停车场 无障碍 坡道 灯 噪音 音乐 地砖
   台阶 大厅 装修 电线 消防通道 充电 老花镜 垃圾桶 玻璃门 地面 网点环境 有水 儿童角 母婴室 扶手 吊顶 井盖 冷气
   一米线 楼梯 卫生间 绿植 wifi 插座 饮水 电梯 屏幕 显示屏 门口 大门 走廊 地板 灯光 风扇 窗户 玻璃 轮椅 雨伞
   打印机 笔 座椅 热水 光线`,
);
aspect('facilities', 'signage', '指示牌 标识 指引 引导 路标 指示');
opinion(
  'facilities',
  undefined,
  -1,
  `死机 乱叫 过号 吞卡 吞号 脏 脏乱 吵 嘈杂 闷 臭 异味 找不到 看不懂 挤 拥挤 难找 不好找 难用 失灵 卡着
   报错 没纸 冷 太冷 热 太热 滑 漏水 堵死 堵住 不人性化 乱成一锅粥 没出钞 进不去 没修 冻 形同虚设 吃了我 吃卡 吞了
   吞钱 上不去 听不清 看不清 听不见 看不见 连不上 暗 太暗 没反应`,
);
opinion(
  'facilities',
  undefined,
  1,
  `干净 整洁 明亮 宽敞 凉快 温馨 好用 漂亮 挺新 新装修 宽敞明亮 人性化 干干净净`,
);

// ── generic ─────────────────────────────────────────────────────────────────────────────────────
opinion(
  undefined,
  undefined,
  1,
  `好 很好 不错 满意 非常满意 赞 点赞 赞一个 给个赞 棒 优秀 给力 感谢 谢谢 辛苦了 好评 完美
   到位 太好了 优质 满分 表扬 挺好 yyds 感动 开心 好的 好好 点个赞 清楚 明白 明明白白 解决 没得说 有水平 喜欢 舒服 舒适 适合 清晰 规范 省钱 省了不少 没话说 无可挑剔 没毛病 成功 详细 实用 齐全 甜 加油 继续加油 继续保持 五星`,
);
// 坏, 故障, 乱 and the like are about the hall only when the clause names something of the hall
// (取号机坏了); otherwise (冰箱里的东西全坏了, 宽带故障) they are generic blame.
opinion(
  undefined,
  undefined,
  -1,
  `差 很差 太差 差评 垃圾 失望 不满 不满意 生气 气人 无语 糟糕 恶心 烂 过分 离谱 郁闷 烦 心烦 很烦 烦死
   崩溃 差劲 恼火 愤怒 不合理 没意思 服了 无语子 太难了 难受 不舒服 不好 什么玩意 费劲 危险 吓坏 着急 心态崩
   有待提高 有待提搞 不合适 不像话 受不了 投诉 不行 莫名其妙 没人管 太少 吓人 奇葩 失败 mafan 低 太高 打不通 太小 不敢恭维 呵呵 绝了 我服
   掉线 老掉线 信号差 没信号 网速慢 停电 停水 发黄 卡顿 混乱 不对 出问题 太累 重复了 难 困难 不合格 崩溃 有待改进 需要改进 有待加强 待提高 待改进
   坏 坏了 故障 乱 黑 破 碎 堵 没开 用不了`,
);
modifier('neutral', 0, '还行 还可以 一般 凑合 马马虎虎 就那样 过得去 中规中矩 一般般 正常 还好 差不多');
modifier(
  'negator',
  0,
  `不 没 没有 别 未 无 并不 并没有 不是 不算 不够 毫不 从不 从没 不怎么 不大 不太 一点不 没什么 毫无 绝不 决不
   不用 没一个 没人 从来不 从来没 从来没有 一点都不 一点也不`,
);
modifier(
  'degree',
  1.5,
  '太 非常 特别 超 超级 极 极其 十分 相当 巨 贼 实在 真 真的 最 好 很 挺 蛮 可真 特 根本',
);
modifier('degree', 0.5, '有点 有些 稍微 略 略微 稍 比较 较 还算 一点 有一点');
modifier('contrast', 1.5, '但是 但 不过 可是 可惜 然而 只是 就是 唯一不足 却 结果');
modifier('concession', 0.5, '虽然 尽管 虽说');
modifier('suggestion', 0, '建议 希望 最好 能否 能不能 可不可以 可以 应该 如果能 要是能 就好了');
modifier('sarcasm', 0, '呵呵 真是绝了 绝了 我服 服了 敬业');
modifier(
  'ignore',
  0,
  `不好意思 好几 好几遍 好多 好像 好不容易 没想到 没什么意见 没啥说的 不知道 没什么建议 无所谓 好几次 好几圈
   一下 一点点 不然 快点 不要 帮我催 不管怎么样 差点 没用 不到 明明 就想 还有 有没有 还要 好久不见 新房 快递 没办法 想象中 比想象中 好差评 没有什么建议 没有建议 暂无建议 无建议
   没什么好说 没啥好说 没什么可说 没什么说的 困扰很久 困扰了很久 用了很久 很久以前`,
);

/** Term → entry. A term listed twice keeps its first listing. */
export const LEXICON: ReadonlyMap<string, LexiconEntry> = (() => {
  const map = new Map<string, LexiconEntry>();
  for (const entry of entries) if (!map.has(entry.term)) map.set(entry.term, entry);
  return map;
})();

/** Every proper prefix of a lexicon term: the matcher stops joining words once a join is none of them. */
export const TERM_PREFIXES: ReadonlySet<string> = (() => {
  const prefixes = new Set<string>();
  for (const term of LEXICON.keys()) for (let n = 1; n < term.length; n++) prefixes.add(term.slice(0, n));
  return prefixes;
})();
