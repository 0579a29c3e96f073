// @vitest-environment jsdom
// index.html carries the app's frame as static HTML (painted before any JavaScript runs); React's
// first render replaces it. The two must be alike, element for element, or the page jumps (layout
// shift) and the logo changes the moment the app starts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, render } from '@testing-library/react';
import { lazy } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { AppProviders } from '../src/app/AppProviders';
import { createQueryClient } from '../src/app/query-client';
import { Shell } from '../src/layout/Shell';
import { fakeGateway } from './support/fake-gateway';

afterEach(cleanup);

/** Tag and classes of every element; an SVG's drawing attributes too (the logo and icons). */
function skeleton(element: Element): string {
  const classes = [...element.classList].sort().join('.');
  const drawing =
    element.namespaceURI === 'http://www.w3.org/2000/svg'
      ? [...element.attributes]
          .filter((attribute) => attribute.name !== 'aria-hidden')
          .map((attribute) => `${attribute.name}=${attribute.value}`)
          .sort()
          .join(' ')
      : '';
  const children = [...element.children].map(skeleton).join('');
  return `<${element.tagName.toLowerCase()}${classes ? `.${classes}` : ''}${drawing ? ` ${drawing}` : ''}>${children}</>`;
}

function staticShell(): Element {
  const html = readFileSync(resolve(import.meta.dirname, '../index.html'), 'utf8');
  const root = new DOMParser().parseFromString(html, 'text/html').getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  return root;
}

describe('the static frame in index.html', () => {
  it('is what React renders while the session, regions, categories and page are loading', () => {
    // Nothing answers: the header stays in its loading state, as on a first visit.
    const silent = fakeGateway(new Proxy({}, { get: () => () => new Promise<Response>(() => {}) }));
    const NeverLoads = lazy(() => new Promise<{ default: () => null }>(() => {}));
    const { container } = render(
      <AppProviders client={silent.client} queryClient={createQueryClient()}>
        <MemoryRouter>
          <Shell>
            <NeverLoads />
          </Shell>
        </MemoryRouter>
      </AppProviders>,
    );
    const rendered = [...container.children].filter((element) => !element.matches('footer'));
    const written = [...staticShell().children];
    expect(written.map(skeleton)).toEqual(rendered.map(skeleton));
    expect(staticShell().querySelector('.brand')?.textContent?.trim()).toBe(
      container.querySelector('.brand')?.textContent,
    );
    expect(staticShell().querySelector('main')?.textContent?.trim()).toBe(
      container.querySelector('main')?.textContent,
    );
  });

  it('searches without JavaScript: the form asks /search?q= like the app does', () => {
    const form = staticShell().querySelector<HTMLFormElement>('form.search-form');
    expect(form?.getAttribute('action')).toBe('/search');
    expect(form?.querySelector('input')?.getAttribute('name')).toBe('q');
  });
});
