/** The changes a user can pick for run B: one regularizer each, on top of A's settings. */
import type { Settings } from '../../settings/settingsTable';

/** A choice in the "Compare with" menu. */
export interface ComparePreset {
  id: string;
  label: string;
  changes: Partial<Settings>;
}

/** What B can add. */
export const COMPARE_PRESETS: ComparePreset[] = [
  { id: 'dropout', label: '+ dropout 0.5', changes: { dropoutEnabled: true, dropoutRate: 0.5 } },
  { id: 'l2', label: '+ L2 0.001', changes: { l2Enabled: true, l2: 0.001 } },
  { id: 'l1', label: '+ L1 0.001', changes: { l1Enabled: true, l1: 0.001 } },
  { id: 'batchnorm', label: '+ batch normalization', changes: { batchNorm: true } },
  { id: 'early-stopping', label: '+ early stopping (patience 20)', changes: { earlyStopping: true, patience: 20 } },
  { id: 'all', label: '+ dropout, L2 and batch normalization', changes: { dropoutEnabled: true, dropoutRate: 0.3, l2Enabled: true, l2: 0.001, batchNorm: true } },
];
