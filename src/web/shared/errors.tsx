// How failures reach the user: a Result for a page that could not load, field errors on the form
// fields, a list naming the fields, a refresh offer on 409 and 无权访问 on 403.
import { Alert, App, Button, Result } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError, fieldPath, isApiError } from './api';
import { describePath } from './fieldLabels';
import type { FieldError } from '../../contract/common';

export function errorText(e: unknown): string {
  if (isApiError(e)) return e.userMessage;
  if (e instanceof Error) return e.message;
  return '操作失败，请稍后重试';
}

/** A page or panel whose data could not be loaded. */
export function QueryError({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const e = isApiError(error) ? error : null;
  if (e?.status === 403) {
    return <Result status="403" title="无权访问" subTitle={e.detail ?? '您没有查看此内容的权限。'} />;
  }
  if (e?.status === 404) {
    return <Result status="404" title="记录不存在" subTitle={e.detail ?? '该记录不存在或已被删除。'} />;
  }
  const retry = onRetry ? (
    <Button type="primary" onClick={onRetry}>
      重试
    </Button>
  ) : undefined;
  if (compact) {
    return <Alert type="error" showIcon title={e?.title ?? '加载失败'} description={e?.detail ?? errorText(error)} action={retry} />;
  }
  return <Result status="error" title={e?.title ?? '加载失败'} subTitle={e?.detail ?? errorText(error)} extra={retry} />;
}

/** Puts each API field error on its form field (path without the `body.` prefix). */
export function applyFieldErrors(form: FormInstance | undefined, errors: FieldError[], map?: (path: (string | number)[]) => (string | number)[]) {
  if (!form || !errors.length) return;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const fe of errors) {
    const raw = fieldPath(fe.path);
    if (!raw.length) continue;
    const name = map ? map(raw) : raw;
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
}

export interface ReportOptions {
  form?: FormInstance;
  /** renames an API path to the form's field name */
  mapPath?: (path: (string | number)[]) => (string | number)[];
  /** offered on 409 (已被他人修改) */
  onRefresh?: () => void;
  /** what was being done, e.g. 保存 */
  action?: string;
}

/** Reports a failed action to the user in Chinese; returns the field errors (for an error list). */
export function useErrorReporter() {
  const { message, modal } = App.useApp();
  return useCallback(
    (err: unknown, opts: ReportOptions = {}): FieldError[] => {
      const prefix = opts.action ? `${opts.action}失败：` : '';
      if (!isApiError(err)) {
        message.error(prefix + errorText(err));
        return [];
      }
      if (err.status === 401) return []; // the session ended: the app goes to the login page
      if (err.status === 403) {
        message.error(`无权访问：${err.userMessage}`);
        return [];
      }
      if (err.code === 'CONFLICT') {
        modal.confirm({
          title: '已被他人修改，请刷新',
          content: `${err.userMessage}。刷新后将显示最新内容，您未保存的修改需要重新填写。`,
          okText: '刷新',
          cancelText: '取消',
          onOk: () => opts.onRefresh?.(),
        });
        return [];
      }
      if (err.errors.length) {
        applyFieldErrors(opts.form, err.errors, opts.mapPath);
        const first = `${describePath(err.errors[0].path) || '请求'}：${err.errors[0].message}`;
        message.error(`${prefix}${err.errors.length === 1 ? first : `共 ${err.errors.length} 处需要修改，如 ${first}`}`);
        return err.errors;
      }
      message.error(prefix + err.userMessage);
      return [];
    },
    [message, modal],
  );
}

/** The field errors of the last attempt, each naming its field in Chinese. */
export function FormErrorList({ errors, title = '以下内容需要修改' }: { errors: FieldError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div ref={ref} role="alert" style={{ scrollMarginTop: 80 }}>
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={title}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {errors.map((e, i) => (
            <li key={i}>
              {describePath(e.path) ? <strong>{describePath(e.path)}</strong> : null}
              {describePath(e.path) ? '：' : ''}
              {e.message}
            </li>
          ))}
        </ul>
      }
    />
    </div>
  );
}

export { ApiError };
