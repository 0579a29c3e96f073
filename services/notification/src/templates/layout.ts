// The frame shared by every mail (HTML and plain text) and the order summary block.

import type { OrderLineSnapshot, OrderTotals } from '@emporium/contracts';
import type { Static } from '@sinclair/typebox';
import { html, type SafeHtml } from './html.js';
import type { TemplateContext } from './message.js';
import { formatMoney } from './money.js';

type Line = Static<typeof OrderLineSnapshot>;
type Totals = Static<typeof OrderTotals>;

export interface MailBody {
  heading: string;
  /** Paragraphs of plain text; the HTML version escapes them. */
  paragraphs: string[];
  action?: { label: string; href: string };
  order?: { lines: Line[]; totals?: Totals };
  /** Small print under the body, e.g. why the mail was sent. */
  footnote?: string;
}

const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e5e5';

function orderTableHtml(lines: Line[], totals?: Totals): SafeHtml {
  const rows = lines.map(
    (line) =>
      html`<tr><td style="${CELL}">${line.title}<br><small style="color:#777">${line.sku}</small></td><td style="${CELL};text-align:right">${line.quantity} × ${formatMoney(line.unitPrice)}</td><td style="${CELL};text-align:right">${formatMoney(line.lineTotal)}</td></tr>`,
  );
  const totalRows = totals
    ? [
        ['Subtotal', totals.subtotal],
        ['Shipping', totals.shipping],
        ...(totals.discount ? [['Discount', totals.discount, '−']] : []),
        ['Tax', totals.tax],
      ].map(
        ([label, money, sign = '']) =>
          html`<tr><td colspan="2" style="padding:4px 8px;text-align:right">${label as string}</td><td style="padding:4px 8px;text-align:right">${sign as string}${formatMoney(money as Totals['total'])}</td></tr>`,
      )
    : [];
  const total = totals
    ? html`<tr><td colspan="2" style="padding:6px 8px;text-align:right"><strong>Total</strong></td><td style="padding:6px 8px;text-align:right"><strong>${formatMoney(totals.total)}</strong></td></tr>`
    : '';
  return html`<table role="presentation" style="width:100%;border-collapse:collapse;margin:16px 0">${rows}${totalRows}${total}</table>`;
}

function orderText(lines: Line[], totals?: Totals): string {
  const rows = lines.map(
    (line) =>
      `- ${line.title} (${line.sku}): ${line.quantity} × ${formatMoney(line.unitPrice)} = ${formatMoney(line.lineTotal)}`,
  );
  if (totals) {
    rows.push(
      '',
      `Subtotal: ${formatMoney(totals.subtotal)}`,
      `Shipping: ${formatMoney(totals.shipping)}`,
      ...(totals.discount ? [`Discount: −${formatMoney(totals.discount)}`] : []),
      `Tax: ${formatMoney(totals.tax)}`,
      `Total: ${formatMoney(totals.total)}`,
    );
  }
  return rows.join('\n');
}

export function renderHtml(context: TemplateContext, body: MailBody): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${body.heading}</title></head>
<body style="margin:0;background:#f6f6f6;font-family:Helvetica,Arial,sans-serif;color:#222">
<div style="max-width:600px;margin:0 auto;background:#fff;padding:24px">
<p style="font-size:20px;font-weight:bold;margin:0 0 16px">${context.shopName}</p>
<h1 style="font-size:18px">${body.heading}</h1>
${body.paragraphs.map((paragraph) => html`<p>${paragraph}</p>`)}
${body.order ? orderTableHtml(body.order.lines, body.order.totals) : ''}
${body.action ? html`<p><a href="${body.action.href}" style="display:inline-block;background:#222;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${body.action.label}</a></p>` : ''}
${body.footnote ? html`<p style="color:#777;font-size:12px">${body.footnote}</p>` : ''}
<p style="color:#777;font-size:12px">${context.shopName}</p>
</div></body></html>`.value;
}

export function renderText(context: TemplateContext, body: MailBody): string {
  const parts = [body.heading, ...body.paragraphs];
  if (body.order) parts.push(orderText(body.order.lines, body.order.totals));
  if (body.action) parts.push(`${body.action.label}: ${body.action.href}`);
  if (body.footnote) parts.push(body.footnote);
  parts.push(`-- \n${context.shopName}`);
  return `${parts.join('\n\n')}\n`;
}

export function renderMail(context: TemplateContext, subject: string, body: MailBody) {
  return { subject, html: renderHtml(context, body), text: renderText(context, body) };
}
