// Product images for the demo catalog: small SVGs as data URLs, so they render offline anywhere.
export function placeholderImage(label: string, hue: number): string {
  const initials = label
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400">` +
    `<rect width="400" height="400" fill="hsl(${hue},55%,82%)"/>` +
    `<circle cx="200" cy="170" r="90" fill="hsl(${hue},45%,62%)"/>` +
    `<text x="200" y="195" font-family="sans-serif" font-size="72" text-anchor="middle" fill="#fff">${initials}</text>` +
    `<text x="200" y="330" font-family="sans-serif" font-size="24" text-anchor="middle" fill="hsl(${hue},40%,30%)">${label.replace(/[<&>]/g, '')}</text>` +
    `</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
