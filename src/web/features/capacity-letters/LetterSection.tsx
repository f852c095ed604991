// CAP-5, FND-4: the responsibility letter (责任书) on the application's page, for an application whose
// result passed its public notice. No letter yet: 起草责任书 for the programme's association. Drafting:
// the text in words, the fields the association may change, and 定稿并提交签署 (the content frozen, a
// verification code made, a to-do for each party). Signing: who has signed when, and 签署 for the party
// that may — the last signature approves the budget, starts the execution window and enters the award
// in the fund ledger, or is refused in words (e.g. not enough money left in the fund). Signed: the
// code, the day of the approval and the window's end, both signatures, the Word and PDF files.
// To-dos and the audit log link here with ?section=letter: the page scrolls to this section.
import { CheckCircleTwoTone, ClockCircleOutlined, DownloadOutlined, EditOutlined, LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Collapse, Descriptions, Empty, Grid, Modal, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSectionAnchor } from '../../shared/useSectionAnchor';
import { api, isApiError } from '../../shared/api';
import { can, useMe } from '../../shared/auth';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime, fmtYuan } from '../../shared/format';
import type { CapacityApplication } from '../../../contract/capacity-applications';
import type { CapacityLetter } from '../../../contract/capacity-letters';
import { chinaToday } from '../../../domain/calendar-day';
import { AuditTimeline } from '../audit/AuditTimeline';
import { APPLICATIONS_KEY, applicationKey, refusalOf } from '../capacity-applications/applicationShared';
import { LetterContentView } from './LetterContentView';
import { LetterEditForm } from './LetterEditForm';
import { LETTER_READERS, documentHint, letterPartyLabels, letterPartyOrder, mayDraftLetter, mayHaveLetter, otherParty, partyName, signingText } from './letterRules';

export const letterKey = (applicationId: string) => ['capacity-letters', 'of-application', applicationId] as const;

const statusColor: Record<CapacityLetter['status'], string> = { drafting: 'default', signing: 'processing', signed: 'green' };

export function LetterSection({ a }: { a: CapacityApplication }) {
  const { data: me } = useMe();
  const readable = !!me && LETTER_READERS.some((p) => can(me, p)) && mayHaveLetter(a.status);
  // the application says whether a letter exists: none yet → the draft offer, without asking for it
  const q = useQuery({
    queryKey: letterKey(a.id),
    enabled: readable && a.letterStatus !== null,
    queryFn: async ({ signal }): Promise<CapacityLetter | null> => {
      try {
        return await api<CapacityLetter>(`/capacity-applications/${a.id}/letter`, { signal });
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null; // no letter yet
        throw e;
      }
    },
  });
  // ?section=letter: once the letter is read (or there is none to read yet)
  const anchor = useSectionAnchor('letter', q.isSuccess || (readable && a.letterStatus === null));
  if (!readable) return null;
  if (q.isError && isApiError(q.error) && q.error.status === 403) return null;
  let body;
  if (a.letterStatus === null && !q.data) body = <NoLetter a={a} canDraft={mayDraftLetter(me, a)} />;
  else if (q.isLoading) body = <Card title="责任书"><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  else if (q.isError) body = <Card title="责任书"><QueryError error={q.error} onRetry={() => q.refetch()} compact /></Card>;
  else if (!q.data) body = <NoLetter a={a} canDraft={mayDraftLetter(me, a)} />;
  else body = <LetterCard a={a} letter={q.data} onRefresh={() => void q.refetch()} />;
  return (
    <div ref={anchor.ref} {...anchor.props}>
      {body}
    </div>
  );
}

/** After a write: the letter as answered, the application (funded after the last signature), to-dos and audit. */
function useLetterDone(a: CapacityApplication) {
  const qc = useQueryClient();
  return useCallback(
    (l: CapacityLetter | null) => {
      if (l) qc.setQueryData(letterKey(a.id), l);
      else void qc.invalidateQueries({ queryKey: letterKey(a.id) });
      void qc.invalidateQueries({ queryKey: applicationKey(a.id) });
      void qc.invalidateQueries({ queryKey: [APPLICATIONS_KEY] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity'] });
    },
    [qc, a.id],
  );
}

function NoLetter({ a, canDraft }: { a: CapacityApplication; canDraft: boolean }) {
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const done = useLetterDone(a);
  const draft = useMutation({
    mutationFn: () => api<CapacityLetter>(`/capacity-applications/${a.id}/letter`, { method: 'POST' }),
    onSuccess: (l) => {
      message.success(`${l.content.title}已起草，请核对内容后定稿`);
      done(l);
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'DUPLICATE') {
        done(null); // drafted meanwhile by a colleague: show it
        message.info(e.userMessage);
        return;
      }
      if (isApiError(e) && e.status === 409) {
        modal.error({ title: '未能起草责任书', content: <Refusal e={e} />, okText: '知道了' });
        return;
      }
      report(e, { action: '起草责任书' });
    },
  });
  return (
    <Card title="责任书">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          canDraft
            ? `评审结果经公示无异议。请起草与${a.societyName}签订的责任书：项目内容和预算取自申报书第 ${a.version} 版，资助金额为申报通知的资助标准 ${fmtYuan(a.awardFen)}，双方义务按方案参数写明；定稿后双方签署。`
            : `评审结果经公示无异议，待${a.associationName}起草责任书。定稿后，${a.associationName}和${a.societyName}分别签署。`
        }
      >
        {canDraft ? (
          <Button type="primary" icon={<EditOutlined />} loading={draft.isPending} onClick={() => draft.mutate()}>
            起草责任书
          </Button>
        ) : null}
      </Empty>
    </Card>
  );
}

/** A refusal in the server's words, with the clause it rests on when given (never a rule's id). */
function Refusal({ e }: { e: unknown }) {
  const r = refusalOf(e);
  if (!r) return null;
  return (
    <Space orientation="vertical" size={4}>
      <span>{r.detail}</span>
      {r.clause && !r.detail.includes(r.clause) ? <Typography.Text type="secondary">依据：{r.clause}</Typography.Text> : null}
    </Space>
  );
}

function LetterCard({ a, letter, onRefresh }: { a: CapacityApplication; letter: CapacityLetter; onRefresh: () => void }) {
  const { data: me } = useMe();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const done = useLetterDone(a);
  const [dirty, setDirty] = useState(false);
  const [signing, setSigning] = useState(false);
  // the form starts afresh with every version of the letter (saved here, or refreshed after a conflict)
  useEffect(() => setDirty(false), [letter.rowVersion]);
  const title = letter.content.title;
  const editing = letter.actions.includes('edit');
  const freeze = useMutation({
    mutationFn: () => api<CapacityLetter>(`/capacity-letters/${letter.id}/freeze`, { method: 'POST', body: { rowVersion: letter.rowVersion } }),
    onSuccess: (l) => {
      message.success(`${title}已定稿，已通知双方签署`);
      done(l);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409 && e.code !== 'CONFLICT') {
        onRefresh();
        modal.error({ title: '未能定稿', content: <Refusal e={e} />, okText: '知道了' });
        return;
      }
      report(e, { action: '定稿', onRefresh });
    },
  });
  const askFreeze = () =>
    modal.confirm({
      title: `定稿并提交签署？`,
      width: screens.md ? 560 : undefined,
      icon: <LockOutlined />,
      content: (
        <Space orientation="vertical" size={6}>
          <span>定稿后{title}的内容即被冻结，甲乙双方都不能再修改，补充条款、负责人和联系人也不能再改。</span>
          <span>平台为冻结的内容生成校验码（印在文件每页页脚，供公众核验），并向{partyName(letter, 'association')}和{partyName(letter, 'society')}发出签署待办。</span>
          <span>双方各自以本单位电子签章签署；双方签署完毕，预算即按责任书批复，执行期限开始计算，资助金额 {fmtYuan(letter.awardFen)} 记入资金台账。</span>
        </Space>
      ),
      okText: '定稿并提交签署',
      cancelText: '取消',
      onOk: () => freeze.mutateAsync().catch(() => undefined),
    });
  const canSign = letter.actions.includes('sign');
  const items = [
    ...(editing
      ? [{ key: 'edit', label: <strong>可修改的内容</strong>, children: <LetterEditForm key={letter.rowVersion} letter={letter} onDirty={setDirty} onSaved={(l) => { setDirty(false); done(l); }} onRefresh={onRefresh} /> }]
      : []),
    { key: 'content', label: <strong>{`${title}全文`}</strong>, children: <LetterContentView letter={letter} /> },
    ...(can(me, 'audit.read') ? [{ key: 'audit', label: <strong>变更记录</strong>, children: <AuditTimeline entityType="capacity_letter" entityId={letter.id} /> }] : []),
  ];
  return (
    <Card
      title={
        <Space wrap>
          <span>{title}</span>
          <Tag color={statusColor[letter.status]}>{letter.statusLabel}</Tag>
        </Space>
      }
      // on a phone the buttons go into the body: beside them the header leaves the title no room
      extra={screens.md ? <DocumentButtons letter={letter} /> : null}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <LetterNextStep letter={letter} dirty={dirty} />
        {editing || canSign ? (
          <Space wrap>
            {editing ? (
              <Button type="primary" icon={<LockOutlined />} onClick={askFreeze} loading={freeze.isPending} disabled={dirty}>
                定稿并提交签署
              </Button>
            ) : null}
            {editing && dirty ? <Typography.Text type="warning">有未保存的修改：请先点击“保存修改”，再定稿</Typography.Text> : null}
            {canSign ? (
              <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setSigning(true)}>
                以{letterPartyLabels[letter.myParty!]}身份签署
              </Button>
            ) : null}
          </Space>
        ) : null}
        {letter.status !== 'drafting' ? <Signatures letter={letter} /> : null}
        {letter.status === 'signed' ? <SignedFacts letter={letter} /> : letter.verificationCode ? <CodeLine letter={letter} /> : null}
        {screens.md ? null : <DocumentButtons letter={letter} />}
        <Collapse defaultActiveKey={editing ? ['edit', 'content'] : letter.status === 'signed' ? [] : ['content']} items={items} />
      </Space>
      {signing ? <SignModal letter={letter} onClose={() => setSigning(false)} onDone={done} onRefresh={onRefresh} /> : null}
    </Card>
  );
}

/** Where the letter stands and what the user does next. */
function LetterNextStep({ letter, dirty }: { letter: CapacityLetter; dirty: boolean }) {
  const title = letter.content.title;
  const mine = letter.myParty;
  if (letter.status === 'drafting') {
    if (letter.actions.includes('edit')) {
      return (
        <Alert
          type="info"
          showIcon
          title="起草中：请核对内容，补充可修改的内容后定稿"
          description={`项目内容、预算和资助金额取自申报书和申报通知，双方的责任和义务按方案参数写明。${dirty ? '修改后请先保存。' : ''}定稿后内容冻结，提交双方签署。`}
        />
      );
    }
    return <Alert type="info" showIcon title={`${letter.parties.association.orgName}正在起草${title}`} description={mine === 'society' ? '定稿后本单位将收到签署待办。' : '定稿后由双方签署。'} />;
  }
  if (letter.status === 'signing') {
    const signed = new Set(letter.signatures.map((s) => s.party));
    if (letter.actions.includes('sign')) {
      return <Alert type="warning" showIcon title={`请签署${title}`} description="内容已定稿冻结。请阅读下方全文，确认无误后点击签署。" />;
    }
    if (mine && signed.has(mine)) {
      return <Alert type="info" showIcon title={`本单位已签署，等待${partyName(letter, otherParty(mine))}签署`} description={`双方签署完毕，${title}生效：预算批复，执行期限开始计算，资助金额记入资金台账。`} />;
    }
    const waiting = letterPartyOrder.filter((p) => !signed.has(p)).map((p) => partyName(letter, p));
    return <Alert type="info" showIcon title={`已定稿，待${waiting.join('和')}签署`} />;
  }
  return (
    <Alert
      type="success"
      showIcon
      title={`${title}已签署生效`}
      description={`预算于 ${fmtDate(letter.approvedOn)} 按责任书批复，执行期限至 ${fmtDate(letter.windowEndsOn)}；资助金额 ${fmtYuan(letter.awardFen)} 已记入“${letter.content.fund.name}”的资金台账。`}
    />
  );
}

function DocumentButtons({ letter }: { letter: CapacityLetter }) {
  const hint = documentHint(letter.status);
  return (
    <Space wrap>
      <Button size="small" icon={<DownloadOutlined />} href={`/api/v1/capacity-letters/${letter.id}/document?format=docx`}>
        下载 Word{hint}
      </Button>
      <Button size="small" icon={<DownloadOutlined />} href={`/api/v1/capacity-letters/${letter.id}/document?format=pdf`}>
        下载 PDF{hint}
      </Button>
    </Space>
  );
}

/** Both parties: signed (signer, time) or waiting. */
function Signatures({ letter }: { letter: CapacityLetter }) {
  const items = letterPartyOrder.map((party) => {
    const s = letter.signatures.find((x) => x.party === party);
    return {
      title: `${letterPartyLabels[party]}${letter.myParty === party ? '（本单位）' : ''}`,
      status: s ? ('finish' as const) : ('process' as const),
      icon: s ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />,
      content: (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{letter.parties[party].orgName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s ? `${fmtDateTime(s.signedAt)} 签署（经办人 ${s.signerName}）` : '待签署'}
          </Typography.Text>
        </Space>
      ),
    };
  });
  return <Steps items={items} size="small" aria-label="签署情况" />;
}

function CodeLine({ letter }: { letter: CapacityLetter }) {
  return (
    <Typography.Text type="secondary">
      校验码 <Typography.Text copyable strong style={{ fontFamily: 'monospace' }}>{letter.verificationCode}</Typography.Text>（定稿时生成，印在文件每页页脚；双方签署完毕后可在门户网站核验）
    </Typography.Text>
  );
}

function SignedFacts({ letter }: { letter: CapacityLetter }) {
  const code = letter.verificationCode ?? '';
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      items={[
        {
          key: 'code',
          label: '校验码',
          children: (
            <Space wrap size={8}>
              <Typography.Text copyable strong style={{ fontFamily: 'monospace', fontSize: 15 }}>
                {code}
              </Typography.Text>
              <a href={`/portal/verify?code=${encodeURIComponent(code)}`} target="_blank" rel="noreferrer">
                <SafetyCertificateOutlined /> 在门户网站核验
              </a>
            </Space>
          ),
        },
        { key: 'award', label: '资助金额', children: fmtYuan(letter.awardFen) },
        { key: 'approved', label: '预算批复日期', children: fmtDate(letter.approvedOn) },
        { key: 'window', label: '执行期限', children: `${fmtDate(letter.approvedOn)} 至 ${fmtDate(letter.windowEndsOn)}（${letter.content.executionWindowMonths} 个月）` },
      ]}
    />
  );
}

function SignModal({ letter, onClose, onDone, onRefresh }: { letter: CapacityLetter; onClose: () => void; onDone: (l: CapacityLetter) => void; onRefresh: () => void }) {
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const [refused, setRefused] = useState<unknown>(null);
  const text = signingText(letter, chinaToday());
  const sign = useMutation({
    mutationFn: () => api<CapacityLetter>(`/capacity-letters/${letter.id}/sign`, { method: 'POST', body: { rowVersion: letter.rowVersion } }),
    onSuccess: (l) => {
      message.success(l.status === 'signed' ? `双方已签署，${l.content.title}生效，预算已批复` : '已签署，等待对方签署');
      onClose();
      onDone(l);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409 && e.code !== 'CONFLICT') {
        // a refusal (the fund ledger, a signature already given): kept in the dialog, in words
        setRefused(e);
        onRefresh();
        return;
      }
      onClose();
      report(e, { action: '签署', onRefresh });
    },
  });
  return (
    <Modal
      open
      title={`签署${letter.content.title}`}
      width={screens.md ? 580 : undefined}
      okText={refused ? undefined : `签署${letter.content.title}`}
      cancelText={refused ? '关闭' : '取消'}
      okButtonProps={{ loading: sign.isPending, style: refused ? { display: 'none' } : undefined }}
      onOk={() => sign.mutate()}
      onCancel={onClose}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {refused ? (
          <Alert
            type="error"
            showIcon
            title="未能签署：本次签署没有生效"
            description={
              <Space orientation="vertical" size={4}>
                <Refusal e={refused} />
                <Typography.Text type="secondary">责任书内容和签署情况没有变化；问题解决后可以再次签署。</Typography.Text>
              </Space>
            }
          />
        ) : null}
        <Typography.Paragraph style={{ margin: 0 }}>{text.intro}</Typography.Paragraph>
        <div>
          {text.effects.map((t, i) => (
            <Typography.Paragraph key={i} style={{ margin: '0 0 4px' }} strong={text.last && i === 0}>
              {text.last && i > 0 ? `· ${t}` : t}
            </Typography.Paragraph>
          ))}
        </div>
      </Space>
    </Modal>
  );
}
