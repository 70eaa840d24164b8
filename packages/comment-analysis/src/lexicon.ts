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
   热情周到 体贴 真诚 耐烦  笑 仔细 帮忙 扶一下 搀扶 教我 一步一步 手把手 搭理 照顾 关心 热心肠 亲切友好 有礼 谦和 温和 认真 和气 温暖 认真负责 负责 尽心 用心 笑脸 心平气和 耐性 有耐性 善解人意 有爱 爱说话`,
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
  '推销 强行推销 硬推 硬塞  拉着我 强推 搭售 捆绑 套路 恨不得 营销 拉业务 冲业绩 诱导 误导 强制 办卡送',
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
  `跑了好几趟 跑好几趟 白跑 白跑一趟 白跑一躺 又跑了 回去拿 回家拿  下午再来 再跑 冤枉路 跑好几个 明天再来 改天再来 下次再来 再来一趟`,
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
   报错 没纸 冷  热  滑 漏水 堵死 堵住 不人性化 乱成一锅粥 没出钞 进不去 没修 冻 形同虚设 吃了我 吃卡 吞了
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

// ── broader hall vocabulary (synonyms and common variants, by dimension; added in 1.1.0) ─────────
// Written from general knowledge of how customers describe counter service, not from the labelled
// comments: the earlier lists fit the development set and missed much of what others write.
aspect(
  'attitude',
  undefined,
  `业务员 前台 引导员 接待员 服务人员 办事人员 值班经理 行长 所长 站长 负责人 小哥哥 小姐姐们 姐姐 同志
   营业厅人员 客服人员 窗口工作人员 工作人员态度 保洁阿姨 大堂人员 柜面人员 大堂经理们`,
  true,
);
aspect('attitude', undefined, '沟通 口吻 表情 礼仪 问候 服务用语 待客');
opinion(
  'attitude',
  undefined,
  1,
  `热忱 和善 友善 客客气气 笑眯眯 笑容满面 有问必答 不厌其烦 耐心细致 耐心解答 耐心讲解 细致 周全 体贴入微
   尽职尽责 尽职 态度好 态度很好 态度不错 态度非常好 服务周到 服务热情 主动 主动帮 主动询问 积极主动 热情接待
   彬彬有礼 文明 亲和 亲和力 宾至如归 很暖 暖暖的  替我着想 设身处地 体谅 平易近人 和颜悦色 嘘寒问暖
   耐心十足 很有耐心 非常耐心 特别耐心 超有耐心 态度端正 热情大方 礼貌周到 服务态度好 服务态度很好`,
);
opinion(
  'attitude',
  undefined,
  -1,
  `态度不好 态度极差 态度冷淡 态度很差 态度太差 态度差劲 脾气大 脾气差 蛮横 蛮横无理 粗鲁 粗暴 无礼 不理睬
   答非所问 冷嘲热讽 讽刺 挖苦 嘲笑 笑话我 看不起 瞧不起 歧视 区别对待 差别对待 怼 怼人 怼我 吵架 争吵 顶撞
   辱骂 吼叫 嚷 嚷嚷 大呼小叫 不负责 不负责任 推卸 推卸责任 推诿扯皮 扯皮 互相推诿 不作为 懒散 散漫 无视
   视而不见 不闻不问 装没看见 打官腔 官腔 官僚主义 态度生硬 麻木 没有人情味 没人情味 不近人情 刻薄 尖酸
   敷衍了事 应付 应付了事 糊弄 搪塞 心不在焉 开小差 嗑瓜子 吃早餐 打游戏 刷视频 刷抖音 聊微信 串岗 离岗 脱岗
   不在岗 空岗 服务意识差 没有服务意识 服务态度差 服务态度不好 爱搭理不搭理 不耐烦地 凶我 骂我 吼我 瞪 瞪我
   摔东西 扔给我 甩给我 不耐烦的 带情绪 情绪化 没耐心 缺乏耐心`,
);
aspect('efficiency', 'waiting', '等待时间 排队时间 等候区等 排队等候 排队等 叫号等');
aspect('efficiency', undefined, '办理速度 办理时间 进度 处理进度 办事速度');
opinion(
  'efficiency',
  undefined,
  1,
  `快速 速度很快 效率很高 高效率 办事效率高 马上办 当天办结 当场办结 即办 秒办 秒批 很快就 没多久 节约时间
   省时 快捷办理 快速办理 处理及时 响应快 回复及时 反应快 手脚快 动作快 效率挺高 效率真高 很高效 非常高效
   速度快 办得很快 弄得很快 处理得很快 一会就 一下子就 效率不错`,
);
opinion(
  'efficiency',
  'staff_skill',
  1,
  '业务熟练 很专业 业务能力强 能力强 业务精通 精通 经验丰富 有经验 老练 专业性强 业务水平高 业务很熟',
);
opinion(
  'efficiency',
  undefined,
  -1,
  `太慢 很慢 超慢 好慢 缓慢 慢条斯理 拖拖拉拉 拖沓  推迟 延误 延迟 误事 耽搁 等了很久 等很久 等了半天 等一天
   排长龙 长龙 排大队 队伍很长 人山人海 爆满 人满为患 水泄不通 急死 急死人 白等 苦等 久等 漫长 遥遥无期 没完没了
   迟迟 一拖再拖    效率太低 效率极低 效率差 低效 效率不高 慢慢吞吞  乌龟
   等到花儿都谢了 等到天荒地老         
        等死 慢得要死 慢得要命 慢到`,
);
opinion(
  'efficiency',
  'staff_skill',
  -1,
  `生疏 新来的 实习生 不专业 外行 啥都不懂 什么都不懂 不会操作 不会弄 弄不好 搞不定 业务生疏 不太懂 也不懂
    业务能力差 能力差 水平差 业务水平差  不清楚流程 问三不知 一问三不知`,
);
opinion('efficiency', 'few_windows', -1, '只开一个窗口 开窗少 窗口不够 人手不够 人手不足 人太少 缺人');
aspect('performance', 'hard_selling', '理财产品 保险产品 贷款 分期 信用卡分期 会员 增值业务 增值服务');
aspect('performance', 'fees', '服务费 工本费 违约金 月租 资费 话费 账户管理费 小额账户管理费 收费标准');
opinion(
  'performance',
  'hard_selling',
  -1,
  `强制推销 强卖 捆绑销售 强制消费 乱推荐 一直推荐 不停推荐 反复推荐 拼命推销 推来推去的产品 像推销员 推销员
   不买就 非让我买 非让我办 逼我 逼着 硬要 软磨硬泡 缠着 纠缠 骚扰
   一直推销 不停推销 反复推销 天天打电话 一直打电话 打电话推销 推销电话 营销电话`,
);
opinion(
  'performance',
  'fees',
  -1,
  '收费不合理 手续费高 手续费贵 费用高 乱扣费 莫名扣费 偷偷开通 私自开通 擅自开通 莫名开通 乱开通 被开通 坑钱',
);
opinion(
  'performance',
  'promise',
  -1,
  `言而无信 说话不算话 出尔反尔 爽约 失信 不守信用 没兑现 不兑现 石沉大海 杳无音信 没回音 没回复 没人回复
   没人回电 不回电 没回电 没有回电 没给回复 一直没回 迟迟没有 没有下文 没有消息 承诺的没做到 没做到`,
);
opinion(
  'performance',
  undefined,
  -1,
  '误导 欺骗 骗人 隐瞒 没告知 未告知 不告知 信不过 不放心 不安全 陷阱 坑爹',
);
opinion(
  'performance',
  undefined,
  1,
  '可靠 信得过 诚信 讲信用 负责任 尽责 帮我拦 拦截 防诈骗 保护 及时提醒 提醒了我',
);
opinion('performance', 'hard_selling', 1, '不推销 没推销 没有推销 从不推销 不强推 没有强推');
aspect(
  'process',
  undefined,
  '步骤 环节 规定 审批 审核 签名 填单 单子 表单 申请表 业务流程 办事流程 手续方面 政策',
);
aspect('process', 'online_booking', '网上办 线上办 掌上办 不见面 电子化 无纸化 刷脸 预约系统 预约了 约了');
opinion(
  'process',
  undefined,
  1,
  `流畅 一站式 一次办成 一窗通办 只跑一次 少跑腿 免跑 就近办 帮办 代办 全程帮办 材料少 材料简化 手续简单
   流程简单 流程清晰 流程简化 清晰明了 便利 利民 很方便 非常方便 特别方便 挺方便 方便快捷 简单快捷 简单方便`,
);
opinion(
  'process',
  undefined,
  -1,
  `烦琐 手续多 手续繁杂 流程复杂 流程繁琐 流程长 环节多 步骤多 来回折腾 不给办  不予办理 拒办 拒绝办理
   为难 死板 僵化 教条 不灵活 不通融 形式主义 重复提交 重复填写 重复填 重复录入 填了又填 填好几遍 奇葩证明
   循环证明 太麻烦 很麻烦 好麻烦 特别麻烦 非常麻烦 麻烦死了 太复杂 很复杂 太繁琐 很繁琐`,
);
opinion(
  'process',
  'repeat_visits',
  -1,
  '多次跑 反复跑 跑断腿 跑了几趟 跑好几次 跑了好几次 让我回去 叫我回去 回去补 白跑了 又白跑 跑冤枉路 再跑一趟',
);
opinion(
  'process',
  'documents_required',
  -1,
  '补材料 补资料 缺材料 材料不全 资料不全 缺资料 证明材料 材料太复杂 要这要那 一堆材料 一大堆材料',
);
aspect(
  'facilities',
  'environment',
  `等候区 休息区 候客区 书写台 填单台 纸杯 充电宝 充电桩 车位 无障碍通道 残疾人通道 盲道 温度 照明 门把手
   窗台 凳子 长椅 桌子 设备 设施 硬件 硬件设施 配套 配套设施 环境卫生 卫生环境 垃圾 气味 味道 蚊子 苍蝇
   噪声 声音 大堂 营业大厅 办事大厅 缴费大厅 服务大厅`,
);
aspect('facilities', 'queue_machine', '叫号器 排号系统 取号系统 叫号屏幕 排队系统');
aspect('facilities', 'self_service', '自助打印机 自助缴费 自助设备区 智能柜台 智慧柜员机 终端 设备机 卡机');
aspect(
  'facilities',
  'signage',
  '指示牌 标识牌 导视牌 指引牌 引导牌 指示标识 提示牌 公告 告示 公示 价目表 资费表 宣传栏 导引',
);
opinion(
  'facilities',
  undefined,
  1,
  `安静 清净 暖和 崭新 先进 完善 设施齐全 设施完善 设备新 设备先进   整齐 有序 井然有序 秩序好
   秩序井然 一尘不染 窗明几净 环境好 环境优美 环境不错 环境很好 环境挺好 环境干净 很干净 非常干净 挺干净`,
);
opinion(
  'facilities',
  undefined,
  -1,
  `脏乱差 乱糟糟 杂乱 破旧 陈旧 老旧 简陋 破烂 黑屏 吞钞 不出钞 无法使用    维修中 一直维修
   老坏 经常坏 总坏 又坏 坏掉 不好用 不灵 不灵敏 太小 太暗 太亮 刺眼 太吵 吵闹 喧哗 噪音大 闷热 冻死 漏雨 渗水
   积水 难闻 有味道 霉味 蚊虫 蟑螂 老鼠  座位少 椅子少 没座 没地方坐 没水喝 没空调 空调不开 不开空调
   没停车位 停车难 没地方停 不明显 指示不清 标识不清 指引不清 没有指引 没人指引 没人引导 很脏 太脏 好脏
   又脏又乱 太挤 很挤 好挤 很吵 太闷 很闷 冷得 热得 热死 冷死 卡死 死机了 坏了好几台 不能用了 不能用`,
);
opinion(
  undefined,
  undefined,
  1,
  `五星好评 十分满意 很满意 挺满意 比较满意 特别满意 超满意 非常好 特别好 相当好 太棒了 棒棒 棒棒哒 厉害 出色
   一流 顶呱呱 杠杠的 没得挑 赞赞 good 多谢 感激 非常感谢 特别感谢 由衷感谢 十分感谢 万分感谢 真心感谢 谢谢你们
   值得表扬 值得点赞 值得学习 榜样 好样的 暖心 舒心  愉快 愉悦 超出预期 出乎意料 惊喜 顺心 好人 认可 真棒
   很棒 超棒 好棒 非常棒 满意满意 好好好 很不错 挺不错 真不错 相当不错 非常不错 还不错 点赞点赞 必须点赞`,
);
opinion(
  undefined,
  undefined,
  -1,
  `极差 超差 给差评 一星 零分 不及格 辣鸡 稀烂 糟透了 太失望 非常失望 大失所望 很不满意 非常不满意 特别不满意
   气愤 火大 气死 气死了 气死人 窝火 憋屈 醉了 吐槽 太过分 太离谱 荒唐 荒谬 可笑 不应该 很不好 不怎么样
   不咋地 不咋样 一塌糊涂 乱七八糟 稀里糊涂 令人失望 让人失望 寒心 心寒 伤心 难过 委屈 头疼 闹心 堵心 心累
   折磨 煎熬 抓狂 绝望 无奈 无力吐槽 真服了 受够了 忍无可忍 太坑 坑死 太差劲 很差劲 真差 好差 太烂 真烂 很烂
   糟心 差差差 不满意的 很失望 挺失望 有点失望 不爽 很不爽 太不像话 不专业的`,
);
modifier('neutral', 0, '一般吧 还凑合 凑合吧 还过得去 普普通通 说得过去 不好不坏 不好也不坏 中等 马马虎虎吧');
modifier(
  'negator',
  0,
  '没能 未能 无法  从未 并未 绝非 不再 不曾 没怎么 没那么 不那么 一点儿也不 一点儿都不 根本不 根本没 完全不 完全没有',
);
modifier(
  'degree',
  1.5,
  '极为 颇 颇为 太过 过于 好生 尤其 格外 分外 更加 越来越 超级无敌 贼拉 老是 总是 一直 非常之',
);
modifier('degree', 0.5, '有点儿 稍稍 多少 有一些 略显 略微有点');
modifier('contrast', 1.5, '只不过 偏偏 反而 但就是 就是太 可就是');
modifier(
  'suggestion',
  0,
  '期待 盼望 望 最好能 是否可以 是否能 若能 能再 多设 多安排 多派 增设 增加 加强 改进 改善 优化 提升',
);
modifier(
  'ignore',
  0,
  '查清楚 查明 调查清楚 好不好 好吗 好了 好几个 好几天 好几趟 快要 差不多了 不好说 差一点 好在 还好有 慢慢来 不急',
);

// ── common typos, homophones and Latin-script words (1.1.0) ──────────────────────────────────
aspect('attitude', undefined, '太度 态渡 服务太度');
aspect('attitude', undefined, '贵员 柜圆 柜园', true);
aspect('efficiency', undefined, '效律 笑率');
aspect('efficiency', 'waiting', '牌队 拍队');
opinion('attitude', undefined, 1, '奈心 耐新 有奈心 很奈心 热请 礼帽');
opinion('attitude', undefined, -1, '不奈烦 不耐凡 rude impatient');
opinion('efficiency', undefined, -1, '太漫 很漫 好漫 太曼 slow taiman');
opinion('efficiency', undefined, 1, 'fast quick efficient');
opinion('process', undefined, -1, '麻凡 麻繁 繁锁 复染');
opinion('process', undefined, 1, '方变 便结 convenient');
opinion('facilities', undefined, -1, '脏乱 肮脏 dirty');
opinion('facilities', undefined, 1, 'clean');
opinion(
  undefined,
  undefined,
  1,
  '不措 不挫 满义 蛮意 恨好 很棒棒 点攒 好评如潮  great excellent perfect awesome thanks thx 666 manyi henhao',
);
opinion(undefined, undefined, -1, '拉圾 垃极 差径 差竟 差尽 发怒 bad terrible poor awful laji lj cha');

// ── sarcasm, Cantonese and "needs improving" wording (1.1.0) ──────────────────────────────────
modifier(
  'sarcasm',
  0,
  '佩服 真行 真有你的 服气 长见识了 开眼了 大开眼界 见识了 涨知识了 厉害了 真会玩 真是服了 也是醉了 可真行 真是好样的',
);
opinion(
  undefined,
  undefined,
  -1,
  '有待提升 有待改善 需要提升 需要加强 还需改进 还需加强 还需提高 有待完善 急需改进 亟待改进 嬲 好嬲',
);
opinion(undefined, undefined, 1, '唔该 好正 几好 冇问题');
modifier('negator', 0, '冇 唔 冇人');

// ── more from probing unlabelled wording (1.1.0) ───────────────────────────────────────────────
opinion('attitude', undefined, -1, '没空理 没空理人 没空理我 顾不上 打断 打断我 不听我说 不让我说 插话 抢话');
opinion(
  'process',
  'documents_required',
  -1,
  '那么多表 这么多表 好多表 很多表 一堆表 多张表 那么多材料 这么多材料 那么多证明 这么多证明',
);
opinion('process', 'online_booking', -1, '约不上 约不到 抢不到号 挂不上 预约不上 预约不到 预约不了 约满');
opinion('facilities', 'environment', -1, '有点味道 有股味 有股味道 一股味 一股味道 有异味 怪味');
opinion(undefined, undefined, -1, '没有必要 没必要');

opinion(
  'process',
  'staff_skill',
  -1,
  '填错 打错 登记错 录入错误 填写错误 信息错误 弄错了 写错了 搞错了 办错了 输错了 录错了 填错了',
);
opinion(undefined, undefined, 1, '很清楚 非常清楚 特别清楚 解释清楚 讲清楚');
opinion(
  'attitude',
  undefined,
  1,
  '解释得清清楚楚 讲得清清楚楚 说得清清楚楚 讲得明明白白 解释得明明白白 说得明明白白',
);
aspect('facilities', 'queue_machine', '叫号信息 叫号屏 叫号大屏 排队叫号');
aspect('facilities', 'environment', '电子屏 大屏 大屏幕 led屏 广告屏');
aspect('attitude', undefined, '导办 导办人员 帮办员 代办员', true);

// ── second pass (1.1.0), from the dev-extra review, by category ──────────────────────────────────
// Attitude: idling, sudden coldness, rudeness in northern and southern wording.
opinion(
  'attitude',
  undefined,
  -1,
  `横 忒横 很横 特别横 太横 真横 变脸 翻脸 换了副脸 甩脸 拉着脸 拉长脸 脸一沉 聊八卦 聊八挂 唠嗑 嫌我烦 嫌我麻烦 嫌我慢
   嫌我啰嗦 嫌我笨 爱答不睬 不让进 赶我走 赶人`,
);
opinion(
  'attitude',
  undefined,
  1,
  '太热心 很热心 非常热心 特别热心 挺热心 好热心 说话好听 嘴甜 好好人 好人好事',
);
aspect('attitude', undefined, '妹子 小妹妹 大叔 大妈们 大爷们 保安大叔 服务员们 靓女 靓仔', true);
// Efficiency: colloquial waiting, fast in dialect and slang.
opinion(
  'efficiency',
  'waiting',
  -1,
  `腿肚子都转筋 腿都站麻了 站麻了 排麻了 人都麻了 等麻了 等吐了 等疯了 等哭了 排到emo emo了 干坐着 干坐 站不下
   一长溜 一长串 长长的队 好长的队 排成长龙 一长排 又得等 又要等 还得等 又得排 仲未到我 还没到我 还没轮到我
   轮不到我 人挤人 挤满了人`,
);
opinion(
  'efficiency',
  undefined,
  1,
  `飞快 贼快 超快 特快 巨快 嗖嗖的 麻溜 利落 好快 搞掂 搞掂咗 又快又 又快又好 又好又快 既快又  
      很快办完 很快办好`,
);
// Performance: sold something, charged something, promised and not come.
opinion(
  'performance',
  'hard_selling',
  -1,
  '被塞 塞了个 塞给我 硬塞给 推消 推信用卡 推宽带 推保险 推理财 推套餐 推基金 非让我',
);
opinion('performance', 'fees', -1, '收违约金 还要收 要收费 还收费 又收费 什么规矩');
opinion(
  undefined,
  undefined,
  -1,
  '非要 谁来负责 谁负责 谁给我退 谁给个说法 这什么规矩 都什么年代了 什么年代了 蜗牛 无语死了 绝绝子',
);
// Process: told all at once, absurd certificates, booking that does not work.
opinion('process', undefined, 1, '一次性告知 一次性说清楚 一次说清 列了清单 列了个清单 一次性列');
opinion('process', 'documents_required', -1, '证明我妈是我妈 证明你妈是你妈 奇葩证明 各种证明');
opinion('process', 'repeat_visits', -1, '又得跑 又得来 又得回去 又要跑 还得跑');
opinion('process', undefined, -1, ' 系统崩了    ');
opinion(undefined, undefined, -1, '不通 暂停服务 暂停使用 停用');
// Facilities: machines that do not print, scan or light up; too cold a draught; too small a hall.
opinion(
  'facilities',
  undefined,
  -1,
  ` 卡住了 吐不出 打不出 不出纸 没纸了 不亮 不显示 显示不了 乱跳 跳号  不响 没声音 扫不了 不能扫码
   扫不了码 不支持扫码 只能插卡 只收现金 不能刷卡 刷不了 识别不了 读不了卡 读不出 转圈 闪退 开太足 开得太足
   开得太猛 开太猛 冻到 冻得 冻死人 地方太小 空间太小 空间小 地方小 站都没地方站 没地方站 转不开身 没标清楚
   没标 没写清楚 排错了队 排错队 走错窗口 标识不清楚`,
);
opinion(undefined, undefined, -1, '黄黄的 浑浊 有杂质');
modifier('ignore', 0, '比翻书还快 翻书 弄好 搞好 准备好 填好 写好 拿好 签好 交好 传好 做好 没准备好');

// ── third pass (1.1.0), dev-extra review continued ──────────────────────────────────────────────
opinion(
  'attitude',
  undefined,
  -1,
  `板着脸 板着个脸 绷着脸 臭脸 摆臭脸 不中听 说话不中听 吃了枪药 像吃了枪药 火药味 受气 来受气 说笑 有说有笑
   说说笑笑 嘻嘻哈哈 理都不理 理也不理 看热闹 没人拉架 袖手旁观 不管不顾 没有一个工作人员 没人过来 没人来管
   没人过问 没人理会`,
);
opinion(
  'attitude',
  undefined,
  1,
  '人挺好 人很好 人不错 人特别好 人真好 人很好的 人挺好的 人美心善 轻声细语 说话轻 柔声细语 说话轻声',
);
opinion('efficiency', 'staff_skill', 1, '门儿清 门清 一说就懂 一听就懂');
opinion(
  'efficiency',
  undefined,
  -1,
  '一直不动 没进展 没有进展 毫无进展 原地去世 办了个寂寞 喊了半天 叫了半天 等了一早上 一早上',
);
aspect('efficiency', undefined, '电脑 工作电脑 柜台电脑');
opinion(
  'performance',
  undefined,
  1,
  '实在 很实在 挺实在 实诚 厚道 为我着想 替我省钱 帮我省钱 不用换 拦下来 拦下 多亏',
);
opinion('performance', undefined, -1, '审核不严 把关不严 不核对 没核对 不核实 没核实');
opinion(
  'performance',
  'fees',
  -1,
  '以前都不收 以前不收 原来不收 凭什么收 还收钱 要收钱 年年收 每年都收 每月都收 月月收 便宜一半 贵一倍 贵一半 比外面贵',
);
opinion(
  'process',
  undefined,
  1,
  `挺顺 很顺 挺顺的 很顺的 蛮顺 顺顺利利 顺当 一次搞定 一次就搞定 一次就办成 一次办结 省了很多功夫 省了好多功夫 省功夫
   省时省力 省力`,
);
opinion('process', 'documents_required', -1, '又说要 又说缺 又要加 回去再弄 回去弄 回去重新');
opinion(
  'facilities',
  undefined,
  -1,
  `不找零 不收零钱 摆着好看 摆设 当摆设 点不动 按不动 划不动 触屏不灵 还得手写 卡在同一个 卡在那 一直卡着`,
);
opinion('facilities', undefined, 1, '高大上 大气 上档次 气派');
aspect('facilities', 'self_service', '自助填单机 填单机');
opinion(undefined, undefined, -1, '涨了 又涨了 涨价 又涨价 low 系统不通 系统繁忙 系统问题');
opinion(undefined, undefined, 1, 'nice');
modifier('ignore', 0, '一个简单的 这么简单的 简单的事 这么简单的事 这点小事 一点小事 这么点事 我不会');

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
