// How a receiver verifies a delivery's signature (Standard Webhooks): with the `standardwebhooks`
// npm package, or by hand with node:crypto. The code stays left-to-right in Arabic too.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const STANDARDWEBHOOKS_SAMPLE = `import { Webhook } from 'standardwebhooks';

// rawBody: the request body exactly as received (a string or Buffer, not re-serialized JSON)
const wh = new Webhook(process.env.CMX_WEBHOOK_SECRET); // whsec_…
const event = wh.verify(rawBody, {
  'webhook-id': req.headers['webhook-id'],
  'webhook-timestamp': req.headers['webhook-timestamp'],
  'webhook-signature': req.headers['webhook-signature'],
}); // throws on a bad signature or a timestamp more than 5 minutes off
// deduplicate on webhook-id: a retry or replay keeps the same id`;

export const NODE_CRYPTO_SAMPLE = `import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyCleanMateX(secret, headers, rawBody) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  // refuse old or future timestamps (replay protection): 5 minutes either way
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(\`\${id}.\${timestamp}.\${rawBody}\`).digest();
  // "v1,<base64> v1,<base64>": during a secret rotation two signatures are sent; one is enough
  return String(headers['webhook-signature']).split(' ').some((part) => {
    const [version, sig] = part.split(',');
    const given = Buffer.from(sig ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}`;

export function VerifySignature() {
  const { t } = useTranslation();
  const code = (text: string, testid: string) => (
    <pre dir="ltr" data-testid={testid} style={{ textAlign: 'left', overflow: 'auto', background: 'rgba(0,0,0,0.04)', padding: 12, borderRadius: 6, fontSize: 12 }}>
      <Typography.Text copyable={{ text }} style={{ float: 'right' }} />{text}
    </pre>
  );
  return (
    <Typography data-testid="verify-signature">
      <Typography.Title level={4}>{t('integrations.verify.title')}</Typography.Title>
      <Typography.Paragraph>{t('integrations.verify.intro')}</Typography.Paragraph>
      <ul>
        <li><Typography.Text code dir="ltr">webhook-id</Typography.Text> — {t('integrations.verify.id')}</li>
        <li><Typography.Text code dir="ltr">webhook-timestamp</Typography.Text> — {t('integrations.verify.timestamp')}</li>
        <li><Typography.Text code dir="ltr">webhook-signature</Typography.Text> — {t('integrations.verify.signature')}</li>
      </ul>
      <Typography.Title level={5}>{t('integrations.verify.library')}</Typography.Title>
      {code(STANDARDWEBHOOKS_SAMPLE, 'verify-standardwebhooks')}
      <Typography.Title level={5}>{t('integrations.verify.by_hand')}</Typography.Title>
      {code(NODE_CRYPTO_SAMPLE, 'verify-node-crypto')}
    </Typography>
  );
}
