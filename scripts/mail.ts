// `npm run mail`: the e-mails the running embedded platform "sent" (kept in its SMTP sink).
//   npm run mail              the latest 20
//   npm run mail -- <id>      one mail in full (plain text)
// Signs in as the admin that `npm start` created (its credentials are beside the data), at the
// address the platform using that data recorded (EMPORIUM_PORT_BASE, when given, wins).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { recordedGatewayAddress } from '../apps/embedded/src/gateway-address.js';

const root = new URL('..', import.meta.url).pathname;
const dataDir = resolve(process.env.EMPORIUM_DATA_DIR ?? `${root}.data`);
const origin = process.env.EMPORIUM_PORT_BASE
  ? `http://127.0.0.1:${process.env.EMPORIUM_PORT_BASE}`
  : (recordedGatewayAddress(dataDir) ?? 'http://127.0.0.1:8080');
const gateway = `${origin}/api/v1`;

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${gateway}${path}`, init).catch(() => {
    throw new Error(`the platform does not answer at ${gateway}; start it with npm start`);
  });
  const body = (await response.json()) as { detail?: string; title?: string };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body.detail ?? body.title ?? ''}`);
  return body as T;
}

try {
  const admin = JSON.parse(readFileSync(`${dataDir}/admin-credentials.json`, 'utf8'));
  const { accessToken } = await call<{ accessToken: string }>('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const headers = { authorization: `Bearer ${accessToken}` };
  const id = process.argv[2];
  if (id) {
    const mail = await call<{ to: string[]; subject: string; createdAt: string; text: string }>(
      `/admin/notifications/outbox-mail/${id}`,
      { headers },
    );
    console.log(
      `To: ${mail.to.join(', ')}\nSubject: ${mail.subject}\nDate: ${mail.createdAt}\n\n${mail.text}`,
    );
  } else {
    const page = await call<{ items: { id: string; to: string[]; subject: string; createdAt: string }[] }>(
      '/admin/notifications/outbox-mail?limit=20',
      { headers },
    );
    if (page.items.length === 0) console.log('No e-mail sent yet.');
    for (const mail of page.items)
      console.log(`${mail.createdAt}  ${mail.id}  ${mail.to.join(', ')}  ${mail.subject}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
