// ORG-1: how the organisation tree may grow.
import type { AssociationLevel } from './org.types.js';
import { associationLevels } from './org.types.js';
import type { FieldError } from '../field-error.js';

const rank = (l: AssociationLevel) => associationLevels.indexOf(l);

interface ParentInfo {
  type: string;
  level: string | null;
}
interface ChildInfo {
  type: string;
  level?: string | null;
  officeKind?: string | null;
}

/** Returns the problems with attaching `child` under `parent` (empty when allowed). */
export function checkAttachment(parent: ParentInfo, child: ChildInfo): FieldError[] {
  const errors: FieldError[] = [];
  // Every organisation attaches to the association whose programmes it takes part in.
  if (parent.type !== 'association') {
    errors.push({ path: 'body.parentId', message: '上级单位必须是科协' });
    return errors;
  }
  if (child.type === 'association') {
    if (!child.level) errors.push({ path: 'body.level', message: '请选择科协层级' });
    else if (parent.level && rank(child.level as AssociationLevel) <= rank(parent.level as AssociationLevel)) {
      // A county association sits under its city's, a city's under the province's.
      errors.push({ path: 'body.level', message: '下级科协的层级必须低于上级科协' });
    }
  } else if (child.level) {
    errors.push({ path: 'body.level', message: '只有科协需要填写层级' });
  }
  if (child.type === 'review_office' && !child.officeKind) errors.push({ path: 'body.officeKind', message: '请选择审核部门类别' });
  if (child.type !== 'review_office' && child.officeKind) errors.push({ path: 'body.officeKind', message: '只有审核部门需要填写类别' });
  return errors;
}
