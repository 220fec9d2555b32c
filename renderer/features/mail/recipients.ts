// Recipients as the user types them ("Name <address>", bare addresses, lists pasted with commas or semicolons).
import type { MailAddress } from '../../../preload/contract';

/** A recipient chip: the address as understood, and whether it is a valid address (the core refuses others). */
export interface Recipient extends MailAddress {
  valid: boolean;
}

// The same rule as the contract's mail address: something@something, no spaces, brackets, commas or quotes.
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

export function isValidAddress(address: string): boolean {
  return address.length <= 320 && ADDRESS.test(address);
}

/** One typed entry: "Name <address>", "<address>" or "address". */
export function parseRecipient(entry: string): Recipient | null {
  const text = entry.trim();
  if (text === '') return null;
  const named = /^(?:"?([^"<]*?)"?\s*)?<([^>]*)>$/.exec(text);
  const address = (named ? named[2]! : text).trim();
  const name = named?.[1]?.trim();
  return { ...(name ? { name } : {}), address, valid: isValidAddress(address) };
}

/** Several entries separated by commas, semicolons or line breaks (commas inside quoted names are kept). */
export function parseRecipients(text: string): Recipient[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === ',' || char === ';' || char === '\n')) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  entries.push(current);
  return entries.map(parseRecipient).filter((r): r is Recipient => r !== null);
}

export const toRecipient = (address: MailAddress): Recipient => ({
  ...address,
  valid: isValidAddress(address.address),
});

/** What the core stores: valid addresses only (the others stay on screen, flagged, until corrected). */
export const toAddresses = (recipients: readonly Recipient[]): MailAddress[] =>
  recipients.filter((r) => r.valid).map(({ name, address }) => (name ? { name, address } : { address }));

export const sameAddress = (a: MailAddress, b: MailAddress) => a.address.toLowerCase() === b.address.toLowerCase();

export const displayRecipient = (r: MailAddress) => (r.name ? `${r.name} <${r.address}>` : r.address);
