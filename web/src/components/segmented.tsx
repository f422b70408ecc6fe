import type { ReactNode } from 'react';

/**
 * A row of buttons of which one is chosen (`.segmented`): tabs that switch what a page shows (`kind="tab"`), or
 * a choice of value (`kind="radio"`). The role and its aria state follow the kind, which is how screen readers
 * and the browser tests find them.
 */
export function Segmented<T extends string | number>({
  kind,
  options,
  value,
  onChange,
  label,
  children,
}: {
  kind: 'tab' | 'radio';
  options: readonly T[];
  value: T;
  onChange: (next: T) => void;
  /** The group's accessible name. */
  label?: string;
  /** Each option's text. */
  children: (option: T) => ReactNode;
}) {
  return (
    <div className="segmented" role={kind === 'tab' ? 'tablist' : 'radiogroup'} aria-label={label}>
      {options.map((option) => (
        <button
          key={option}
          type="button"
          role={kind}
          {...(kind === 'tab' ? { 'aria-selected': option === value } : { 'aria-checked': option === value })}
          className={option === value ? 'active' : ''}
          onClick={() => onChange(option)}
        >
          {children(option)}
        </button>
      ))}
    </div>
  );
}
