import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';

type Shipment = EventData<'order.shipment_created'>['shipment'];

/** "Tracking number (DHL): JD01", with the carrier's link when it has one. */
function trackingSentence(shipment: Shipment): string | undefined {
  if (!shipment.trackingNumber) return shipment.carrier ? `It travels with ${shipment.carrier}.` : undefined;
  const carrier = shipment.carrier ? ` (${shipment.carrier})` : '';
  const link = shipment.trackingUrl ? ` — follow it at ${shipment.trackingUrl}` : '';
  return `Tracking number${carrier}: ${shipment.trackingNumber}${link}`;
}

export const shipmentItems = (shipment: Shipment) =>
  shipment.lines.map((line) => `${line.quantity} × ${line.title} (${line.sku})`).join(', ');

/** One parcel of an order has left: what is in it and how to follow it. */
export function shipmentCreated(
  data: EventData<'order.shipment_created'>,
  context: TemplateContext,
): RenderedNotice {
  const complete = data.fulfillmentStatus === 'fulfilled';
  const tracking = trackingSentence(data.shipment);
  const intro =
    complete && data.shipment.number === 1
      ? `Good news: order ${data.orderNumber} has shipped.`
      : `Parcel ${data.shipment.number} of order ${data.orderNumber} has shipped${
          complete ? '; it carries the last of your items.' : '; the rest follows separately.'
        }`;
  return {
    mail: renderMail(context, `Order ${data.orderNumber}: a parcel is on its way`, {
      heading: complete ? 'Your order is on its way' : 'Part of your order is on its way',
      paragraphs: [
        intro,
        `In this parcel: ${shipmentItems(data.shipment)}.`,
        ...(tracking ? [tracking] : []),
      ],
      action: {
        label: 'Follow your order',
        href: data.shipment.trackingUrl ?? webLink(context, `/orders/${data.orderId}`),
      },
    }),
    feed: {
      title: `Order ${data.orderNumber}: parcel ${data.shipment.number} shipped`,
      body: tracking ?? shipmentItems(data.shipment),
      link: `/orders/${data.orderId}`,
    },
  };
}
