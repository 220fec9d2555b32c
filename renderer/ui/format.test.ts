import { describe, expect, it } from 'vitest';
import { formatShortDate, formatSize, initials } from './format';

describe('format', () => {
  it('formats sizes with French and English units', () => {
    // French puts a narrow no-break space between number and unit.
    const plain = (s: string) => s.replace(/\s/g, ' ');
    expect(plain(formatSize(512, 'fr'))).toBe('512 o');
    expect(plain(formatSize(245_000, 'fr'))).toBe('245 ko');
    expect(plain(formatSize(1_500_000, 'fr'))).toBe('1,5 Mo');
    expect(formatSize(1_500_000, 'en')).toBe('1.5 MB');
  });

  it('shows the time for today and the date for older items', () => {
    const now = new Date(2026, 10, 28, 16);
    expect(formatShortDate(new Date(2026, 10, 28, 9, 5).toISOString(), 'fr', now)).toBe('09:05');
    expect(formatShortDate(new Date(2026, 1, 3).toISOString(), 'fr', now)).toBe('3 févr.');
    expect(formatShortDate(new Date(2025, 1, 3).toISOString(), 'en', now)).toBe('03/02/2025');
  });

  it('makes initials from names and addresses', () => {
    expect(initials('Claire Martin')).toBe('CM');
    expect(initials('jean-pierre.dupont@example.org')).toBe('JO');
    expect(initials('Inès')).toBe('I');
  });
});
