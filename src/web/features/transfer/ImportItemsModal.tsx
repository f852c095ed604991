// FUN-5: import a department's items from the programme's Excel template. A file with any bad
// row imports nothing; the server names each row, column and problem, shown here as a table.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, Radio, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../shared/api';
import { errorText, useErrorReporter } from '../../shared/errors';
import type { ImportRowError, ItemImportResult } from '../../../contract/transfer';
import { downloadFile, fmtBytes, useTransferProgrammes } from './common';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Failure {
  title: string;
  rows: ImportRowError[];
}

export function ImportItemsModal({ defaultProgrammeId, onClose }: { defaultProgrammeId?: string; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const programmes = useTransferProgrammes();
  const open = (programmes.data ?? []).filter((p) => p.status === 'published');
  const [programmeId, setProgrammeId] = useState<string | undefined>(
    defaultProgrammeId && open.some((p) => p.id === defaultProgrammeId) ? defaultProgrammeId : open.length === 1 ? open[0].id : defaultProgrammeId,
  );
  const [file, setFile] = useState<File | null>(null);
  const [publish, setPublish] = useState<'false' | 'true'>('false');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [touched, setTouched] = useState(false);
  const pid = programmeId ?? (open.length === 1 ? open[0].id : undefined);

  const run = useMutation({
    mutationFn: () => api<ItemImportResult>(`/programmes/${pid}/items/import`, { method: 'POST', query: { publish }, raw: { body: file!, contentType: XLSX } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['/items'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success(`已导入 ${r.imported} 项事项${r.status === 'published' ? '并发布' : '（草稿）'}`);
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 400) {
        const rows = Array.isArray(e.problem.rowErrors) ? (e.problem.rowErrors as ImportRowError[]) : [];
        setFailure({
          title: e.userMessage,
          rows: rows.length ? rows : e.errors.map((x) => ({ row: null, column: null, field: null, message: x.message })),
        });
      } else report(e, { action: '导入' });
    },
  });

  const template = async () => {
    if (!pid) return;
    try {
      await downloadFile(`/programmes/${pid}/items/template`, '可转移职能事项导入模板.xlsx');
    } catch (e) {
      message.error(`下载失败：${errorText(e)}`);
    }
  };

  const start = () => {
    setTouched(true);
    if (!pid || !file) return;
    setFailure(null);
    run.mutate();
  };

  return (
    <Modal
      open
      title="导入可转移职能事项"
      onCancel={onClose}
      width={720}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={run.isPending} onClick={start}>
            开始导入
          </Button>
        </Space>
      }
    >
      <Form layout="vertical" name="importItems" aria-label="导入事项" component="div">
        <Form.Item
          label="所属方案"
          required
          validateStatus={touched && !pid ? 'error' : undefined}
          help={touched && !pid ? '请选择所属方案' : '事项将导入到该方案，类别和委托方式按该方案的规定填写'}
        >
          <Select
            value={pid}
            onChange={(v) => setProgrammeId(v)}
            placeholder="请选择所属方案"
            loading={programmes.isLoading}
            options={open.map((p) => ({ value: p.id, label: p.name }))}
            aria-label="所属方案"
          />
        </Form.Item>
        <Form.Item label="导入模板">
          <Button icon={<DownloadOutlined />} onClick={template} disabled={!pid}>
            下载导入模板
          </Button>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            模板中列出了本方案的事项类别和委托方式，请按模板填写后上传
          </Typography.Text>
        </Form.Item>
        <Form.Item label="Excel 文件" required validateStatus={touched && !file ? 'error' : undefined} help={touched && !file ? '请选择要导入的 Excel（.xlsx）文件' : undefined}>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              if (!f.name.toLowerCase().endsWith('.xlsx')) {
                message.error('请上传 .xlsx 格式的 Excel 文件');
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setFailure(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setFailure(null);
            }}
            fileList={file ? [{ uid: 'file', name: `${file.name}（${fmtBytes(file.size)}）`, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击或将文件拖到此处</p>
            <p className="ant-upload-hint">仅支持 .xlsx，一次一个文件</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item label="导入方式">
          <Radio.Group
            value={publish}
            onChange={(e) => setPublish(e.target.value as 'true' | 'false')}
            options={[
              { value: 'false', label: '导入为草稿（核对后再逐项发布）' },
              { value: 'true', label: '导入并发布（立即在门户公开）' },
            ]}
          />
        </Form.Item>
      </Form>
      {failure ? (
        <div role="alert">
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={failure.title} description="文件中的事项均未导入。请按下表修改 Excel 后重新上传。" />
          <Table<ImportRowError>
            size="small"
            rowKey={(r, i) => `${r.row}-${r.column}-${i}`}
            dataSource={failure.rows}
            pagination={failure.rows.length > 10 ? { pageSize: 10, showTotal: (n) => `共 ${n} 处错误`, showSizeChanger: false } : false}
            scroll={{ x: 560 }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 70, render: (v: number | null) => (v ? `第 ${v} 行` : '—') },
              { title: '列', dataIndex: 'column', width: 140, render: (v: string | null) => v ?? '—' },
              { title: '问题', dataIndex: 'message', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
            ]}
          />
        </div>
      ) : null}
    </Modal>
  );
}
