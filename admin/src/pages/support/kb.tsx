// Knowledge-base editor: articles with their category, published version and pending draft; search
// in both languages (search_kb); an editor with English and Arabic side by side (the Arabic right to
// left), save the draft, publish it as the next version, or take the article offline.
import { List } from '@refinedev/antd';
import { useList } from '@refinedev/core';
import { Alert, Button, Col, Drawer, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { validValues } from '../../lib/forms';
import { formatDateTime, formatNumber, localName } from '../../lib/format';
import { useRpcMutation, useRpcQuery } from '../../lib/useRpc';
import { Ellipsis } from '../../components/Ellipsis';
import type { KbHitRow, SupportKbArticleRow } from '../../types/rows';
import { useSupportWrite } from './common';

const KB_CATEGORIES = ['general', 'billing', 'orders', 'technical', 'account', 'hardware'];
const one = <T,>(x: T | T[] | null | undefined): T | null => (Array.isArray(x) ? x[0] ?? null : x ?? null);

function ArticleEditor({ article, onClose }: { article: SupportKbArticleRow | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const canWrite = useSupportWrite();
  const save = useRpcMutation('save_kb_draft', { successKey: 'support.kb.saved' });
  const publish = useRpcMutation('publish_kb_article', { successKey: 'support.kb.published' });
  const unpublish = useRpcMutation('unpublish_kb_article', { successKey: 'support.kb.unpublished' });
  const existing = article && article !== 'new' ? article : null;
  const draft = one(existing?.draft);
  const text = draft ?? (existing?.title ? { title: existing.title, body: existing.body } : null);
  const initial = {
    slug: existing?.slug, category: existing?.category ?? 'general',
    title_en: text?.title?.en, title_ar: text?.title?.ar, body_en: text?.body?.en, body_ar: text?.body?.ar,
  };
  const saveDraft = async (then?: () => void) => {
    const v = await validValues(form);
    if (!v) return;
    save.mutate({ slug: v.slug.trim(), category: v.category, title: { en: v.title_en.trim(), ar: v.title_ar.trim() },
      body: { en: v.body_en.trim(), ar: v.body_ar.trim() } }, { onSuccess: () => (then ? then() : onClose()) });
  };
  const required = (key: string) => [{ required: true, whitespace: true, message: t(key) }];
  return (
    <Drawer open={!!article} onClose={onClose} width="min(960px, 100vw)" destroyOnHidden data-testid="kb-editor"
      title={existing ? existing.slug : t('support.kb.new')}
      extra={canWrite && (
        <Space wrap>
          {existing?.published_at && (
            <Popconfirm title={t('support.kb.unpublish_confirm')} onConfirm={() => unpublish.mutate({ slug: existing.slug }, { onSuccess: onClose })}
              okText={t('common.confirm')} cancelText={t('buttons.cancel')}>
              <Button danger data-testid="kb-unpublish" loading={unpublish.isPending}>{t('support.kb.unpublish')}</Button>
            </Popconfirm>
          )}
          <Button onClick={() => saveDraft()} loading={save.isPending} data-testid="kb-save">{t('support.kb.save_draft')}</Button>
          <Button type="primary" loading={publish.isPending} data-testid="kb-publish"
            onClick={() => saveDraft(() => publish.mutate({ slug: form.getFieldValue('slug').trim() }, { onSuccess: onClose }))}>
            {t('support.kb.publish')}
          </Button>
        </Space>
      )}>
      {existing && draft && existing.published_at && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('support.kb.draft_pending')} />}
      <Form form={form} layout="vertical" initialValues={initial} disabled={!canWrite} preserve={false}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="slug" label={t('support.kb.slug')} extra={t('support.kb.slug_hint')}
              rules={[{ required: true, pattern: /^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$/, message: t('support.validation.slug') }]}>
              <Input dir="ltr" disabled={!!existing} data-testid="kb-slug" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="category" label={t('support.fields.category')}>
              <Select data-testid="kb-category" options={KB_CATEGORIES.map((c) => ({ value: c, label: t(`support.kb.categories.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Typography.Title level={5}>English</Typography.Title>
            <Form.Item name="title_en" label={t('support.kb.title_field')} rules={required('support.validation.bilingual')}>
              <Input dir="ltr" maxLength={200} data-testid="kb-title-en" />
            </Form.Item>
            <Form.Item name="body_en" label={t('support.kb.body_field')} rules={required('support.validation.bilingual')}>
              <Input.TextArea dir="ltr" rows={12} maxLength={50000} data-testid="kb-body-en" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Typography.Title level={5}>العربية</Typography.Title>
            <Form.Item name="title_ar" label={t('support.kb.title_field')} rules={required('support.validation.bilingual')}>
              <Input dir="rtl" maxLength={200} data-testid="kb-title-ar" />
            </Form.Item>
            <Form.Item name="body_ar" label={t('support.kb.body_field')} rules={required('support.validation.bilingual')}>
              <Input.TextArea dir="rtl" rows={12} maxLength={50000} data-testid="kb-body-ar" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}

export function KnowledgeBase() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const canWrite = useSupportWrite();
  const [editing, setEditing] = useState<SupportKbArticleRow | 'new' | null>(null);
  const [category, setCategory] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const { result, query: q } = useList<SupportKbArticleRow>({ resource: 'support_kb_articles', pagination: { mode: 'off' },
    filters: category ? [{ field: 'category', operator: 'eq', value: category }] : [],
    sorters: [{ field: 'slug', order: 'asc' }],
    meta: { select: 'id,slug,category,title,body,version,published_at,helpful,not_helpful,draft:support_kb_drafts(title,body,updated_at)' } });
  const search = useRpcQuery<KbHitRow[]>('search_kb', { query: query.trim(), max_results: 50 }, { enabled: query.trim().length > 0 });
  const hits = query.trim() ? new Set((search.data ?? []).map((h) => h.id)) : null;
  const rows = (result?.data ?? []).filter((a) => !hits || hits.has(a.id));
  const title = (a: SupportKbArticleRow) => localName(a.title ?? one(a.draft)?.title, lang) || a.slug;
  return (
    <List title={t('support.kb.title')} headerButtons={canWrite ? [
      <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="kb-new">{t('support.kb.new')}</Button>] : []}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('support.kb.search')} prefix={<SearchOutlined />} style={{ width: 320, maxWidth: '100%' }}
          onSearch={setQuery} data-testid="kb-search" enterButton />
        <Select allowClear placeholder={t('support.fields.category')} style={{ width: 200 }} value={category} onChange={setCategory}
          options={KB_CATEGORIES.map((c) => ({ value: c, label: t(`support.kb.categories.${c}`) }))} data-testid="kb-filter-category" />
        {hits && <Typography.Text type="secondary" data-testid="kb-hits">{t('support.kb.hits', { n: formatNumber(hits.size, lang) })}</Typography.Text>}
      </Space>
      <Table<SupportKbArticleRow> rowKey="id" size="small" loading={q.isLoading} dataSource={rows} data-testid="kb-table" scroll={{ x: 700 }}
        onRow={(a) => ({ onClick: () => setEditing(a), style: { cursor: 'pointer' }, 'data-testid': `kb-row-${a.slug}` } as any)}
        columns={[
          { title: t('support.kb.title_field'), key: 'title', render: (_, a) => <Ellipsis text={title(a)} width={320} /> },
          { title: t('support.fields.category'), dataIndex: 'category', width: 140, render: (c: string) => t(`support.kb.categories.${c}`, c) },
          { title: t('support.kb.state'), key: 'state', width: 200, render: (_, a) => (
            <Space size={4} wrap>
              {a.published_at ? <Tag color="green" data-testid={`kb-state-${a.slug}`}>{t('support.kb.published_v', { v: formatNumber(a.version, lang) })}</Tag>
                : <Tag data-testid={`kb-state-${a.slug}`}>{t('support.kb.unpublished_state')}</Tag>}
              {one(a.draft) && <Tag color="gold">{t('support.kb.draft')}</Tag>}
            </Space>) },
          { title: t('support.kb.helpful'), key: 'helpful', width: 120, render: (_, a) => `${formatNumber(a.helpful, lang)} / ${formatNumber(a.not_helpful, lang)}` },
          { title: t('support.fields.updated'), dataIndex: 'published_at', width: 180, render: (d: string | null) => formatDateTime(d, lang) },
        ]} />
      <ArticleEditor article={editing} onClose={() => setEditing(null)} />
    </List>
  );
}
