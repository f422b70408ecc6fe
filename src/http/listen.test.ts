import { describe, expect, it } from 'vitest';
import { openFilesNote } from './listen.ts';

const limits = (soft: string, hard: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    `Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     `,
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n');

describe('openFilesNote', () => {
  it('says nothing when the limit holds 10,000 connections, is unlimited, or is unknown', () => {
    expect(openFilesNote(limits('20000', '20000'))).toBeNull();
    expect(openFilesNote(limits('10000', '1048576'))).toBeNull();
    expect(openFilesNote(limits('unlimited', 'unlimited'))).toBeNull();
    expect(openFilesNote(null)).toBeNull();
    expect(openFilesNote('nothing of the kind')).toBeNull();
  });

  it('names the limit and how to raise it, up to the hard limit when that is enough', () => {
    const note = openFilesNote(limits('1024', '524288'));
    expect(note).toMatch(/may open only 1024 files/);
    expect(note).toMatch(/ulimit -n 524288 .*LimitNOFILE=524288/);
    expect(openFilesNote(limits('1024', 'unlimited'))).toMatch(/ulimit -n 65536/);
    // A hard limit below the goal must be raised too (by root, or in the service's unit).
    expect(openFilesNote(limits('1024', '4096'))).toMatch(/ulimit -n 20000/);
  });
});
