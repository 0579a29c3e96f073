import type { EventData } from '@emporium/contracts';
import { renderMail } from './layout.js';
import { type RenderedNotice, type TemplateContext, webLink } from './message.js';
import { shipmentItems } from './shipment-created.js';

/** A parcel arrived; when it was the last one, the whole order has. */
export function shipmentDelivered(
  data: EventData<'order.shipment_delivered'>,
  context: TemplateContext,
): RenderedNotice {
  const summary = data.allDelivered
    ? `Every parcel of order ${data.orderNumber} has been delivered.`
    : `Parcel ${data.shipment.number} of order ${data.orderNumber} has been delivered; more are on their way.`;
  return {
    mail: renderMail(context, `Order ${data.orderNumber}: a parcel was delivered`, {
      heading: data.allDelivered ? 'Your order has arrived' : 'A parcel has arrived',
      paragraphs: [summary, `Delivered: ${shipmentItems(data.shipment)}.`],
      action: { label: 'View your order', href: webLink(context, `/orders/${data.orderId}`) },
    }),
    feed: {
      title: `Order ${data.orderNumber}: parcel ${data.shipment.number} delivered`,
      body: summary,
      link: `/orders/${data.orderId}`,
    },
  };
}
