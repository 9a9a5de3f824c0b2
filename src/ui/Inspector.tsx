import { lazy, Suspense, useEffect, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { useUi } from '../state/uiStore';
import { ErrorBoundary } from './shell/ErrorBoundary';
import type { PanelId } from '../state/urlState';
import { INSPECTOR_PANELS } from './panels/registry';
import { CompactContext } from './panels/Panel';
import { useFirstPictureDrawn } from './firstPicture';

const SharePanel = lazy(() => import('./share/SharePanel').then((module) => ({ default: module.SharePanel })));
const ExportPanel = lazy(() => import('./export/ExportPanel').then((module) => ({ default: module.ExportPanel })));

/** One tab of the inspector. */
interface InspectorTab {
  id: PanelId | 'share' | 'export';
  label: string;
  component: ComponentType;
}

const EXTRA_TABS: InspectorTab[] = [
  { id: 'share', label: 'Share', component: SharePanel },
  { id: 'export', label: 'Export', component: ExportPanel },
];

/**
 * The tab last chosen in this page: the inspector is remounted when the layout changes (a lesson
 * that switches to digits puts the digits on the first screen), and it must stay on that tab.
 */
let rememberedTab: InspectorTab['id'] | null = null;

/**
 * Every view that is not on the first screen, one tab each: the diagnosis and its rules, the
 * lesson, masks, weights, gradients, batch norm, digits, data, share and export. Only the open
 * tab renders (and loads its code), so the first screen draws before any of them.
 */
export function Inspector({ only }: { only?: readonly PanelId[] | null }) {
  const lesson = useUi((state) => state.view.lesson);
  const tabs: InspectorTab[] = [
    ...INSPECTOR_PANELS.filter((panel) => !only || only.includes(panel.id)),
    ...(only ? [] : EXTRA_TABS),
  ];
  const [chosen, setChosenState] = useState<InspectorTab['id'] | null>(() => rememberedTab);
  const setChosen = (id: InspectorTab['id']) => {
    rememberedTab = id;
    setChosenState(id);
  };
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());
  // The open tab's code loads after the first screen's boundary is drawn (firstPicture.ts).
  const pictureDrawn = useFirstPictureDrawn();
  const fallback = lesson !== null && tabs.some((tab) => tab.id === 'lesson') ? 'lesson' : tabs[0]?.id;
  const active = tabs.find((tab) => tab.id === chosen) ?? tabs.find((tab) => tab.id === fallback);
  const listRef = useRef<HTMLDivElement>(null);
  // Where the tabs sit in one scrolling row (projector type), the open tab is scrolled into it.
  useEffect(() => {
    const list = listRef.current;
    const tab = active ? tabRefs.current.get(active.id) : undefined;
    if (!list || !tab || list.scrollWidth <= list.clientWidth) return;
    const row = list.getBoundingClientRect();
    const box = tab.getBoundingClientRect();
    if (box.left < row.left) list.scrollLeft -= row.left - box.left + 8;
    else if (box.right > row.right) list.scrollLeft += box.right - row.right + 8;
  }, [active]);
  if (!active) return null;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Arrow keys move between tabs (the ARIA tabs pattern); Home and End jump to the ends.
    const index = tabs.indexOf(active);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    setChosen(tab.id);
    tabRefs.current.get(tab.id)?.focus();
  };
  const ActiveView = active.component;
  return (
    <section className="inspector" aria-label="Inspector">
      <div ref={listRef} className="inspector-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) tabRefs.current.set(tab.id, element);
            }}
            type="button"
            role="tab"
            id={`inspector-tab-${tab.id}`}
            aria-selected={tab === active}
            aria-controls="inspector-view"
            tabIndex={tab === active ? 0 : -1}
            onClick={() => setChosen(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id="inspector-view" className="inspector-view" role="tabpanel" aria-labelledby={`inspector-tab-${active.id}`}>
        <ErrorBoundary key={active.id} scope="This view">
          <Suspense fallback={<p className="notice" aria-busy="true">Loading…</p>}>
            {/* Views in the inspector fold their captions behind "About", as on the first screen. */}
            <CompactContext.Provider value={true}>
              {pictureDrawn ? <ActiveView /> : <p className="notice" aria-busy="true">Loading…</p>}
            </CompactContext.Provider>
          </Suspense>
        </ErrorBoundary>
      </div>
    </section>
  );
}
