// HTTP bodies of the shop's content pages (about, shipping, returns, …): Markdown an admin writes,
// served with the safe HTML it renders to.
import { type Static, Type } from '@sinclair/typebox';

/** Lower-case words joined by dashes: it is the page's URL, /pages/<slug>. */
export const PageSlug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 1, maxLength: 60 });

export const ContentPage = Type.Object({
  slug: PageSlug,
  title: Type.String(),
  /** Markdown as the admin wrote it. */
  body: Type.String(),
  /** `body` rendered; raw HTML in the Markdown is escaped and links are limited to safe schemes. */
  html: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ContentPage = Static<typeof ContentPage>;

export const ContentPageSummary = Type.Object({ slug: PageSlug, title: Type.String() });
export const ContentPageList = Type.Object({ items: Type.Array(ContentPageSummary) });

export const ContentPageWrite = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
    body: Type.String({ minLength: 1, maxLength: 50_000 }),
    /** The version read: a page someone changed since is a 409. Left out: create only (409 if it exists). */
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);
export type ContentPageWrite = Static<typeof ContentPageWrite>;
