// What every template produces, and what it is given besides the event's data.
export interface TemplateContext {
  shopName: string;
  /** Base URL of the web shop, for links in mails (no trailing slash). */
  webUrl: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** The in-app feed entry; link is a path in the web app. */
export interface FeedEntry {
  title: string;
  body: string;
  link: string | null;
}

export interface RenderedNotice {
  mail: RenderedMail;
  /** Absent for messages nobody reads in the app (admin alerts). */
  feed?: FeedEntry;
}

export function webLink(context: TemplateContext, path: string): string {
  return context.webUrl.replace(/\/+$/, '') + path;
}
