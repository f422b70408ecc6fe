import { afterEach, describe, expect, it } from 'vitest';
import { ALL_ACTIVE } from './board-filter.ts';
import {
  noteStreet,
  resetStreetNews,
  streetNewsIn,
  streetNewsOf,
  unseenNews,
  NEWS_KEPT,
} from './street-news.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s)).toISOString();
const n = (postId: string, status: string, s: number, kind = 'need') => ({ postId, kind, status, at: at(s) });
const post = (id: string, s: number) => ({ id, updatedAt: at(s) });

afterEach(resetStreetNews);

describe('the street frame', () => {
  it('reads the posts a frame names, and nothing of an unreadable one', () => {
    const data = JSON.stringify({ type: 'street', posts: [n('a', 'open', 1), { postId: 3 }] });
    expect(streetNewsOf(data)).toEqual([n('a', 'open', 1)]);
    expect(streetNewsOf('nope')).toEqual([]);
    expect(streetNewsOf('{"posts":1}')).toEqual([]);
  });

  it('keeps the newest few of a compound', () => {
    for (let i = 0; i < NEWS_KEPT + 5; i++)
      noteStreet('c', JSON.stringify({ posts: [n(`p${i}`, 'open', i % 60)] }));
    noteStreet('c', 'garbage');
    const kept = streetNewsIn('c');
    expect([kept.length, kept.at(-1)!.postId]).toEqual([NEWS_KEPT, `p${NEWS_KEPT + 4}`]);
    expect(streetNewsIn('elsewhere')).toEqual([]);
  });
});

describe('what a board does not show yet', () => {
  it('counts a new post of its kind and state, once however often it changed', () => {
    const news = [n('a', 'open', 1), n('a', 'taken', 2), n('b', 'open', 3, 'offer')];
    expect(unseenNews(news, ALL_ACTIVE, [])).toBe(2);
    expect(unseenNews(news, { ...ALL_ACTIVE, kind: 'need' }, [])).toBe(1);
    expect(unseenNews(news, { ...ALL_ACTIVE, ended: true }, [])).toBe(0);
  });

  it('counts nothing the board shows as it is now (its own post, read after it was put up)', () => {
    expect(unseenNews([n('a', 'open', 1)], ALL_ACTIVE, [post('a', 1)])).toBe(0);
    expect(unseenNews([n('a', 'taken', 5)], ALL_ACTIVE, [post('a', 1)])).toBe(1);
  });

  it('counts a shown post that left the board (resolved, removed), and says nothing on 我的', () => {
    expect(unseenNews([n('a', 'resolved', 5)], ALL_ACTIVE, [post('a', 1)])).toBe(1);
    expect(unseenNews([n('a', 'removed', 5)], ALL_ACTIVE, [])).toBe(0);
    expect(unseenNews([n('a', 'resolved', 5)], { ...ALL_ACTIVE, ended: true }, [])).toBe(1);
    expect(unseenNews([n('a', 'open', 5)], { ...ALL_ACTIVE, mine: true }, [])).toBe(0);
  });
});
