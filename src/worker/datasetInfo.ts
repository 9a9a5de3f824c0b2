/** The facts about a dataset that the worker's ready event carries to the panels. */
import type { Dataset } from '../data';
import type { Settings } from '../settings/settingsTable';
import type { DatasetInfo } from './protocol';

/** Digit images sent with the ready event, for the sample predictions. */
export const SAMPLE_IMAGES = 24;

/** Builds the ready event's dataset facts (digits: a few validation images, un-standardized for drawing). */
export function datasetInfo(dataset: Dataset, settings: Settings): DatasetInfo {
  let sampleImages: Uint8Array | null = null;
  let sampleLabels: Uint8Array | null = null;
  if (dataset.imageShape) {
    const [height, width] = dataset.imageShape;
    const pixels = height * width;
    const count = Math.min(SAMPLE_IMAGES, dataset.validation.count);
    sampleImages = new Uint8Array(count * pixels);
    sampleLabels = new Uint8Array(count);
    const { mean, std } = dataset.pipeline;
    for (let image = 0; image < count; image++) {
      sampleLabels[image] = dataset.validation.targets[image];
      for (let pixel = 0; pixel < pixels; pixel++) {
        // Undo standardization to get the ink value back for drawing.
        let value = dataset.validation.inputs[image * pixels + pixel];
        if (mean && std) value = value * std[std.length === 1 ? 0 : pixel] + mean[mean.length === 1 ? 0 : pixel];
        sampleImages[image * pixels + pixel] = Math.max(0, Math.min(255, Math.round(value * 255)));
      }
    }
  }
  return {
    name: dataset.name,
    task: dataset.task,
    inputShape: dataset.inputShape,
    outputSize: dataset.outputSize,
    featureNames: dataset.featureNames,
    classNames: dataset.classNames,
    trainCount: dataset.train.count,
    validationCount: dataset.validation.count,
    rawTrain: dataset.rawTrain,
    rawValidation: dataset.rawValidation,
    trainTargets: dataset.train.targets,
    validationTargets: dataset.validation.targets,
    domain: dataset.domain,
    informativeFeatures: dataset.informativeFeatures,
    imageShape: dataset.imageShape,
    credit: dataset.credit,
    hiddenUnits: [...settings.hiddenLayers],
    sampleImages,
    sampleLabels,
  };
}
