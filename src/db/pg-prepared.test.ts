import { describe, expect, it } from 'vitest';
import { StatementNames } from './pg-prepared.ts';

describe('StatementNames', () => {
  it('names a text on its second sighting, and keeps that name', () => {
    const names = new StatementNames();
    expect(names.nameOf('SELECT $1')).toBeUndefined();
    expect(names.nameOf('SELECT $1')).toBe('linli_1');
    expect(names.nameOf('SELECT $1')).toBe('linli_1');
    expect(names.nameOf('SELECT $2')).toBeUndefined();
    expect(names.nameOf('SELECT $2')).toBe('linli_2');
    expect(names.size).toBe(2);
  });

  it('names at most `max` texts, and never a text longer than `maxText`', () => {
    const names = new StatementNames(1, 10, 20);
    const long = `SELECT $1 ${'x'.repeat(20)}`;
    names.nameOf(long);
    expect(names.nameOf(long)).toBeUndefined();
    names.nameOf('a');
    expect(names.nameOf('a')).toBe('linli_1');
    names.nameOf('b');
    expect(names.nameOf('b')).toBeUndefined();
    expect(names.nameOf('a')).toBe('linli_1');
  });

  it('remembers at most `seenMax` texts seen once', () => {
    const names = new StatementNames(10, 1);
    names.nameOf('a');
    names.nameOf('b');
    expect(names.nameOf('b')).toBeUndefined();
    expect(names.nameOf('a')).toBe('linli_1');
  });

  it('a retired text gets a new name after it is seen again twice', () => {
    const names = new StatementNames();
    names.nameOf('a');
    expect(names.nameOf('a')).toBe('linli_1');
    names.retire('a');
    expect(names.nameOf('a')).toBeUndefined();
    expect(names.nameOf('a')).toBe('linli_2');
  });
});
