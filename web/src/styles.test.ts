import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The app's stylesheets are global: a feature's CSS file stays loaded once any page that imports it has been
 * shown, so a class that two files style on its own (`.stepper { … }` in both) looks different depending on
 * which pages a phone opened first. Each class's own rules live in one file; other files may only refine it
 * in context (`html.elder .tab`, `.data-table .short`).
 */

const root = fileURLToPath(new URL('.', import.meta.url));

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : [],
  );
}

/** The classes a stylesheet styles on their own: selectors that are one class, with pseudo-classes at most. */
export function ownClasses(css: string): Set<string> {
  const found = new Set<string>();
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, prelude] of text.matchAll(/([^{}]+)\{/g)) {
    const head = prelude!.trim();
    if (head.startsWith('@')) continue;
    for (const selector of head.split(',')) {
      const own = /^\.([A-Za-z_][\w-]*)(?:::?[\w-]+(?:\([^)]*\))?)*$/.exec(selector.trim());
      if (own) found.add(own[1]!);
    }
  }
  return found;
}

describe('ownClasses', () => {
  it('finds single-class selectors, inside media queries too, and skips refinements in context', () => {
    const css = `/* .commented { } */
      .a, .b:hover { color: red; }
      .c::before { content: ''; }
      @media (min-width: 40rem) { .d { display: none; } }
      html.elder .e, .f .g, .h.i, .j > li { margin: 0; }`;
    expect([...ownClasses(css)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the stylesheets', () => {
  it('style each class on its own in one file only', () => {
    const owners = new Map<string, string[]>();
    for (const file of cssFiles(root))
      for (const cls of ownClasses(readFileSync(file, 'utf8')))
        owners.set(cls, [...(owners.get(cls) ?? []), relative(root, file)]);
    const shared = [...owners]
      .filter(([, files]) => files.length > 1)
      .map(([c, f]) => `.${c}: ${f.join(', ')}`);
    expect(shared).toEqual([]);
  });
});
