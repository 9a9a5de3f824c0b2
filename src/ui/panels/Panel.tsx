import { useState, type ReactNode } from 'react';

/** Props of the panel frame. */
interface PanelProps {
  /** The region's accessible name and visible title. */
  title: string;
  /** One line: what the panel shows and what to look for. */
  caption: ReactNode;
  children: (visible: boolean) => ReactNode;
  wide?: boolean;
  /** Extra controls next to the title (toggles, export). */
  actions?: ReactNode;
}

/**
 * The frame every panel shares: a labelled region with a title, a one-line caption and a
 * collapse button. A collapsed panel renders nothing inside, so it does no drawing work.
 */
export function Panel({ title, caption, children, wide = false, actions }: PanelProps) {
  const [collapsed, setCollapsed] = useState(false);
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={`panel${wide ? ' wide' : ''}`} role="region" aria-label={title} data-panel={id}>
      <div className="panel-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="panel-actions">
          {actions}
          <button type="button" className="small" aria-expanded={!collapsed} aria-controls={`${id}-body`} onClick={() => setCollapsed(!collapsed)}>
            {collapsed ? 'Show' : 'Hide'}
            <span className="visually-hidden"> {title}</span>
          </button>
        </div>
      </div>
      {collapsed ? null : (
        <div id={`${id}-body`}>
          <p className="panel-caption">{caption}</p>
          {children(!collapsed)}
        </div>
      )}
    </section>
  );
}
