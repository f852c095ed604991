// Chinese names of audit actions and record types.

export const actionLabels: Record<string, string> = {
  'auth.login.success': '登录成功',
  'auth.login.failure': '登录失败',
  'auth.login.locked': '账号锁定期间尝试登录',
  'auth.logout': '退出登录',
  'access.deny': '越权访问被拒绝',
  'org.create': '新增单位',
  'org.update': '修改单位',
  'society.create': '新增学会',
  'society.update': '修改学会档案',
  'society.facts.create': '录入学会年度情况',
  'society.facts.update': '更正学会年度情况',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.password.change': '修改本人密码',
  'user.password.reset': '重置用户密码',
  'user.totp.enable': '绑定动态验证码',
  'user.totp.disable': '解绑动态验证码',
  'user.unlock': '解除登录锁定',
  'pii.view': '查看完整个人信息',
  'programme.create': '新建方案',
  'programme.update': '修改方案',
  'programme.publish': '发布方案',
  'programme.close': '结束方案',
  'system.seed': '系统初始化',
};

const areaLabels: Record<string, string> = {
  auth: '登录',
  access: '权限',
  org: '组织',
  society: '学会',
  user: '用户',
  pii: '个人信息',
  programme: '方案',
  system: '系统',
};

export function actionLabel(action: string): string {
  if (actionLabels[action]) return actionLabels[action];
  const [area, ...rest] = action.split('.');
  return areaLabels[area] ? `${areaLabels[area]}：${rest.join('.')}` : action;
}

export function actionColor(action: string): string {
  if (action === 'access.deny' || action.startsWith('auth.login.failure') || action === 'auth.login.locked') return 'red';
  if (action === 'pii.view') return 'orange';
  if (action.startsWith('auth.')) return 'default';
  if (action.endsWith('.create')) return 'green';
  if (action.endsWith('.publish')) return 'blue';
  if (action.endsWith('.close')) return 'volcano';
  return 'geekblue';
}

export const entityTypeLabels: Record<string, string> = {
  organisation: '单位',
  user: '用户',
  programme: '方案',
  login: '登录账号',
  society_yearly_facts: '学会年度情况',
};

/** The 操作类型 filter: action prefixes the API matches with LIKE 'prefix%'. */
export const actionFilterOptions = [
  { value: 'auth.', label: '登录' },
  { value: 'org.', label: '组织' },
  { value: 'society.', label: '学会' },
  { value: 'user.', label: '用户' },
  { value: 'programme.', label: '方案' },
  { value: 'access.deny', label: '权限拒绝' },
  { value: 'pii.', label: '查看个人信息' },
];
