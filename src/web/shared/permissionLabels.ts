// A permission named by what it allows (docs/UI.md, Words): “发布需求目录”, never `demand.manage`.
// Typed over the platform's permissions, so a new permission without a name fails the type-check.
// The labels live in the domain (the server's refusals use them too); namePermissions still rewords
// refusals written with the code, e.g. those kept in older audit entries.
import { permissionLabels } from '../../domain/access/roles';

export { permissionLabels };

export const permissionLabel = (p: string): string => (permissionLabels as Record<string, string>)[p] ?? p;

/** Text with each quoted permission code (“item.manage” or "item.manage") named in Chinese. */
export function namePermissions(text: string): string {
  return text.replace(/[“"]([a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*){1,2})[”"]/g, (m, code: string) => ((permissionLabels as Record<string, string>)[code] ? `“${permissionLabel(code)}”` : m));
}
