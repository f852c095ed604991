// PUB-2 任务书核验: anyone enters the verification code printed on a task book, or uploads the Word
// or PDF file, and sees whether it matches a signed task book and who signed it when. A file that
// carries a code but is not the platform's issued file (`match: 'tampered'`) is refused plainly, and
// the stored record is shown apart, as the platform's record — never with pass badges under it.
// The same check recognises a capacity plan's responsibility letter (CAP-5): the record names its
// kind (`kindLabel`, e.g. 项目责任书), its two parties and the award; a task book reads as before.
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Input, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { errorText } from '../../shared/errors';
import { fmtDateTimeSec, fmtYuan } from '../../shared/format';
import type { TaskBookRecordOnFile, TaskBookVerification } from '../../../contract/taskbooks';
import { PortalPage } from './portalFrame';

const MAX_BYTES = 20 * 1024 * 1024;
/** The media types the verification reads, by the file's extension (a browser may leave File.type empty). */
const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const mediaTypeOf = (f: File): string | null => MEDIA_TYPES[f.name.split('.').pop()?.toLowerCase() ?? ''] ?? (Object.values(MEDIA_TYPES).includes(f.type) ? f.type : null);

export function PortalVerify() {
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? '';
  const byCode = useMutation({ mutationFn: (c: string) => api<TaskBookVerification>('/public/task-books/verify', { query: { code: c } }) });
  const [refused, setRefused] = useState<string | null>(null);
  const byFile = useMutation({
    mutationFn: (f: { file: File; type: string }) => api<TaskBookVerification>('/public/task-books/verify', { method: 'POST', raw: { body: f.file, contentType: f.type } }),
  });
  const { mutate: checkCode } = byCode;
  useEffect(() => {
    if (code) checkCode(code);
  }, [code, checkCode]);
  const last = byFile.data && (byFile.submittedAt > byCode.submittedAt) ? byFile : byCode;
  return (
    <PortalPage
      title="任务书核验"
      intro="输入三方任务书或项目责任书页脚的校验码，或上传从本平台下载的文件（Word 或 PDF），核验其是否与各方签署的文本一致，并查看签署单位和时间。"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="按校验码核验" style={{ height: '100%' }}>
            <Input.Search
              aria-label="校验码"
              placeholder="如 7K3Q-X9M2-PD8W-ZA41"
              enterButton="核验"
              size="large"
              defaultValue={code}
              maxLength={40}
              loading={byCode.isPending}
              onSearch={(v) => {
                const c = v.trim();
                if (!c) return;
                setParams({ code: c }, { replace: true });
                if (c === code) checkCode(c);
              }}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              校验码为 16 位字母和数字，不区分大小写，短横线可省略。
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="上传文件核验" style={{ height: '100%' }}>
            <Upload.Dragger
              accept=".docx,.pdf"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                const type = mediaTypeOf(f);
                const why = !type ? '请上传 Word（.docx）或 PDF（.pdf）文件' : f.size > MAX_BYTES ? '文件超过 20 MB，不是本平台出具的任务书或责任书文件' : null;
                setRefused(why);
                if (why || !type) {
                  byFile.reset();
                  return Upload.LIST_IGNORE;
                }
                byFile.mutate({ file: f, type });
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或拖入任务书或责任书文件（.docx 或 .pdf，不超过 20 MB）</p>
              <p className="ant-upload-hint">文件只用于核验，不会保存。</p>
            </Upload.Dragger>
          </Card>
        </Col>
      </Row>
      {refused ? <Alert type="warning" showIcon title="无法核验该文件" description={refused} /> : null}
      {last.isError ? <Alert type="error" showIcon title="核验失败" description={errorText(last.error)} /> : null}
      {last.isPending ? <Card loading /> : null}
      {last.data ? <VerificationCard r={last.data} /> : null}
    </PortalPage>
  );
}

/** A pilot's agreement as the page names it: 任务书, or the contract's own name (职能转移合同). */
const bookName = (record: TaskBookRecordOnFile | null | undefined) => (record?.kind === 'taskBook' && record.kindLabel !== '三方任务书' ? record.kindLabel : '任务书');

function VerificationCard({ r }: { r: TaskBookVerification }) {
  const fileKind = r.file?.matched === 'pdf' ? 'PDF' : 'Word';
  // the file is not the platform's: the stored record is shown apart, as the platform's, not as a pass
  const tampered = r.match === 'tampered';
  const notInForce = !r.valid && r.match === 'exact' && r.record?.intact && r.record.signatures.every((s) => s.valid);
  // a task book reads as it always did; a responsibility letter (signed by two parties) by its own name
  const letter = r.record?.kind === 'capacityLetter' ? r.record.kindLabel : null;
  // a pilot's agreement: the task book, or a 职能转移合同 by its own name
  const book = bookName(r.record);
  return (
    <Card>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {r.valid ? (
          <Alert
            type="success"
            showIcon
            icon={<CheckCircleFilled />}
            title={
              letter
                ? r.file?.matched
                  ? `文件与双方签署的${letter}一致（${fileKind} 文件）`
                  : `校验码有效：${letter}已经双方签署，内容未被改动`
                : r.file?.matched
                  ? `文件与三方签署的${book}一致（${fileKind} 文件）`
                  : `校验码有效：${book}已经三方签署，内容未被改动`
            }
            description={r.record?.status === 'superseded' ? '注意：该版本已被变更后的新版本替代。' : undefined}
          />
        ) : tampered ? (
          <Alert
            type="error"
            showIcon
            icon={<CloseCircleFilled />}
            title={`核验未通过：所上传的文件不是平台出具的${letter ?? book}文件`}
            description={`文件载有校验码 ${r.file?.codeInFile ?? ''}，但内容与平台出具的签署文件不一致，可能已被修改。请勿以该文件为准；下方为平台存档的${letter ?? book}记录。`}
          />
        ) : notInForce ? (
          <Alert type="warning" showIcon icon={<ExclamationCircleFilled />} title={`${letter ?? book}尚未生效`} description={r.reason} />
        ) : (
          <Alert type="error" showIcon icon={<CloseCircleFilled />} title="核验未通过" description={r.reason} />
        )}
        {r.record ? <RecordOnFile record={r.record} asPlatformRecord={tampered} /> : null}
      </Space>
    </Card>
  );
}

/**
 * The platform's stored record. Beside a pass or a failed check of the record itself, each party's
 * signature shows its result; under a refused file it is the platform's record only: no badges.
 */
function RecordOnFile({ record, asPlatformRecord }: { record: TaskBookRecordOnFile; asPlatformRecord: boolean }) {
  const letter = record.kind === 'capacityLetter';
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {asPlatformRecord ? (
        <div>
          <Typography.Title level={5} style={{ margin: 0 }}>
            平台存档记录
          </Typography.Title>
          <Typography.Text type="secondary">以下为本平台存档的{letter ? record.kindLabel : bookName(record)}信息，不是所上传文件的内容。可用校验码 {record.verificationCode} 核验存档记录。</Typography.Text>
        </div>
      ) : null}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'k', label: '文书', children: record.kindLabel, span: 'filled' },
          { key: 'n', label: '项目名称', children: record.projectName, span: 'filled' },
          { key: 'c', label: '校验码', children: <Typography.Text style={{ fontFamily: 'monospace' }}>{record.verificationCode || '—'}</Typography.Text> },
          // a letter has one version; its award is part of what was signed
          letter ? { key: 'award', label: '资助金额', children: fmtYuan(record.awardFen) } : { key: 'v', label: '版本', children: `第 ${record.version} 版` },
          { key: 's', label: '状态', children: record.statusLabel },
          { key: 't', label: '生效时间', children: fmtDateTimeSec(record.signedAt) },
          ...record.parties.map((p) => ({ key: p.party, label: p.partyLabel, children: p.orgName })),
          { key: 'd', label: '内容摘要（SM3）', children: <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{record.contentDigest ?? '—'}</Typography.Text>, span: 'filled' },
        ]}
      />
      {record.signatures.length ? (
        <Table
          rowKey="party"
          size="small"
          pagination={false}
          // on a phone the table scrolls sideways as a whole instead of squeezing the organisation's name
          scroll={{ x: 600 }}
          dataSource={record.signatures}
          columns={[
            { title: '签署方', dataIndex: 'partyLabel', width: 140 },
            { title: '单位', dataIndex: 'orgName' },
            { title: '签署时间', dataIndex: 'signedAt', width: 190, render: (v: string) => fmtDateTimeSec(v) },
            ...(asPlatformRecord
              ? []
              : [{ title: 'SM2 签名', dataIndex: 'valid', width: 120, render: (ok: boolean) => (ok ? <Tag color="green">验证通过</Tag> : <Tag color="red">验证未通过</Tag>) }]),
          ]}
        />
      ) : null}
    </Space>
  );
}
