// FUN-2 内容类别: a tree of names, at most three levels, edited as nested lists. Each category keeps
// the code items refer to it by; the code is the platform's, never shown: a new category gets one
// made here (docs/UI.md: no raw codes on a page).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row } from 'antd';
import { CategoryTree } from '../../shared/CategoryTree';
import { FormErrorList } from '../../shared/errors';
import type { Category, Programme } from '../../../contract/programmes';
import { SaveBar, useProgrammeSave } from './programmeSave';

const MAX_DEPTH = 3;

let made = 0;
/** A fresh code for a new category (lower-case letters, digits and _, unique within the tree). */
const newCode = () => `c_${Date.now().toString(36)}_${(made++).toString(36)}`;
const levelNames = ['一级类别', '二级类别', '三级类别'];

function clean(cs: Category[] | undefined): Category[] {
  return (cs ?? []).map((c) => {
    const children = clean(c.children);
    return { code: c.code.trim(), name: c.name.trim(), ...(children.length ? { children } : {}) };
  });
}

function CategoryList({ name, depth, editable, trail }: { name: (string | number)[] | string; depth: number; editable: boolean; trail: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {fields.map((f, i) => {
            const here = `${trail}${i + 1}`;
            return (
              <Card
                key={f.key}
                size="small"
                style={{ background: depth === 1 ? '#fff' : depth === 2 ? '#fafafa' : '#f5f5f5' }}
                styles={{ body: { padding: 12 } }}
              >
                <Row gutter={8} align="top">
                  <Form.Item name={[f.name, 'code']} hidden>
                    <Input />
                  </Form.Item>
                  <Col xs={20} md={22}>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={`${levelNames[depth - 1]} ${here} 名称`}
                      rules={[{ required: true, whitespace: true, message: '请输入名称' }]}
                      style={{ marginBottom: 8 }}
                    >
                      <Input maxLength={60} />
                    </Form.Item>
                  </Col>
                  {editable ? (
                    <Col xs={4} md={2} style={{ paddingTop: 30 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除${levelNames[depth - 1]} ${here}`} onClick={() => remove(f.name)} />
                    </Col>
                  ) : null}
                </Row>
                {depth < MAX_DEPTH ? (
                  <div style={{ paddingInlineStart: 16, borderInlineStart: '2px solid #e6f0ff' }}>
                    <CategoryList name={[f.name, 'children']} depth={depth + 1} editable={editable} trail={`${here}.`} />
                  </div>
                ) : null}
              </Card>
            );
          })}
          {editable ? (
            <Button type="dashed" size={depth === 1 ? 'middle' : 'small'} icon={<PlusOutlined />} onClick={() => add({ code: newCode(), name: '' })} style={{ alignSelf: depth === 1 ? 'stretch' : 'flex-start' }}>
              新增{levelNames[depth - 1]}
            </Button>
          ) : null}
        </div>
      )}
    </Form.List>
  );
}

export function CategoriesEditor({ p, editable, onRefresh }: { p: Programme; editable: boolean; onRefresh: () => void }) {
  const [form] = Form.useForm<{ categories: Category[]; reason?: string }>();
  const { save, errors, saving } = useProgrammeSave(p, onRefresh);
  if (!editable) return <CategoryTree categories={p.categories} />;
  return (
    <Form
      form={form}
      name="categories"
      layout="vertical"
      initialValues={{ categories: p.categories }}
      disabled={!editable}
      onFinish={(v) => save({ categories: clean(v.categories) }, v.reason, form)}
      aria-label="内容类别"
    >
      <FormErrorList errors={errors} />
      <CategoryList name="categories" depth={1} editable={editable} trail="" />
      {editable ? <SaveBar published={p.status === 'published'} saving={saving} /> : null}
    </Form>
  );
}
