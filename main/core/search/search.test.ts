import { describe, expect, it } from 'vitest';
import { shareFairly } from './search';

describe('shareFairly', () => {
  it('deals the slots round robin among the groups that have results', () => {
    expect(shareFairly([100, 100, 100], 7)).toEqual([3, 2, 2]);
    expect(shareFairly([1, 100, 0, 2], 10)).toEqual([1, 7, 0, 2]);
  });

  it('never gives more than a group has, nor more than the limit', () => {
    expect(shareFairly([2, 3], 30)).toEqual([2, 3]);
    expect(shareFairly([], 30)).toEqual([]);
    expect(shareFairly([5, 5], 0)).toEqual([0, 0]);
  });
});
