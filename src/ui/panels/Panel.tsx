import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { PanelPngButton } from '../export/PanelPngButton';
import { setUi, uiStore, useUi } from '../../state/uiStore';
import { useFillHeight, useSlotLayout } from './useFillHeight';

/** A chart in a first-screen slot never gets shorter than this (the slot scrolls instead). */
const MIN_SLOT_CHART_HEIGHT = 110;

/**
 * True inside the first screen's slots: panels there keep to their picture or chart, their
 * caption folds behind "About" and long lists behind "More", so the screen fits without scrolling.
 */
export const CompactContext = createContext(false);

/** Whether this panel sits in a first-screen slot. */
export function useCompact(): boolean {
  return useContext(CompactContext);
}

/** Whether the panel titled `title` fills the screen (its canvas or chart lays itself out again). */
export function useMaximized(title: string): boolean {
  return useUi((state) => state.maximizedPanel !== null && state.maximizedPanel === panelDomId(title));
}

/**
 * The height a chart of the panel titled `title` gets: what its slot leaves on the first screen and
 * what the screen leaves when the panel fills it (both measured: useFillHeight), `base` elsewhere,
 * `embedded` in a blog embed (where every pixel of height counts). Mark the chart's box with data-fill.
 */
export function useChartHeight(title: string, base: number, embedded = base): number {
  const maximized = useMaximized(title);
  const embed = useUi((state) => state.view.embed);
  const compact = useContext(CompactContext);
  const slotLayout = useSlotLayout();
  const slotted = compact && slotLayout && !maximized && !embed;
  const filled = useFillHeight(panelDomId(title), maximized, base);
  // On the first screen: what the slot leaves under the title and over the legend.
  const slotFilled = useFillHeight(panelDomId(title), slotted, MIN_SLOT_CHART_HEIGHT, 'slot');
  if (maximized) return filled ?? base;
  if (slotted && slotFilled !== null) return slotFilled;
  return embed ? embedded : base;
}

/** On the first screen, secondary parts of a panel (lists, legends, figures) fold behind a summary. */
export function MoreWhenCompact({ summary = 'More', children }: { summary?: string; children: ReactNode }) {
  if (!useCompact()) return <>{children}</>;
  return (
    <details className="panel-more">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The DOM id of the panel titled `title` (also what the UI store names the full-screen panel by). */
export function panelDomId(title: string): string {
  return `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

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
 * The frame every panel shares: a labelled region with a title, a one-line caption, a collapse
 * button and a full-screen view (for the projector). A collapsed panel renders nothing inside,
 * so it does no drawing work.
 */
export function Panel({ title, caption, children, wide = false, actions }: PanelProps) {
  const compact = useCompact();
  const [collapsed, setCollapsed] = useState(false);
  const id = panelDomId(title);
  // In the UI store, so the page can make room (header, switches) and a panel can draw bigger.
  const maximized = useUi((state) => state.maximizedPanel === id);
  const setMaximized = (on: boolean) => setUi({ maximizedPanel: on ? id : null });
  const section = useRef<HTMLElement>(null);
  // A panel that leaves the page while full screen gives the screen back.
  useEffect(
    () => () => {
      if (uiStore.getState().maximizedPanel === id) setUi({ maximizedPanel: null });
    },
    [id],
  );
  useEffect(() => {
    if (!maximized) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setUi({ maximizedPanel: null });
    };
    window.addEventListener('keydown', onKey);
    section.current?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [maximized]);
  return (
    <section
      ref={section}
      className={`panel${wide ? ' wide' : ''}${maximized ? ' panel-maximized' : ''}${compact ? ' panel-compact' : ''}`}
      role="region"
      aria-label={title}
      data-panel={id}
      tabIndex={maximized ? -1 : undefined}
    >
      <div className="panel-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="panel-actions">
          {actions}
          <PanelPngButton name={title} compact={compact && !maximized} />
          <button type="button" className="small" aria-pressed={maximized} onClick={() => setMaximized(!maximized)} title={maximized ? 'Back to the grid (Esc)' : 'Fill the screen with this panel'}>
            {compact && !maximized ? (
              // The first screen shows a symbol; the accessible name is the same words.
              <>
                <span aria-hidden="true">⤢</span>
                <span className="visually-hidden">Full screen {title}</span>
              </>
            ) : (
              <>
                {maximized ? 'Exit full screen' : 'Full screen'}
                <span className="visually-hidden"> {title}</span>
              </>
            )}
          </button>
          {compact ? null : (
            <button type="button" className="small" aria-expanded={!collapsed} aria-controls={`${id}-body`} onClick={() => setCollapsed(!collapsed)}>
              {collapsed ? 'Show' : 'Hide'}
              <span className="visually-hidden"> {title}</span>
            </button>
          )}
        </div>
      </div>
      {collapsed ? null : (
        <div id={`${id}-body`}>
          {compact && !maximized ? (
            <details className="panel-about">
              <summary>About<span className="visually-hidden"> {title}</span></summary>
              <p className="panel-caption">{caption}</p>
            </details>
          ) : (
            <p className="panel-caption">{caption}</p>
          )}
          {children(!collapsed)}
        </div>
      )}
    </section>
  );
}
