// Which security headers an answer needs depends on what a browser does with it. Most of helmet's
// set (the full Content-Security-Policy, X-Frame-Options' older cousins, Cross-Origin-Opener-
// Policy, Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-
// Domain-Policies, Referrer-Policy, X-XSS-Protection) governs a page the browser renders: what
// it may load, run, frame, link to. JSON an API answers is never rendered, so those headers only
// cost bytes and time on the gateway's busiest path. OWASP's REST Security Cheat Sheet lists what
// API answers should carry; this set follows it:
//   - X-Content-Type-Options: nosniff, so no browser sniffs JSON into HTML or script;
//   - Content-Security-Policy: frame-ancestors 'none' and X-Frame-Options: DENY, against
//     drag-and-drop clickjacking of an answer opened in a frame;
//   - Cross-Origin-Resource-Policy: same-site, so another site cannot pull an answer into its
//     own process with a no-cors load (Spectre-style reads);
//   - Strict-Transport-Security over TLS (added with either set, security-headers.ts).
// The cheat sheet's Cache-Control: no-store is left to each service: catalog reads are meant to
// be cached (the edge cache and browsers), and services mark private answers themselves.
// Anything a browser may render (HTML, SVG, XML, scripts, styles, text, images) keeps the full
// document set: only answers known to be data drop it.

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-site',
});

/** The media types of data answers: JSON (plain, problem details, other +json) and event streams. */
function isDataType(mediaType: string): boolean {
  return (
    mediaType === 'application/json' ||
    mediaType === 'text/event-stream' ||
    (mediaType.startsWith('application/') && mediaType.endsWith('+json'))
  );
}

/**
 * False only for data answers and answers without a content type (an empty 204 or 304 renders
 * nothing); true for anything else, which a browser may show as a page or run.
 */
export function rendersAsDocument(contentType: unknown): boolean {
  if (contentType === undefined) return false;
  const text = String(contentType);
  const end = text.indexOf(';');
  return !isDataType((end === -1 ? text : text.slice(0, end)).trim().toLowerCase());
}
