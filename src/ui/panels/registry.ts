/**
 * Every panel of the grid, in display order, with its URL name (embed links and teachers' links
 * choose panels by these names). Add a panel by adding one line here.
 */
import { lazy, type ComponentType } from 'react';
import type { PanelId } from '../../state/urlState';
import { BoundaryPanel } from './BoundaryPanel';

// Panels of the inspector load as their own chunks when their tab opens, so the first screen
// draws first and the initial JavaScript stays within its budget (test/e2e/budget.spec.ts).
// The loss chart brings recharts (about 100 kB gzip): it loads just after the first paint.
const LossPanel = lazy(() => import('./LossPanel').then((module) => ({ default: module.LossPanel })));
const DiagnosisPanel = lazy(() => import('./diagnosis/DiagnosisPanel').then((module) => ({ default: module.DiagnosisPanel })));
const DropoutMasksPanel = lazy(() => import('./DropoutMasksPanel').then((module) => ({ default: module.DropoutMasksPanel })));
const NetworkPanel = lazy(() => import('./network/NetworkPanel').then((module) => ({ default: module.NetworkPanel })));
const WeightHistogramsPanel = lazy(() => import('./weights/WeightHistogramsPanel').then((module) => ({ default: module.WeightHistogramsPanel })));
const GradientNormsPanel = lazy(() => import('./gradients/GradientNormsPanel').then((module) => ({ default: module.GradientNormsPanel })));
const BatchNormPanel = lazy(() => import('./batchnorm/BatchNormPanel').then((module) => ({ default: module.BatchNormPanel })));
const DigitsPanel = lazy(() => import('./digits/DigitsPanel').then((module) => ({ default: module.DigitsPanel })));
const LessonPanelEntry = lazy(() => import('../lessons/LessonPanelEntry').then((module) => ({ default: module.LessonPanelEntry })));
const DataPreviewPanel = lazy(() => import('./DataPreviewPanel').then((module) => ({ default: module.DataPreviewPanel })));

/** One panel of the grid. */
export interface PanelEntry {
  id: PanelId;
  component: ComponentType;
}

/**
 * The panels in display order: what the network does first; a lesson link moves the lesson to the
 * front. Keyed by PanelId (the URL names, listed once in urlState.ts): the compiler refuses a
 * missing or unknown panel.
 */
const PANEL_COMPONENTS: Record<PanelId, ComponentType> = {
  boundary: BoundaryPanel,
  digits: DigitsPanel,
  diagnosis: DiagnosisPanel,
  loss: LossPanel,
  lesson: LessonPanelEntry,
  network: NetworkPanel,
  masks: DropoutMasksPanel,
  weights: WeightHistogramsPanel,
  gradients: GradientNormsPanel,
  batchnorm: BatchNormPanel,
  data: DataPreviewPanel,
};

/** A view of the inspector: a panel with its tab's label. */
export interface InspectorEntry extends PanelEntry {
  label: string;
}

/** The first screen's views (the `panels=` ids the main area shows). */
export const MAIN_PANEL_IDS: readonly PanelId[] = ['boundary', 'digits', 'loss', 'network'];

/** The inspector's views, in tab order (the `panels=` ids it shows). */
export const INSPECTOR_PANELS: InspectorEntry[] = [
  { id: 'diagnosis', label: 'Diagnosis', component: DiagnosisPanel },
  { id: 'lesson', label: 'Lesson', component: LessonPanelEntry },
  { id: 'masks', label: 'Masks', component: DropoutMasksPanel },
  { id: 'weights', label: 'Weights', component: WeightHistogramsPanel },
  { id: 'gradients', label: 'Gradients', component: GradientNormsPanel },
  { id: 'batchnorm', label: 'Batch norm', component: BatchNormPanel },
  { id: 'data', label: 'Data', component: DataPreviewPanel },
];

/** The panels in display order. */
export const PANELS: PanelEntry[] = (Object.keys(PANEL_COMPONENTS) as PanelId[]).map((id) => ({ id, component: PANEL_COMPONENTS[id] }));
