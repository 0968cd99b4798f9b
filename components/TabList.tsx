import type { JSX } from 'preact';
import { t, type MessageKey } from '../lib/i18n/t';

export interface TabSpec<S> {
  id: string;
  /** The tab's name, as a message key (translated when shown). */
  label: MessageKey;
  view: (state: S) => JSX.Element;
}

const tabId = (group: string, id: string) => `${group}-tab-${id}`;

/**
 * A row of tabs with the keyboard of the ARIA tabs pattern: one stop for Tab, arrow keys (and
 * Home/End) move between the tabs and open the one reached.
 */
export function TabList<S>(props: { group: string; label: string; tabs: TabSpec<S>[]; current: string; onSelect: (id: string) => void }) {
  const { group, label, tabs, current, onSelect } = props;
  const move = (e: KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === current);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    onSelect(next.id);
    document.getElementById(tabId(group, next.id))?.focus();
  };
  return (
    <nav class={`tabs ${group}-tabs`} role="tablist" aria-label={label} onKeyDown={move}>
      {tabs.map(({ id, label: text }) => (
        <button
          type="button"
          role="tab"
          id={tabId(group, id)}
          aria-selected={current === id}
          tabIndex={current === id ? 0 : -1}
          key={id}
          onClick={() => onSelect(id)}
        >
          {t(text)}
        </button>
      ))}
    </nav>
  );
}

/** The open tab's view, labelled by its tab. */
export function TabPanel({ group, id, children }: { group: string; id: string; children: JSX.Element }) {
  return (
    <div role="tabpanel" class="tab-panel" aria-labelledby={tabId(group, id)}>
      {children}
    </div>
  );
}
