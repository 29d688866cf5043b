// Where the CSAT survey link of a solved-ticket e-mail lands, signed out (issue 19 §7; like
// /unsubscribe). The link's token is the credential: the page shows the ticket's subject only, and
// opening it changes nothing (mail scanners open links); the customer picks a rating, may add a
// comment, and sends it with a button. A bad, tampered or expired link gets the catalogue's title
// for support.invalid_survey_link and nothing else. The link takes the first answer and at most 2
// changes (support_survey's changes_left): a rated survey offers *Change my answer* while changes are
// left; past the limit the server refuses with support.survey_answer_limit (its title is shown).
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Input, Layout, Rate, Result, Space, Spin, Typography } from 'antd';
import { SmileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { describeError } from '../../lib/errors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import type { RpcRow } from '../../types/rows';

/** Characters of a comment (support_limit('csat_comment') in the database). */
const COMMENT_MAX = 2000;

export function CsatSurveyPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [changing, setChanging] = useState(false);
  const survey = useRpcQuery<RpcRow<'support_survey'>[]>('support_survey', { p_token: token }, { enabled: !!token, retry: false });
  const rate = useRpcMutation<void, void>(() => ({
    fn: 'rate_support_ticket_by_token', args: { p_token: token, p_rating: rating, p_comment: comment.trim() || null },
  }), { silentError: true });
  const send = () => rate.mutate(undefined, { onSuccess: () => setChanging(false) });
  const ticket = survey.data?.[0];
  const ratingLabels = [1, 2, 3, 4, 5].map((n) => t(`support.csat_survey.ratings.${n}`));

  let body: ReactNode;
  if (!token) {
    body = <Typography.Text type="danger" data-testid="csat-no-token">{t('support.csat_survey.no_token')}</Typography.Text>;
  } else if (survey.isLoading) {
    body = <Spin />;
  } else if (survey.error || !ticket) {
    body = <div data-testid="csat-invalid"><Result status="warning" title={describeError(survey.error, t).title} /></div>;
  } else if ((rate.isSuccess || ticket.rated) && !changing) {
    const changesLeft = ticket.changes_left ?? 0;
    body = (
      <div data-testid="csat-done" data-changes-left={changesLeft}>
        <Result status="success" title={t(rate.isSuccess ? 'support.csat_survey.done' : 'support.csat_survey.already_rated')}
          subTitle={t('support.csat_survey.done_note')}
          extra={ticket.rated && changesLeft > 0 && !survey.isFetching ? (
            <Space direction="vertical" size={4}>
              <Button data-testid="csat-change" onClick={() => { rate.reset(); setRating(ticket.rating ?? 0); setChanging(true); }}>
                {t('support.csat_survey.change')}
              </Button>
              <Typography.Text type="secondary" data-testid="csat-changes-left">{t('support.csat_survey.changes_left', { count: changesLeft })}</Typography.Text>
            </Space>
          ) : undefined} />
      </div>
    );
  } else {
    body = (
      <>
        <div>
          <Typography.Text type="secondary">{t('support.csat_survey.ticket')}</Typography.Text>
          <Typography.Paragraph strong style={{ marginBottom: 0, overflowWrap: 'anywhere' }} data-testid="csat-subject">{ticket.subject}</Typography.Paragraph>
        </div>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t('support.csat_survey.question')}</Typography.Paragraph>
        <Space direction="vertical" size={4}>
          <div data-testid="csat-rating"><Rate value={rating} onChange={setRating} tooltips={ratingLabels} style={{ fontSize: 32 }} /></div>
          <Typography.Text type="secondary" data-testid="csat-rating-label">{rating ? ratingLabels[rating - 1] : t('support.csat_survey.pick')}</Typography.Text>
        </Space>
        <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={COMMENT_MAX} showCount
          autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('support.csat_survey.comment')} aria-label={t('support.csat_survey.comment')}
          data-testid="csat-comment" />
        {rate.error && <Alert type="error" showIcon message={describeError(rate.error, t).title} data-testid="csat-error" />}
        <Button type="primary" block disabled={!rating} loading={rate.isPending} onClick={send} data-testid="csat-submit">
          {t('support.csat_survey.submit')}
        </Button>
      </>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', background: '#f0f5f3' }}>
      <Card style={{ width: 480, maxWidth: '92vw' }} data-testid="csat-card">
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Title level={4} style={{ margin: 0 }}><SmileOutlined /> {t('support.csat_survey.title')}</Typography.Title>
            <LanguageSwitch />
          </Space>
          {body}
        </Space>
      </Card>
    </Layout>
  );
}
