// The browsable API reference: Swagger UI (swagger-ui-dist), its files served from this gateway
// so the page makes no request to another host and fits the `script-src 'self'` policy (the
// start-up script is a file too, never inline).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const DOCS_JSON_PATH = '/api/docs.json';
export const DOCS_ASSETS_PATH = '/api/docs/assets';

const require = createRequire(import.meta.url);
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

export interface DocsAsset {
  body: Buffer;
  type: string;
}

const START_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_JSON_PATH}',
    dom_id: '#api-reference',
    deepLinking: true,
    docExpansion: 'none',
    tryItOutEnabled: false,
    persistAuthorization: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Emporium API reference</title>
  <link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_ASSETS_PATH}/favicon-32x32.png">
</head>
<body>
  <noscript>This page needs JavaScript. The OpenAPI document itself is at <a href="${DOCS_JSON_PATH}">${DOCS_JSON_PATH}</a>.</noscript>
  <div id="api-reference"></div>
  <script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_ASSETS_PATH}/start.js"></script>
</body>
</html>
`;

const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** The page and its files, read once when the gateway starts. */
export async function loadDocsPage(): Promise<{ html: string; assets: Map<string, DocsAsset> }> {
  const assets = new Map<string, DocsAsset>();
  for (const [name, type] of Object.entries(FILES)) {
    assets.set(name, { body: await readFile(join(SWAGGER_UI_DIR, name)), type });
  }
  assets.set('start.js', { body: Buffer.from(START_SCRIPT), type: 'text/javascript; charset=utf-8' });
  return { html: PAGE, assets };
}

/**
 * Whether the client asked for HTML before JSON (a browser's address bar does; fetch, curl and
 * the API client generator send `*∕*` or `application/json` and keep getting the JSON document).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = (type: string) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = q ? Number(q.slice(2)) : 1;
      const [major] = type.split('/');
      const matches = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
      if (matches >= 0 && Number.isFinite(value) && (best < 0 || matches > 0)) best = Math.max(best, value);
    }
    return best;
  };
  const html = quality('text/html');
  return html > 0 && html > quality('application/json');
}
