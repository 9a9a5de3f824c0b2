/**
 * Every panel of the grid, in display order, with its URL name (embed links and teachers' links
 * choose panels by these names). Add a panel by adding one line here.
 */
import type { ComponentType } from 'react';
import type { PanelId } from '../../state/urlState';
import { LossPanel } from './LossPanel';
import { BoundaryPanel } from './BoundaryPanel';
import { DropoutMasksPanel } from './DropoutMasksPanel';
import { WeightHistogramsPanel } from './WeightHistogramsPanel';

/** One panel of the grid. */
export interface PanelEntry {
  id: PanelId;
  component: ComponentType;
}

/** The panels in display order. */
export const PANELS: PanelEntry[] = [
  { id: 'loss', component: LossPanel },
  { id: 'boundary', component: BoundaryPanel },
  { id: 'masks', component: DropoutMasksPanel },
  { id: 'weights', component: WeightHistogramsPanel },
];
