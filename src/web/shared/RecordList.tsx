// A plain list of records (antd 6 deprecates its List, which logs a console error on every page
// that uses it — docs/UI.md asks for a quiet console). Semantic <ul>, one <li> per record; the
// row may have a leading mark (an icon, a dot), a title, a description, a body and actions.
import type { CSSProperties, ReactNode } from 'react';

export function RecordList<T>({ items, rowKey, render, label, bordered, style, empty }: {
  items: readonly T[];
  rowKey: (item: T) => string;
  render: (item: T) => ReactNode;
  label?: string;
  /** a framed, compact list (inside a dialog) */
  bordered?: boolean;
  style?: CSSProperties;
  empty?: ReactNode;
}) {
  if (!items.length && empty) return <>{empty}</>;
  return (
    <ul className={bordered ? 'cj-record-list cj-record-list-bordered' : 'cj-record-list'} aria-label={label} style={style}>
      {items.map((item) => (
        <li key={rowKey(item)}>{render(item)}</li>
      ))}
    </ul>
  );
}

/** One record's row: mark, title and description on the left, actions on the right, body under. */
export function RecordRow({ mark, title, description, actions, children }: { mark?: ReactNode; title?: ReactNode; description?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="cj-record-row">
      {mark ? <div className="cj-record-mark">{mark}</div> : null}
      <div className="cj-record-main">
        {title ? <div className="cj-record-title">{title}</div> : null}
        {description ? <div className="cj-record-desc">{description}</div> : null}
        {children}
      </div>
      {actions ? <div className="cj-record-actions">{actions}</div> : null}
    </div>
  );
}
