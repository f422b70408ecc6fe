import { describe, expect, it } from 'vitest';
import { entryScript, isNewBuild, mayReloadForBuild, RELOAD_GUARD_MS } from './stale-build.ts';

const store = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe('mayReloadForBuild', () => {
  it('reloads once, then not again until the guard has passed', () => {
    const s = store();
    expect(mayReloadForBuild(s, 1_000_000)).toBe(true);
    expect(mayReloadForBuild(s, 1_000_000 + 5_000)).toBe(false);
    expect(mayReloadForBuild(s, 1_000_000 + RELOAD_GUARD_MS - 1)).toBe(false);
    expect(mayReloadForBuild(s, 1_000_000 + RELOAD_GUARD_MS)).toBe(true);
    // The guard counts from the last reload.
    expect(mayReloadForBuild(s, 1_000_000 + RELOAD_GUARD_MS + 1_000)).toBe(false);
  });

  it('reloads again when the clock went back, and on garbage in the store', () => {
    const s = store();
    s.setItem('linli.buildReloadAt', String(2_000_000));
    expect(mayReloadForBuild(s, 1_000_000)).toBe(true);
    s.setItem('linli.buildReloadAt', 'not a number');
    expect(mayReloadForBuild(s, 1_000_000)).toBe(true);
  });

  it('does not reload without storage to guard it, or when the storage refuses', () => {
    expect(mayReloadForBuild(null, 1_000_000)).toBe(false);
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(mayReloadForBuild(refusing, 1_000_000)).toBe(false);
  });
});

const INDEX = (entry: string) => `<!doctype html>
<html lang="zh-CN">
  <head>
    <script>document.documentElement.dataset.x = '1'</script>
    <script type="module" crossorigin src="${entry}"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-DM-Npe2m.css">
  </head>
  <body><div id="root"></div></body>
</html>`;

describe('entryScript and isNewBuild', () => {
  it("finds the module entry script, not an inline script's or a stylesheet's", () => {
    expect(entryScript(INDEX('/assets/index-CS5Lu_aA.js'))).toBe('/assets/index-CS5Lu_aA.js');
    expect(entryScript("<script src='/a.js' type='module'>")).toBe('/a.js');
    expect(entryScript('<script src="/a.js"></script>')).toBeNull();
    expect(entryScript('Not Found')).toBeNull();
  });

  it('says a new build only when the served index names another entry than the running one', () => {
    expect(isNewBuild('/assets/index-old.js', INDEX('/assets/index-new.js'))).toBe(true);
    expect(isNewBuild('/assets/index-old.js', INDEX('/assets/index-old.js'))).toBe(false);
    // Offline, or an answer that is no index.html: nothing to reload into.
    expect(isNewBuild('/assets/index-old.js', null)).toBe(false);
    expect(isNewBuild('/assets/index-old.js', '<html>busy</html>')).toBe(false);
    expect(isNewBuild(null, INDEX('/assets/index-new.js'))).toBe(false);
  });
});
