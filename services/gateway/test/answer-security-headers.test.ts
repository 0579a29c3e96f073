import { describe, expect, it } from 'vitest';
import { rendersAsDocument } from '../src/security/answer-security-headers.js';

describe('which answers get the document set of security headers', () => {
  it('treats JSON, problem details, other +json types and event streams as data', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/problem+json; charset=utf-8',
      'application/vnd.emporium+json',
      'text/event-stream',
    ]) {
      expect(rendersAsDocument(type), type).toBe(false);
    }
  });

  it('treats an answer without a content type (an empty 204 or 304) as data', () => {
    expect(rendersAsDocument(undefined)).toBe(false);
  });

  it('treats anything a browser may render or run as a document', () => {
    for (const type of [
      'text/html; charset=utf-8',
      'image/svg+xml',
      'application/xml',
      'application/xhtml+xml',
      'text/javascript',
      'text/css',
      'text/plain',
      'application/octet-stream',
      // Not JSON merely for mentioning it.
      'application/jsonp',
      'text/json-ish',
    ]) {
      expect(rendersAsDocument(type), type).toBe(true);
    }
  });
});
