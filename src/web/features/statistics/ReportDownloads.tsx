// STA-3: 导出 a report generated from the data — Word (to edit and complete), PDF, or Excel (its tables).
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { errorText } from '../../shared/errors';
import { downloadFile } from '../transfer/common';

const formats = [
  { key: 'docx', label: 'Word（可修改补充）' },
  { key: 'pdf', label: 'PDF' },
  { key: 'xlsx', label: 'Excel（报告中的表格）' },
] as const;

export function ReportDownloads({ label, path, query, fileName }: { label: string; path: string; query: Record<string, string | undefined>; fileName: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const get = async (format: (typeof formats)[number]['key']) => {
    setBusy(true);
    const hide = message.loading(`正在生成${label}…`, 0);
    try {
      await downloadFile(path, `${fileName}.${format}`, { ...query, format });
    } catch (e) {
      message.error(`生成${label}失败：${errorText(e)}`);
    } finally {
      hide();
      setBusy(false);
    }
  };
  return (
    <Dropdown menu={{ items: formats.map((f) => ({ key: f.key, label: f.label })), onClick: ({ key }) => void get(key as (typeof formats)[number]['key']) }} trigger={['click']}>
      <Button icon={<DownloadOutlined />} loading={busy}>
        {label} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
