// A permission named by what it allows (docs/UI.md, Words): “发布需求目录”, never `demand.manage`.
// Typed over the platform's permissions, so a new permission without a name fails the type-check.
// (The server's refusal “当前角色没有“item.manage”权限” is reworded with these names in api.ts.)
import type { Permission } from '../../domain/access/roles';

export const permissionLabels: Record<Permission, string> = {
  'org.read': '查看组织机构',
  'org.create': '新增组织机构',
  'org.update': '修改组织机构',
  'society.read': '查看学会',
  'society.create': '新增学会',
  'society.update': '修改学会档案',
  'society.facts.update': '登记学会年度情况',
  'user.read': '查看用户',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'user.pii.read': '查看完整个人信息',
  'programme.read': '查看方案',
  'programme.create': '新建方案',
  'programme.update': '修改方案',
  'programme.publish': '发布和结束方案',
  'audit.read': '查看审计日志',
  'todo.read': '查看待办',
  'item.read': '查看可转移职能事项',
  'item.manage': '编制可转移职能事项',
  'item.relay': '转发事项至学会',
  'demand.manage': '发布需求目录',
  'declaration.read': '查看申报',
  'declaration.submit': '提交申报',
  'declaration.review': '审核申报',
  'countersign.send': '报送会签',
  'countersign.opinion': '出具会签意见',
  'countersign.approve': '登记审批结果',
  'selection.decide': '择优确定承接学会',
  'project.read': '查看试点项目',
  'project.observe': '观察项目',
  'attachment.upload': '上传附件',
  'taskBook.edit': '填写任务书',
  'taskBook.sign': '签署任务书',
  'supervision.report': '报送实施情况',
  'supervision.decide': '审批实施中的事项',
  'supervision.manage': '监督检查项目',
  'programmeRecord.manage': '管理方案工作记录',
};

export const permissionLabel = (p: string): string => (permissionLabels as Record<string, string>)[p] ?? p;

/** Text with each quoted permission code (“item.manage” or "item.manage") named in Chinese. */
export function namePermissions(text: string): string {
  return text.replace(/[“"]([a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*){1,2})[”"]/g, (m, code: string) => ((permissionLabels as Record<string, string>)[code] ? `“${permissionLabel(code)}”` : m));
}
