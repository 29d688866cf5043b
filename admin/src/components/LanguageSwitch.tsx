import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../providers/i18n';
import type { Lang } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented
      data-testid="language-switch"
      size="small"
      value={i18n.language}
      onChange={(v) => void setLanguage(v as Lang)}
      options={[
        { label: <span data-testid="lang-en">{t('common.languages.en')}</span>, value: 'en' },
        { label: <span data-testid="lang-ar">{t('common.languages.ar')}</span>, value: 'ar' },
      ]}
    />
  );
}
