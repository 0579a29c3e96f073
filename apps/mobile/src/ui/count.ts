/** "1 item", "3 items": English plurals for the few counts the app shows. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
