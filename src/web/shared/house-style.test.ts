// The helpers behind docs/UI.md's rules that a unit test can check: a permission named by what it
// allows (never its code), and a list's table sized to fit 1280 px without scrolling sideways.
import { describe, expect, it } from 'vitest';
import { permissions } from '../../domain/access/roles';
import { namePermissions, permissionLabel, permissionLabels } from './permissionLabels';
import { FLEX_COLUMN_MIN, tableMinWidth } from './cells';
import { ApiError } from './api';

describe('a permission is named by what it allows', () => {
  it('every permission of the platform has a Chinese name, and no two share one', () => {
    for (const p of permissions) expect(permissionLabels[p], p).toMatch(/^[\u4e00-\u9fa5]/);
    expect(new Set(Object.values(permissionLabels)).size).toBe(permissions.length);
  });
  it('rewords the server’s refusal, which quotes the code', () => {
    expect(namePermissions('当前角色没有“demand.manage”权限')).toBe('当前角色没有“发布需求目录”权限');
    expect(namePermissions('当前角色没有“society.facts.update”权限')).toBe('当前角色没有“登记学会年度情况”权限');
    // a quoted word that is not a permission (a user name) stays as it is
    expect(namePermissions('用户“kjt.user”已停用')).toBe('用户“kjt.user”已停用');
    expect(permissionLabel('no.such')).toBe('no.such');
  });
  it('an API refusal reaches the page with the permission’s name', () => {
    const e = new ApiError({ status: 403, code: 'FORBIDDEN', title: '无权访问', detail: '当前角色没有“item.relay”权限' });
    expect(e.userMessage).toBe('当前角色没有“转发事项至学会”权限');
    expect(e.message).not.toMatch(/item\.relay/);
  });
});

describe('a list’s table scrolls sideways only below the sum of its columns’ widths', () => {
  it('adds the widths, a column without one counting as a flexible column', () => {
    expect(tableMinWidth([{ width: 100 }, { width: 120 }, {}], 32)).toBe(100 + 120 + FLEX_COLUMN_MIN + 32);
    expect(tableMinWidth(undefined)).toBe(0);
  });
});
