// Volume data for benchmarks and trials (issue 3):
//
//   DATABASE_URL=postgres://… npx tsx src/cli/generate-data.ts --societies 10000 --items 200000 [--seed 1] [--batch 2000]
//
// PostgreSQL only (DATABASE_URL must be set; PGlite is not supported). The database must already be
// migrated and demo-seeded — the platform's first start does both. The script then adds
//   - N societies (organisations of type 'society' with a society_profiles row), 30 % under the root
//     association and the rest under the city associations, with varied Chinese names (山东省…学会,
//     济南市…协会, 历下区…研究会; a number is appended only when a parent runs out of names),
//     disciplines and records;
//   - M transfer items spread over the published programme(s) of preset 001 and the departments
//     directly under each programme's association, with categories drawn from the programme's own
//     category tree (leaf and non-leaf codes), statuses mostly past draft (≈ 3 % drafts),
//     published_at spread over the past year, Chinese titles and descriptions built from
//     vocabulary lists (common words and rare ones, so that full-text search sees both), and the
//     `search` column filled exactly as the platform does: to_tsvector('simple', indexTokens(title,
//     description)).
// Everything is written in ONE transaction (multi-row INSERT … SELECT FROM unnest(arrays), --batch rows
// per statement), together with an audit event 'system.generate_data' that doubles as the marker:
// a second run on the same database refuses to start, and a failed run leaves nothing behind.
// The text is reproducible for a given --seed; ids are random. VACUUM (ANALYZE) runs at the end.
// Not generated: record_revisions, declarations, relays, pilot projects (the public list and the
// search do not read them), encrypted phone numbers (left null).
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../server/db/schema.js';
import type { DbOrTx } from '../server/db/client.js';
import { appendAudit } from '../server/platform/audit.js';
import { indexTokens } from '../server/platform/search.js';

const MARKER_ACTION = 'system.generate_data';
const ROOT_ASSOCIATION = '山东省科学技术协会';
const PRESET = '001';

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    societies: { type: 'string', default: '10000' },
    items: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string', default: '2000' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (args.help) {
  console.log('用法：DATABASE_URL=postgres://… npx tsx src/cli/generate-data.ts --societies 10000 --items 200000 [--seed 1] [--batch 2000]');
  process.exit(0);
}
const intArg = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`参数 --${name} 应为 ${min}–${max} 的整数，收到 “${v}”。`);
  return n;
};
const N_SOCIETIES = intArg('societies', args.societies, 0, 1_000_000);
const N_ITEMS = intArg('items', args.items, 0, 10_000_000);
const SEED = intArg('seed', args.seed, 0, 2 ** 31 - 1);
const BATCH = intArg('batch', args.batch, 100, 20_000);

const url = process.env.DATABASE_URL;
if (!url) fail('请设置 DATABASE_URL（本脚本只支持 PostgreSQL，不支持内置的 PGlite 数据目录）。');
if (!/^postgres(ql)?:\/\//.test(url)) fail('DATABASE_URL 应以 postgres:// 或 postgresql:// 开头（本脚本只支持 PostgreSQL）。');
const safeUrl = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');

// ---------------------------------------------------------------------------------------------
// Random (seeded, so the same --seed gives the same text)
// ---------------------------------------------------------------------------------------------

function mulberry32(a: number) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number) => rnd() < p;
/** Zipf-like pick: earlier entries are more frequent (weight 1 / (i + 1)^s). */
function zipf<T>(xs: readonly T[], s = 1): () => T {
  const w = xs.map((_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const x of w) cum.push((acc += x / total));
  return () => {
    const r = rnd();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return xs[lo];
  };
}
function weighted<T extends string>(table: Record<T, number>): () => T {
  const entries = Object.entries(table) as [T, number][];
  const total = entries.reduce((a, [, w]) => a + w, 0);
  return () => {
    let r = rnd() * total;
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return entries[entries.length - 1][0];
  };
}
function shuffle<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
function sample<T>(xs: readonly T[], n: number): T[] {
  const out = new Set<T>();
  while (out.size < Math.min(n, xs.length)) out.add(pick(xs));
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'.split('');
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力斌宇浩凯鹏飞鑫晨阳海波俊峰琳雪梅丹颖倩婷慧佳欣悦然思远志宏立新春晓光永庆德'.split('');
const personName = () => pick(surnames) + pick(givenChars) + (chance(0.7) ? pick(givenChars) : '');

// Disciplines a society is named after, with the industries it serves.
const disciplines: [string, string[]][] = [
  ['机械工程', ['装备制造']], ['智能制造', ['装备制造', '信息技术']], ['自动化', ['装备制造']], ['电机工程', ['能源']], ['电工技术', ['能源']],
  ['计算机', ['信息技术']], ['人工智能', ['信息技术']], ['软件', ['信息技术']], ['通信', ['信息技术']], ['电子', ['信息技术']],
  ['物联网', ['信息技术']], ['大数据', ['信息技术']], ['网络安全', ['信息技术']], ['区块链', ['信息技术', '金融']], ['卫星导航', ['信息技术']],
  ['化工', ['化工']], ['石油', ['能源', '化工']], ['煤炭', ['能源']], ['新能源', ['能源']], ['氢能', ['能源']], ['核学', ['能源']],
  ['材料', ['新材料']], ['金属学', ['新材料']], ['复合材料', ['新材料']], ['稀土', ['新材料']], ['硅酸盐', ['建材']], ['增材制造', ['装备制造', '新材料']],
  ['汽车工程', ['汽车']], ['内燃机', ['汽车', '装备制造']], ['交通运输', ['交通']], ['公路', ['交通']], ['铁道', ['交通']], ['港口', ['交通', '海洋经济']],
  ['土木建筑', ['建筑业']], ['城市规划', ['建筑业']], ['建筑节能', ['建筑业', '能源']], ['测绘地理信息', ['测绘']], ['地质', ['矿业']], ['水利', ['水利']],
  ['环境科学', ['生态环境']], ['生态', ['生态环境']], ['气象', ['气象']], ['地震', ['应急管理']], ['安全生产', ['应急管理']], ['消防', ['应急管理']],
  ['海洋', ['海洋经济']], ['水产', ['海洋经济', '农业']], ['海洋工程', ['海洋经济']], ['船舶', ['海洋经济', '装备制造']],
  ['农学', ['农业']], ['作物', ['农业']], ['园艺', ['农业']], ['植物保护', ['农业']], ['土壤肥料', ['农业']], ['畜牧兽医', ['农业']], ['林学', ['林业']],
  ['农业机械', ['农业', '装备制造']], ['种子', ['农业']], ['食品科学技术', ['食品']], ['粮油', ['食品']], ['茶叶', ['农业', '食品']],
  ['医学', ['医疗卫生']], ['药学', ['医药']], ['中医药', ['中医药', '医疗卫生']], ['中西医结合', ['中医药', '医疗卫生']], ['针灸', ['中医药']],
  ['护理', ['医疗卫生']], ['预防医学', ['医疗卫生']], ['康复医学', ['医疗卫生']], ['医学影像', ['医疗卫生']], ['生物医学工程', ['医疗器械']],
  ['营养', ['医疗卫生', '食品']], ['心理', ['医疗卫生', '教育']], ['生物化学与分子生物学', ['生物医药']], ['微生物', ['生物医药']], ['遗传', ['生物医药']],
  ['数学', ['教育']], ['物理', ['教育']], ['化学', ['化工', '教育']], ['天文', ['教育']], ['力学', ['装备制造']], ['统计', ['科技服务']],
  ['科普作家', ['科普']], ['科技期刊', ['科技服务']], ['科技咨询', ['科技服务']], ['技术市场', ['科技服务']], ['知识产权', ['科技服务']],
  ['标准化', ['科技服务']], ['质量', ['科技服务']], ['计量测试', ['科技服务']], ['检验检测', ['科技服务']], ['发明', ['科技服务']],
  ['科学技术史', ['教育']], ['自然辩证法', ['教育']], ['科技管理', ['科技服务']], ['创新方法', ['科技服务']], ['青少年科技教育', ['科普', '教育']],
  ['工业设计', ['装备制造']], ['包装技术', ['轻工']], ['纺织工程', ['轻工']], ['造纸', ['轻工']], ['印刷', ['轻工']], ['照明', ['轻工', '能源']],
  ['图象图形', ['信息技术']], ['仪器仪表', ['装备制造']], ['真空', ['装备制造']], ['焊接', ['装备制造']], ['铸造', ['装备制造']], ['热处理', ['装备制造']],
  ['机器人', ['装备制造', '信息技术']], ['无人机', ['装备制造']], ['智能网联汽车', ['汽车', '信息技术']], ['动力电池', ['汽车', '能源']],
  ['老年医学', ['医疗卫生']], ['儿科', ['医疗卫生']], ['口腔医学', ['医疗卫生']], ['中药材', ['中医药', '农业']], ['阿胶', ['中医药']],
];
const societyKinds = ['学会', '协会', '研究会', '联合会', '促进会'];
/** 医学 + 学会 → 医学会 (as the real 山东省医学会, 山东省药学会). */
const named = (discipline: string, kind: string) => (kind === '学会' && discipline.endsWith('学') ? `${discipline}会` : `${discipline}${kind}`);
const qualifiers = ['青年', '应用', '现代', '产业'];
const districts: Record<string, string[]> = {
  济南市: ['历下区', '市中区', '槐荫区', '天桥区', '历城区', '长清区', '章丘区', '济阳区', '莱芜区', '钢城区', '平阴县', '商河县'],
  青岛市: ['市南区', '市北区', '黄岛区', '崂山区', '李沧区', '城阳区', '即墨区', '胶州市', '平度市', '莱西市'],
};
const societyTypeOf: Record<string, string> = { 学会: 'society', 协会: 'association', 研究会: 'research', 联合会: 'association', 促进会: 'association' };
const websites = ['sdast', 'sdkx', 'kexie', 'society', 'xuehui'];

const cities = ['济南', '青岛', '淄博', '枣庄', '东营', '烟台', '潍坊', '济宁', '泰安', '威海', '日照', '临沂', '德州', '聊城', '滨州', '菏泽'];
const yearWords = ['2025年度', '2026年度', '2026年', '2025—2026年度', ''];

interface Vocab {
  titles: (() => string)[];
  sentences: (() => string)[];
}
const aspect = () => pick(['技术规范', '技术要求', '检测方法', '评价规范', '术语和定义', '通用要求', '安全要求', '服务规范', '操作规程', '质量分级']);
const place = () => (chance(0.5) ? '全省' : pick(cities) + '市');

const baseTypes = ['省级重点实验室', '工程技术研究中心', '技术创新中心', '临床医学研究中心', '新型研发机构', '野外科学观测研究站', '科技企业孵化器', '众创空间', '国际科技合作基地', '院士工作站', '产业技术研究院', '制造业创新中心'];
const plans = ['省重点研发计划', '省自然科学基金', '省重大科技创新工程', '科技型中小企业创新能力提升工程', '乡村振兴科技引领计划', '省技术创新引导计划', '泰山产业领军人才工程', '省科技示范工程', '省软科学研究计划'];
const fields = ['新一代信息技术', '高端装备', '新材料', '生物医药', '现代海洋', '现代农业', '新能源', '节能环保', '医养健康', '文化创意', '精品旅游', '现代金融', '智能家电', '轨道交通', '集成电路', '虚拟现实'];
const professions = ['注册安全工程师', '一级建造师', '二级建造师', '注册测绘师', '专利代理师', '环境影响评价工程师', '注册计量师', '质量工程师', '特种设备检验检测人员', '注册消防工程师', '监理工程师', '造价工程师', '机动车检测维修工程师', '工程咨询（投资）专业技术人员'];
const tcm = ['道地药材', '中药饮片', '针灸', '推拿', '中医护理', '中药配方颗粒', '阿胶', '中医治未病', '膏方', '中医养生保健', '少数民族医药', '中药材种植'];
const iotScenes = ['智慧农业', '工业互联网', '智慧城市', '冷链物流', '智能家居', '车联网', '智慧能源', '智慧养老', '智慧水务', '智慧港口'];
const robotTypes = ['焊接', '搬运', '喷涂', '装配', '协作', '码垛', '打磨抛光', '巡检', '医疗手术', '并联'];
const printTargets = ['金属', '陶瓷', '医疗器械', '铸造砂型', '高分子材料', '航空零部件', '模具', '个性化植入物'];
const nevParts = ['动力电池', '充电桩', '驱动电机', '电池回收利用', '换电站', '燃料电池', '整车热管理', '车载储能', '电控系统'];
const awards = ['山东省自然科学奖', '山东省技术发明奖', '山东省科学技术进步奖', '山东省国际科学技术合作奖', '山东省科学技术最高奖', '山东省青年科技奖', '全国创新争先奖'];
const consultTopics = ['黄河流域生态保护和高质量发展', '新旧动能转换', '海洋强省建设', '乡村振兴', '碳达峰碳中和', '数字经济发展', '人工智能产业', '现代种业', '盐碱地综合利用', '氢能产业', '科技成果转化', '制造业数字化转型', '医养结合', '人口老龄化', '粮食安全', '低空经济', '绿色低碳'];
const policies = ['大众创业万众创新政策', '学科建设规划', '行业发展规划', '科技成果转化政策', '研发费用加计扣除政策', '高层次人才引进政策', '科技金融政策', '知识产权保护政策', '科技创新券政策', '首台套装备政策'];
const groups = ['工程技术人员', '基层农技人员', '卫生专业技术人员', '中小企业技术骨干', '科普工作者', '乡村医生', '新型职业农民', '安全生产管理人员', '检验检测人员', '数字化转型人才'];
const selections = ['山东省青年科技奖', '优秀科技工作者', '院士候选人', '高端智库专家', '青年人才托举工程', '科技创新团队', '最美科技工作者', '全国科技工作者日先进典型', '科普示范基地', '学会创新发展典型案例'];
const otherServices = ['科技成果评价', '技术转移服务', '科普基础设施建设', '学术会议组织', '科技期刊质量评价', '科技志愿服务', '科技社团能力评估', '国际科技交流', '企业技术需求对接', '科技智库建设'];
const rareTerms = ['海洋牧场', '盐碱地', '氢燃料', '量子通信', '数字孪生', '智能网联', '生物育种', '碳足迹', '区块链', '北斗导航', '低空飞行', '储能电站', '海水淡化', '蓝色粮仓', '智慧矿山', '工业母机', '光伏', '合成生物', '脑机接口', '超算', '基因编辑', '预制菜', '元宇宙', '海上风电', '黄河三角洲', '胶东半岛', '鲁西南', '沂蒙山区', '泰山', '微山湖'];
const rareTerm = zipf(rareTerms, 1.1);

const byCode: Record<string, Vocab> = {
  sci_tech_evaluation: {
    titles: [() => `${place()}${pick(['科技创新', '研发投入', '科技资源配置', '区域创新能力', '科技服务业'])}${pick(['评估', '绩效评估', '监测评估'])}`, () => `${pick(yearWords)}${pick(fields)}领域科技评估`],
    sentences: [() => `建立科学规范的${pick(['评估指标体系', '评价方法', '评估工作流程'])}，形成评估报告和改进建议。`, () => `评估结果作为${pick(['财政科技资金安排', '政策调整', '项目立项'])}的重要参考。`],
  },
  research_base_evaluation: {
    titles: [() => `${pick(yearWords)}${pick(baseTypes)}运行绩效评估`, () => `${place()}${pick(baseTypes)}${pick(['建设成效评估', '年度考核评估', '绩效评价'])}`],
    sentences: [() => `对${pick(baseTypes)}的研究水平、人才队伍、开放共享和运行管理开展第三方评估。`, () => `实地考察${int(10, 80)}家基地，形成分类评估结果。`],
  },
  plan_implementation_evaluation: {
    titles: [() => `${pick(yearWords)}${pick(plans)}实施情况整体评估`, () => `${pick(plans)}${pick(['中期评估', '整体绩效评估', '实施效果评估'])}`],
    sentences: [() => `对${pick(plans)}的组织实施、资金使用和目标完成情况进行整体评估。`, () => `提出优化计划布局和${pick(['资金管理', '项目遴选', '过程管理'])}的建议。`],
  },
  project_completion_evaluation: {
    titles: [() => `${pick(fields)}领域省级科研项目完成情况评估`, () => `${pick(plans)}项目${pick(['结题评估', '绩效评价', '成果评估'])}`],
    sentences: [() => `对${int(20, 300)}个省级科研项目的完成情况、成果产出和转化应用进行评估。`, () => `评估${pick(fields)}领域项目的技术指标和经济社会效益。`],
  },
  engineering_qualification: {
    titles: [() => `${pick(yearWords)}${pick(professions)}职业资格考试考务`, () => `${pick(professions)}职业资格考试${pick(['考务组织', '报名审核', '阅卷组织'])}`],
    sentences: [() => `承担${pick(professions)}职业资格考试的报名审核、考场组织、阅卷和证书发放等考务工作。`, () => `在${pick(cities)}等${int(3, 16)}市设置考点，预计考生${int(2, 40) * 500}人次。`],
  },
  technical_standards: {
    titles: [() => `${pick(fields)}团体标准研制`, () => `${pick(['智慧农业', '海洋装备', '冷链物流', '绿色建筑', '生物医药', '氢能', '预制菜', '节水灌溉'])}${aspect()}团体标准制定`],
    sentences: [() => `组织开展团体标准的立项、起草、征求意见和审查发布，推动标准在省内企业中的应用。`, () => `计划发布团体标准${int(2, 12)}项，建立标准实施效果评价机制。`],
  },
  standard_3d_printing: {
    titles: [() => `${pick(printTargets)}3D打印${aspect()}团体标准研制`, () => `增材制造（3D打印）${pick(printTargets)}${aspect()}团体标准`],
    sentences: [() => `围绕${pick(printTargets)}3D打印的材料、工艺和后处理，研制团体标准。`, () => `联合增材制造企业和检测机构开展标准验证。`],
  },
  standard_iot: {
    titles: [() => `${pick(iotScenes)}物联网${aspect()}团体标准研制`, () => `物联网${pick(['感知设备', '网关', '平台接口', '数据安全'])}${aspect()}团体标准`],
    sentences: [() => `面向${pick(iotScenes)}场景，研制物联网感知、传输和平台接口等团体标准。`, () => `推动物联网设备互联互通和数据共享。`],
  },
  standard_industrial_robots: {
    titles: [() => `${pick(robotTypes)}工业机器人${aspect()}团体标准研制`, () => `工业机器人${pick(['系统集成', '安全防护', '可靠性', '精度测试'])}团体标准`],
    sentences: [() => `组织开展${pick(robotTypes)}工业机器人领域团体标准的立项、起草和审查发布。`, () => `推动工业机器人标准在${pick(['汽车', '家电', '机械', '化工', '电子'])}行业企业中的应用。`],
  },
  standard_new_energy_vehicles: {
    titles: [() => `新能源汽车${pick(nevParts)}${aspect()}团体标准研制`, () => `${pick(nevParts)}${aspect()}团体标准（新能源汽车）`],
    sentences: [() => `围绕新能源汽车${pick(nevParts)}的安全、性能和回收利用，研制团体标准。`, () => `支撑新能源汽车产业链${pick(['质量提升', '安全监管', '绿色发展'])}。`],
  },
  standard_tcm: {
    titles: [() => `${pick(tcm)}中医药${aspect()}团体标准研制`, () => `中医药${pick(tcm)}${aspect()}团体标准`],
    sentences: [() => `围绕${pick(tcm)}的技术规范和服务规范，研制发布中医药团体标准。`, () => `依托中医药领域专家委员会开展标准审查和实施效果评价。`],
  },
  awards_talent: {
    titles: [() => `${pick(yearWords)}${pick(awards)}推荐`, () => `${pick(fields)}领域${pick(awards)}提名推荐`],
    sentences: [() => `组织开展${pick(awards)}的形式审查、专家评议和推荐工作。`, () => `建立科技奖励推荐${pick(['诚信承诺', '异议处理', '公示'])}制度。`],
  },
  other_public_services: {
    titles: [() => `${place()}${pick(otherServices)}`, () => `${pick(yearWords)}${pick(otherServices)}服务`],
    sentences: [() => `开展${pick(otherServices)}，服务全省科技创新和经济社会发展。`, () => `形成可复制可推广的${pick(['工作规范', '服务模式', '典型案例'])}。`],
  },
  decision_consulting: {
    titles: [() => `${pick(consultTopics)}决策咨询研究`, () => `${pick(yearWords)}${pick(consultTopics)}${pick(['专题调研', '咨询报告', '战略研究'])}`],
    sentences: [() => `围绕${pick(consultTopics)}开展调查研究，提供决策咨询报告。`, () => `组织${pick(['高端智库', '院士专家', '学会专家团队'])}开展咨询论证。`],
  },
  policy_evaluation: {
    titles: [() => `${pick(policies)}落实情况第三方评估`, () => `${place()}${pick(policies)}实施效果评估`],
    sentences: [() => `对${pick(policies)}的落实情况开展第三方评估，形成评估报告。`, () => `通过问卷调查、实地走访和数据分析，评估政策落实中的问题并提出建议。`],
  },
  talent_training: {
    titles: [() => `${pick(groups)}继续教育培训`, () => `${pick(fields)}急需人才培养`, () => `${pick(yearWords)}${pick(groups)}${pick(['能力提升培训', '专业技术培训', '继续教育'])}`],
    sentences: [() => `面向${pick(groups)}开展继续教育和技能培训，年培训${int(2, 50) * 100}人次。`, () => `建设${pick(fields)}领域急需人才培养课程体系和师资库。`],
  },
  association_selection: {
    titles: [() => `${pick(yearWords)}${pick(selections)}评选推荐`, () => `${pick(selections)}推选工作`],
    sentences: [() => `承担${pick(selections)}的组织推荐、材料审查和专家评审等工作。`, () => `评选推荐过程全程公开，接受社会监督。`],
  },
};
const commonSentences: (() => string)[] = [
  () => `受${pick(['省有关部门', '主管部门', '委托部门'])}委托，由承接学会${pick(['组织实施', '牵头实施', '联合相关单位实施'])}。`,
  () => `项目周期内定期报送工作进展，接受${pick(['部门', '省科协', '第三方机构'])}的跟踪督导和绩效评估。`,
  () => `成果形式包括${pick(['工作报告', '评估报告', '标准文本', '咨询报告', '培训记录'])}和${pick(['数据库', '典型案例汇编', '工作规范', '专家意见'])}。`,
  () => {
    const a = rareTerm();
    let b = rareTerm();
    for (let i = 0; b === a && i < 5; i++) b = rareTerm();
    return b === a ? `涉及${a}方向。` : `涉及${a}、${b}等方向。`;
  },
  () => `重点服务${pick(cities)}、${pick(cities)}等地区的${pick(fields)}企业。`,
  () => `承接学会应具备相关领域专家库和${pick(['质量管理体系', '保密制度', '财务管理制度'])}。`,
];
const legalBases = [
  '《中共中央办公厅 国务院办公厅关于印发〈科协系统深化改革实施方案〉的通知》（中办发〔2016〕21号）',
  '《山东省科协所属学会有序承接政府转移职能试点工作实施方案》',
  '《国务院办公厅关于政府向社会力量购买服务的指导意见》（国办发〔2013〕96号）',
  '《关于推进政府职能转移工作的实施意见》',
  '《团体标准管理规定》',
];
const periods = ['12个月', '6个月', '18个月', '2026年度', '2026年6月—2026年12月', '2026年7月—2027年6月', '每年两次', '24个月', '按考试计划'];
const qualifications = ['具有相关领域专家库', '具有科技评估工作经验和相关领域专家库', '熟悉团体标准管理办法，具有标准化工作机构', '具有考务组织经验和保密管理制度', '具有高端智库或决策咨询专家团队', '具有培训场地和师资队伍', '近三年年检合格'];
const withdrawReasons = ['该事项并入其他评估任务，不再单独转移', '部门职能调整，暂缓转移', '经审核不具备转移条件', '政策调整，事项取消'];

function textFor(code: string, name: string) {
  const v = byCode[code];
  const title = v ? pick(v.titles)() : `${pick(yearWords)}${name}${pick(['工作', '服务', '项目'])}`;
  const parts: string[] = [];
  if (v) for (const f of sample(v.sentences, 2)) parts.push(f());
  else parts.push(`开展${name}相关工作，服务全省科技创新。`);
  for (const f of sample(commonSentences, int(2, 4))) parts.push(f());
  return { title, description: [...new Set(parts)].join('') };
}

// Which department publishes which category (by name keyword; anyone when nothing fits).
const preferredDept: [RegExp, RegExp][] = [
  [/evaluation|awards|decision|selection|3d_printing/, /科学技术/],
  [/industrial_robots|iot|new_energy|standards/, /工业和信息化/],
  [/tcm/, /卫生健康/],
  [/qualification|standard/, /市场监督/],
  [/talent/, /农业农村|卫生健康|科学技术/],
];

// Item states (≈ 3 % drafts) and how many lifecycle steps each took (for `version`).
const itemState = weighted({ draft: 3, published: 33, relayed: 30, countersigning: 4, approving: 3, selecting: 3, assigned: 14, withdrawn: 10 });
const stepsOf: Record<string, number> = { draft: 0, published: 1, relayed: 2, countersigning: 3, approving: 4, selecting: 5, assigned: 6, withdrawn: 2 };

// ---------------------------------------------------------------------------------------------

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const client = new pg.Client({ connectionString: url });
try {
  await client.connect();
} catch (e) {
  fail(`无法连接数据库 ${safeUrl}：${(e as Error).message}`);
}
const db = drizzle(client, { schema }) as unknown as DbOrTx;

async function main() {
  // --- preconditions -----------------------------------------------------------------------------
  const hasTable = await client.query(`select to_regclass('public.transfer_items') is not null as ok, to_regclass('public.audit_log') is not null as audit`);
  if (!hasTable.rows[0].ok || !hasTable.rows[0].audit) fail('数据库尚未迁移：请先启动一次平台（DATABASE_URL=… npm start）或执行 npm run migrate 和 npm run seed。');
  const marker = await client.query<{ at: Date; after: unknown }>(`select at, after from audit_log where action = $1 order by seq limit 1`, [MARKER_ACTION]);
  if (marker.rowCount) {
    fail(
      `这个数据库已经生成过一次数据（${marker.rows[0].at.toISOString()}：${JSON.stringify(marker.rows[0].after)}），不再重复生成。\n` +
        '请换一个新建的数据库（启动一次平台完成迁移和演示数据）再运行。',
    );
  }
  const root = await client.query<{ id: string; path: string }>(`select id, path from organisations where type = 'association' and parent_id is null and name = $1`, [ROOT_ASSOCIATION]);
  if (!root.rowCount) fail(`没有找到根科协“${ROOT_ASSOCIATION}”：请先在空数据库上启动一次平台，写入演示数据。`);
  const rootRow = root.rows[0];
  const parents = (
    await client.query<{ id: string; path: string; name: string; region: string | null; level: string }>(
      `select id, path, name, region, level from organisations
        where type = 'association' and is_active and path like $1 and (level = 'city' or id = $2)
        order by level = 'provincial' desc, name`,
      [`${rootRow.path}%`, rootRow.id],
    )
  ).rows;
  const progs = (
    await client.query<{ id: string; association_id: string; association_path: string; categories: Cat[]; parameters: { commissioningModes?: string[] }; name: string }>(
      `select p.id, p.association_id, o.path as association_path, p.categories, p.parameters, p.name
         from programmes p join organisations o on o.id = p.association_id
        where p.preset_code = $1 and p.status = 'published' and p.kind = 'transferPilot' and o.path like $2
        order by p.created_at`,
      [PRESET, `${rootRow.path}%`],
    )
  ).rows;
  if (N_ITEMS > 0 && !progs.length) fail(`没有已发布的 ${PRESET} 号预置方案：演示数据不完整？`);
  interface Cat {
    code: string;
    name: string;
    children?: Cat[];
  }
  const targets: { prog: (typeof progs)[number]; depts: { id: string; name: string }[]; cats: { code: string; name: string }[]; modes: string[] }[] = [];
  for (const prog of progs) {
    const depts = (await client.query<{ id: string; name: string }>(`select id, name from organisations where type = 'department' and is_active and parent_id = $1 order by name`, [prog.association_id])).rows;
    const cats: { code: string; name: string }[] = [];
    const walk = (cs: Cat[]) => {
      for (const c of cs) {
        cats.push({ code: c.code, name: c.name });
        if (c.children) walk(c.children);
      }
    };
    walk(prog.categories ?? []);
    const modes = prog.parameters?.commissioningModes?.length ? prog.parameters.commissioningModes : ['authorisedCommission'];
    if (depts.length && cats.length) targets.push({ prog, depts, cats, modes });
  }
  if (N_ITEMS > 0 && !targets.length) fail(`${PRESET} 号方案的科协下没有部门或方案没有事项类别，无法生成事项。`);

  console.log(`数据库 ${safeUrl}`);
  console.log(`  学会 ${N_SOCIETIES} 个，挂在 ${parents.map((p) => p.name).join('、')} 下`);
  for (const t of targets) console.log(`  事项发布到方案“${t.prog.name}”，部门 ${t.depts.length} 个，类别 ${t.cats.length} 个（含上级类别）`);
  console.log(`  事项 ${N_ITEMS} 条，每批 ${BATCH} 行，随机种子 ${SEED}；全部写在一个事务里`);

  await client.query('BEGIN');

  // --- societies ------------------------------------------------------------------------------------
  const taken = new Set((await client.query<{ k: string }>(`select parent_id || '|' || name as k from organisations where parent_id = any($1::uuid[])`, [parents.map((p) => p.id)])).rows.map((r) => r.k));
  const parentPick = () => (parents.length === 1 || chance(0.3) ? parents[0] : parents[1 + Math.floor(rnd() * (parents.length - 1))]);
  // Names per parent: plain "<place><discipline><kind>" names first (shuffled), then ones with a
  // qualifier ("山东省青年…学会"); a number is appended only when a parent runs out of names.
  const namePools = new Map<string, { names: [string, number, string][]; next: number }>();
  const nextName = (parent: (typeof parents)[number]): [string, number, string] => {
    let pool = namePools.get(parent.id);
    if (!pool) {
      const region = parent.region ?? parent.name.replace(/科学技术协会$/, '');
      const places = parent.level === 'provincial' ? ['山东省', '山东'] : [region, ...(districts[region] ?? [])];
      const plain: [string, number, string][] = [];
      const qualified: [string, number, string][] = [];
      disciplines.forEach(([d], di) => {
        for (const place of places) {
          for (const k of societyKinds) if (di % 6 === 0 || !/联合会|促进会/.test(k)) plain.push([`${place}${named(d, k)}`, di, k]);
          if (parent.level === 'provincial') for (const q of qualifiers) for (const k of societyKinds.slice(0, 3)) qualified.push([`${place}${q}${named(d, k)}`, di, k]);
        }
      });
      pool = { names: [...shuffle(plain), ...shuffle(qualified)], next: 0 };
      namePools.set(parent.id, pool);
    }
    const [base, di, kind] = pool.names[pool.next++ % pool.names.length];
    let name = base;
    for (let k = 2; taken.has(`${parent.id}|${name}`); k++) name = `${base}（${k}）`;
    return [name, di, kind];
  };
  let societiesDone = 0;
  while (societiesDone < N_SOCIETIES) {
    const n = Math.min(BATCH, N_SOCIETIES - societiesDone);
    const org = { id: [] as string[], parent: [] as string[], path: [] as string[], name: [] as string[], credit: [] as string[], region: [] as string[], contact: [] as string[] };
    const prof = {
      type: [] as string[], aff: [] as string[], disc: [] as string[], ind: [] as string[], legal: [] as string[], sg: [] as string[], sgFull: [] as boolean[], staff: [] as number[], fin: [] as number[],
      acct: [] as boolean[], party: [] as string[], council: [] as number[], standing: [] as number[], web: [] as (string | null)[], memDb: [] as boolean[], members: [] as number[], expDb: [] as boolean[],
      experts: [] as number[], founded: [] as (number | null)[],
    };
    for (let i = 0; i < n; i++) {
      const parent = parentPick();
      const [name, di, kind] = nextName(parent);
      const [disc, inds] = disciplines[di];
      taken.add(`${parent.id}|${name}`);
      const id = crypto.randomUUID();
      org.id.push(id);
      org.parent.push(parent.id);
      org.path.push(`${parent.path}${id}/`);
      org.name.push(name);
      org.credit.push(`5137${String(int(0, 9999)).padStart(4, '0')}${crypto.randomBytes(5).toString('hex').toUpperCase().slice(0, 10)}`);
      org.region.push(parent.region ?? '山东省');
      org.contact.push(personName());
      const big = chance(0.15);
      const council = big ? int(80, 260) : int(15, 90);
      const discs = [disc, ...sample(disciplines.map((d) => d[0]), int(0, 2)).filter((d) => d !== disc)];
      prof.type.push(societyTypeOf[kind] ?? 'society');
      prof.aff.push(chance(0.85) ? 'supervised' : 'groupMember');
      prof.disc.push(JSON.stringify(discs));
      prof.ind.push(JSON.stringify(inds));
      prof.legal.push(personName());
      prof.sg.push(personName());
      prof.sgFull.push(chance(big ? 0.8 : 0.4));
      prof.staff.push(big ? int(4, 30) : int(0, 6));
      prof.fin.push(big ? int(1, 4) : int(0, 1));
      prof.acct.push(chance(big ? 0.95 : 0.6));
      prof.party.push(big ? pick(['branch', 'generalBranch', 'committee', 'workingGroup']) : pick(['none', 'none', 'workingGroup', 'branch']));
      prof.council.push(council);
      prof.standing.push(Math.floor(council / int(3, 4)));
      prof.web.push(chance(0.5) ? `https://www.${pick(websites)}${int(1, 9999)}.org.cn` : null);
      prof.memDb.push(chance(big ? 0.9 : 0.4));
      prof.members.push(big ? int(2000, 50000) : int(50, 3000));
      const expDb = chance(big ? 0.7 : 0.25);
      prof.expDb.push(expDb);
      prof.experts.push(expDb ? int(20, big ? 3000 : 300) : 0);
      prof.founded.push(chance(0.95) ? int(1950, 2022) : null);
    }
    await client.query(
      `insert into organisations (id, parent_id, path, type, name, credit_code, region, contact_name)
       select t.id, t.parent_id, t.path, 'society', t.name, t.credit, t.region, t.contact
         from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(id, parent_id, path, name, credit, region, contact)`,
      [org.id, org.parent, org.path, org.name, org.credit, org.region, org.contact],
    );
    await client.query(
      `insert into society_profiles (org_id, society_type, affiliation, disciplines, industries, legal_rep_name, secretary_general_name, secretary_general_full_time,
                                     full_time_staff, finance_staff, has_independent_account, party_org, council_size, standing_council_size, website,
                                     has_member_database, member_count, has_expert_database, expert_count, founded_year)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[], $8::bool[], $9::int[], $10::int[], $11::bool[],
                            $12::text[], $13::int[], $14::int[], $15::text[], $16::bool[], $17::int[], $18::bool[], $19::int[], $20::int[])`,
      [
        org.id, prof.type, prof.aff, prof.disc, prof.ind, prof.legal, prof.sg, prof.sgFull, prof.staff, prof.fin, prof.acct,
        prof.party, prof.council, prof.standing, prof.web, prof.memDb, prof.members, prof.expDb, prof.experts, prof.founded,
      ],
    );
    societiesDone += n;
    console.log(`  学会 ${societiesDone}/${N_SOCIETIES}（${elapsed()}）`);
  }

  // --- items --------------------------------------------------------------------------------------------
  const now = Date.now();
  const YEAR_MS = 365 * 24 * 3600 * 1000;
  const DAY_MS = 24 * 3600 * 1000;
  let itemsDone = 0;
  let tokenMs = 0;
  const counts: Record<string, number> = {};
  const build = (n: number) => {
    const c = {
      id: [] as string[], prog: [] as string[], dept: [] as string[], assoc: [] as string[], assocPath: [] as string[], title: [] as string[], cat: [] as string[],
      desc: [] as string[], legal: [] as (string | null)[], mode: [] as string[], budget: [] as (number | null)[], period: [] as (string | null)[], qual: [] as (string | null)[],
      status: [] as string[], revision: [] as number[], deadline: [] as (string | null)[], declCount: [] as number[], published: [] as (string | null)[],
      withdrawn: [] as (string | null)[], reason: [] as (string | null)[], tokens: [] as (string | null)[], version: [] as number[], created: [] as string[], updated: [] as string[],
    };
    for (let i = 0; i < n; i++) {
      const t = targets.length === 1 ? targets[0] : pick(targets);
      const cat = catPickers.get(t)!();
      const rule = preferredDept.find(([re]) => re.test(cat.code));
      const fitting = rule ? t.depts.filter((d) => rule[1].test(d.name)) : [];
      const dept = fitting.length && chance(0.8) ? pick(fitting) : pick(t.depts);
      const status = itemState();
      counts[status] = (counts[status] ?? 0) + 1;
      const { title, description } = textFor(cat.code, cat.name);
      const isDraft = status === 'draft';
      const publishedAt = isDraft ? null : now - Math.floor(rnd() * YEAR_MS);
      const createdAt = (publishedAt ?? now - Math.floor(rnd() * 60 * DAY_MS)) - Math.floor(rnd() * 20 * DAY_MS);
      const withdrawnAt = status === 'withdrawn' ? Math.min(now, publishedAt! + Math.floor(rnd() * 90 * DAY_MS)) : null;
      const updatedAt = withdrawnAt ?? (publishedAt ? Math.min(now, publishedAt + Math.floor(rnd() * 30 * DAY_MS)) : createdAt);
      const relayedOrLater = !isDraft && status !== 'published' && status !== 'withdrawn';
      c.id.push(crypto.randomUUID());
      c.prog.push(t.prog.id);
      c.dept.push(dept.id);
      c.assoc.push(t.prog.association_id);
      c.assocPath.push(t.prog.association_path);
      c.title.push(title);
      c.cat.push(cat.code);
      c.desc.push(description);
      c.legal.push(chance(0.8) ? pick(legalBases) : null);
      c.mode.push(pick(t.modes));
      c.budget.push(chance(0.85) ? int(5, 300) * 1_000_000 : null);
      c.period.push(chance(0.9) ? pick(periods) : null);
      c.qual.push(chance(0.7) ? pick(qualifications) : null);
      c.status.push(status);
      c.revision.push(isDraft ? 0 : 1);
      c.deadline.push(relayedOrLater ? new Date(publishedAt! + int(20, 45) * DAY_MS).toISOString() : null);
      c.declCount.push(relayedOrLater ? int(status === 'relayed' ? 0 : 1, 8) : 0);
      c.published.push(publishedAt === null ? null : new Date(publishedAt).toISOString());
      c.withdrawn.push(withdrawnAt === null ? null : new Date(withdrawnAt).toISOString());
      c.reason.push(withdrawnAt === null ? null : pick(withdrawReasons));
      if (isDraft) c.tokens.push(null);
      else {
        const s = performance.now();
        c.tokens.push(indexTokens(title, description));
        tokenMs += performance.now() - s;
      }
      c.version.push(1 + stepsOf[status] + (status === 'relayed' || status === 'assigned' ? int(0, 3) : 0));
      c.created.push(new Date(createdAt).toISOString());
      c.updated.push(new Date(updatedAt).toISOString());
    }
    return c;
  };
  // Category frequencies follow a Zipf-like curve over a shuffled order: some categories are common.
  const catPickers = new Map(targets.map((t) => [t, zipf(shuffle(t.cats), 0.7)] as const));
  const insertItems = (c: ReturnType<typeof build>) =>
    client.query(
      `insert into transfer_items (id, programme_id, department_id, association_id, association_path, title, category_code, description, legal_basis,
                                   commissioning_mode, budget_fen, expected_period, required_qualifications, status, revision, declaration_deadline,
                                   declaration_count, published_at, withdrawn_at, withdraw_reason, search, version, created_at, updated_at)
       select t.id, t.prog, t.dept, t.assoc, t.assoc_path, t.title, t.cat, t.descr, t.legal, t.mode, t.budget, t.period, t.qual, t.status, t.revision, t.deadline,
              t.decl_count, t.published, t.withdrawn, t.reason, case when t.tokens is null then null else to_tsvector('simple', t.tokens) end, t.version, t.created, t.updated
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int8[], $12::text[],
                     $13::text[], $14::text[], $15::int[], $16::timestamptz[], $17::int[], $18::timestamptz[], $19::timestamptz[], $20::text[], $21::text[], $22::int[],
                     $23::timestamptz[], $24::timestamptz[])
              as t(id, prog, dept, assoc, assoc_path, title, cat, descr, legal, mode, budget, period, qual, status, revision, deadline, decl_count, published, withdrawn,
                   reason, tokens, version, created, updated)`,
      [
        c.id, c.prog, c.dept, c.assoc, c.assocPath, c.title, c.cat, c.desc, c.legal, c.mode, c.budget, c.period, c.qual, c.status, c.revision, c.deadline,
        c.declCount, c.published, c.withdrawn, c.reason, c.tokens, c.version, c.created, c.updated,
      ],
    );
  // The next batch is built (jieba runs in this process) while PostgreSQL inserts the previous one.
  let inFlight: Promise<unknown> | null = null;
  let reported = 0;
  const itemsStart = Date.now();
  while (itemsDone < N_ITEMS) {
    const n = Math.min(BATCH, N_ITEMS - itemsDone);
    const batch = build(n);
    if (inFlight) await inFlight;
    inFlight = insertItems(batch);
    itemsDone += n;
    if (itemsDone - reported >= Math.max(BATCH, Math.floor(N_ITEMS / 20)) || itemsDone === N_ITEMS) {
      reported = itemsDone;
      const rate = Math.round(itemsDone / ((Date.now() - itemsStart) / 1000));
      console.log(`  事项 ${itemsDone}/${N_ITEMS}（${elapsed()}，约 ${rate} 条/秒）`);
    }
  }
  if (inFlight) await inFlight;

  // --- marker, commit, analyze -----------------------------------------------------------------------
  const summary = { societies: N_SOCIETIES, items: N_ITEMS, seed: SEED, statuses: counts, programmes: targets.map((t) => t.prog.id) };
  await appendAudit(
    db,
    { actorUserId: null, actorName: '批量数据生成脚本（src/cli/generate-data.ts）', actorOrgId: null, ip: null, requestId: 'generate-data' },
    { action: MARKER_ACTION, entityType: 'organisation', entityId: rootRow.id, orgId: rootRow.id, orgPath: rootRow.path, after: summary },
  );
  console.log(`  提交事务…（${elapsed()}）`);
  await client.query('COMMIT');
  // VACUUM as well as ANALYZE: the visibility map lets index-only scans (counts) skip the heap, and
  // the autovacuum that 200k fresh rows would trigger later cannot land in the middle of a benchmark.
  console.log(`  已提交（${elapsed()}），执行 VACUUM (ANALYZE)…`);
  await client.query('VACUUM (ANALYZE) organisations, society_profiles, transfer_items, programmes');
  console.log(
    `完成：学会 ${N_SOCIETIES} 个，事项 ${N_ITEMS} 条（${Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join('，')}），jieba 分词 ${(tokenMs / 1000).toFixed(1)} s，总耗时 ${elapsed()}。`,
  );
}

try {
  await main();
} catch (e) {
  await client.query('ROLLBACK').catch(() => undefined);
  console.error(`生成数据失败（已回滚，数据库未改变）：${(e as Error).stack ?? (e as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
