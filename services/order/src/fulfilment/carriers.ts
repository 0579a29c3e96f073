// Tracking links of the carriers the shop knows, by the carrier's name as an admin types it
// (case and spaces ignored). A carrier missing here still ships; its shipments just have no link,
// rather than a guessed one that leads nowhere.
const TRACKING_URL_TEMPLATES: Record<string, string> = {
  dhl: 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={tracking}',
  ups: 'https://www.ups.com/track?tracknum={tracking}',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr={tracking}',
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking}',
  dpd: 'https://tracking.dpd.de/status/en_US/parcel/{tracking}',
  gls: 'https://gls-group.com/track/{tracking}',
  postnl: 'https://jouw.postnl.nl/track-and-trace/{tracking}',
  royalmail: 'https://www.royalmail.com/track-your-item#/tracking-results/{tracking}',
};

/** The carrier's key: lower case without spaces, dashes or underscores ("Royal Mail" → royalmail). */
export const carrierKey = (carrier: string) => carrier.toLowerCase().replace(/[\s_-]+/g, '');

/** The tracking page of a parcel, or undefined for an unknown carrier or no tracking number. */
export function trackingUrl(carrier: string | null | undefined, trackingNumber: string | null | undefined) {
  if (!carrier || !trackingNumber) return undefined;
  const template = TRACKING_URL_TEMPLATES[carrierKey(carrier)];
  return template?.replace('{tracking}', encodeURIComponent(trackingNumber));
}
