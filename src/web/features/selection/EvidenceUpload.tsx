// evidence files, uploaded one by one as soon as they are chosen (POST /attachments, raw
// bytes); the form sends the ids of the files that arrived.
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { api } from '../../shared/api';
import { errorText } from '../../shared/errors';
import type { AttachmentRef } from '../../../contract/common';
import { ATTACHMENT_UPLOAD_MEDIA_TYPES, type AttachmentUploaded } from '../../../contract/attachments';
import { fmtBytes } from '../transfer/common';

export const EVIDENCE_TYPES = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'wps', 'ofd', 'jpg', 'jpeg', 'png', 'zip', 'txt'];
const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 20;

export type EvidenceFile = UploadFile<AttachmentRef>;

export const evidenceFromAttachments = (list: AttachmentRef[]): EvidenceFile[] =>
  list.map((a) => ({ uid: a.id, name: a.filename, size: a.sizeBytes, status: 'done', response: a, url: `/api/v1/attachments/${a.id}` }));

/** Ids of the files that finished uploading. */
export const evidenceIds = (files: EvidenceFile[]): string[] => files.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response!.id);

export function EvidenceUpload({ value, onChange, disabled }: { value: EvidenceFile[]; onChange: (files: EvidenceFile[]) => void; disabled?: boolean }) {
  const { message } = App.useApp();
  return (
    <div>
      <Upload<AttachmentRef>
        multiple
        fileList={value}
        disabled={disabled}
        accept={EVIDENCE_TYPES.map((t) => `.${t}`).join(',')}
        beforeUpload={(file, batch) => {
          const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
          if (!EVIDENCE_TYPES.includes(ext)) {
            message.error(`“${file.name}”的类型不支持，可上传：${EVIDENCE_TYPES.join('、')}`);
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_BYTES) {
            message.error(`“${file.name}”超过 20 MB，请压缩后再上传`);
            return Upload.LIST_IGNORE;
          }
          if (value.length + batch.indexOf(file) >= MAX_FILES) {
            message.error(`证明材料最多 ${MAX_FILES} 个`);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file, onSuccess, onError }) => {
          const f = file as File;
          // 201 with the stored file's reference (and its Location, /api/v1/attachments/{id})
          api<AttachmentUploaded>('/attachments', { method: 'POST', query: { filename: f.name }, raw: { body: f, contentType: ATTACHMENT_UPLOAD_MEDIA_TYPES[0] } })
            .then((r) => onSuccess?.(r))
            .catch((e: unknown) => {
              message.error(`“${f.name}”上传失败：${errorText(e)}`);
              onError?.(e as Error);
            });
        }}
        onChange={({ fileList }) =>
          onChange(
            fileList.map((f) =>
              f.status === 'done' && f.response ? { ...f, url: `/api/v1/attachments/${f.response.id}` } : f.status === 'error' ? { ...f, response: undefined } : f,
            ),
          )
        }
        itemRender={(node, file) => (
          <div title={file.size ? fmtBytes(file.size) : undefined} style={{ color: file.status === 'error' ? '#ff4d4f' : undefined }}>
            {node}
          </div>
        )}
      >
        <Button icon={<UploadOutlined />} disabled={disabled}>
          选择文件
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
        可上传多个文件（最多 {MAX_FILES} 个，每个不超过 20 MB）：{EVIDENCE_TYPES.join('、')}
      </Typography.Text>
    </div>
  );
}

/** The files of a declaration, each a download link. */
export function AttachmentList({ files }: { files: AttachmentRef[] }) {
  if (!files.length) return <Typography.Text type="secondary">未上传证明材料</Typography.Text>;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {files.map((f) => (
        <li key={f.id} style={{ padding: '2px 0' }}>
          <PaperClipOutlined style={{ marginInlineEnd: 6, color: 'rgba(0,0,0,0.45)' }} />
          <a href={`/api/v1/attachments/${f.id}`} download={f.filename}>
            {f.filename}
          </a>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {fmtBytes(f.sizeBytes)}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}
