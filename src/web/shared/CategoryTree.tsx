// Content categories (FUN-2) as a read-only tree.
import { Empty, Tree } from 'antd';
import type { Category } from '../../contract/programmes';

interface Node {
  key: string;
  title: string;
  children?: Node[];
}

const toNodes = (cs: Category[], showCode: boolean): Node[] =>
  cs.map((c) => ({
    key: c.code,
    title: showCode ? `${c.name}（${c.code}）` : c.name,
    children: c.children?.length ? toNodes(c.children, showCode) : undefined,
  }));

export function CategoryTree({ categories, showCode = false }: { categories: Category[] | undefined; showCode?: boolean }) {
  if (!categories?.length) return <Empty description="暂无内容类别" />;
  return <Tree treeData={toNodes(categories, showCode)} defaultExpandAll selectable={false} showLine blockNode aria-label="内容类别" />;
}
