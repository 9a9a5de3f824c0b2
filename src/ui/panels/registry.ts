/**
 * Every panel of the grid, in display order, with its URL name (embed links and teachers' links
 * choose panels by these names). Add a panel by adding one line here.
 */
import type { ComponentType } from 'react';
import type { PanelId } from '../../state/urlState';
import { LossPanel } from './LossPanel';
import { BoundaryPanel } from './BoundaryPanel';
import { DiagnosisPanel } from './diagnosis/DiagnosisPanel';
import { DigitsPanel } from './digits/DigitsPanel';
import { DropoutMasksPanel } from './DropoutMasksPanel';
import { WeightHistogramsPanel } from './weights/WeightHistogramsPanel';
import { NetworkPanel } from './network/NetworkPanel';
import { GradientNormsPanel } from './gradients/GradientNormsPanel';
import { BatchNormPanel } from './batchnorm/BatchNormPanel';
import { DataPreviewPanel } from './DataPreviewPanel';

/** One panel of the grid. */
export interface PanelEntry {
  id: PanelId;
  component: ComponentType;
}

/** The panels in display order. */
export const PANELS: PanelEntry[] = [
  { id: 'loss', component: LossPanel },
  { id: 'diagnosis', component: DiagnosisPanel },
  { id: 'boundary', component: BoundaryPanel },
  { id: 'digits', component: DigitsPanel },
  { id: 'network', component: NetworkPanel },
  { id: 'masks', component: DropoutMasksPanel },
  { id: 'weights', component: WeightHistogramsPanel },
  { id: 'gradients', component: GradientNormsPanel },
  { id: 'batchnorm', component: BatchNormPanel },
  { id: 'data', component: DataPreviewPanel },
];
