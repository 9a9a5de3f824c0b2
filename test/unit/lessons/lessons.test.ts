/**
 * Every lesson's preset, replayed headless with its seed for its fixed number of steps (the
 * worker's own code path), must make its check report the phenomenon the lesson teaches; a
 * negative control (the same preset without the technique, or the contrasting setting) must make
 * the same check report that the claim did not hold. Compare lessons train run A and run B.
 */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/settings/settingsTable';
import { LESSONS, LESSON_BY_ID, type LessonCheck, type LessonTopic } from '../../../src/ui/lessons/lessons';
import { lessonRunSettings, replaySettings, viewOf } from './replayLessons';

/** Per lesson: the negative control's change (applied to run A and run B alike) and what must differ. */
const CONTROLS: Readonly<Record<LessonTopic, { control: Partial<Settings>; contrast: (preset: LessonCheck, control: LessonCheck) => void }>> = {
  generalization: {
    control: { trainCount: 500 },
    contrast: (preset, control) => expect(preset.numbers!.gap).toBeGreaterThan(5 * control.numbers!.gap),
  },
  fitting: {
    control: { trainCount: 200 },
    contrast: (preset, control) => expect(preset.numbers!.rise).toBeGreaterThan(control.numbers!.rise),
  },
  'l1-l2': {
    control: { l1Enabled: false },
    contrast: (preset, control) => expect(preset.numbers!.prunedNoise).toBeGreaterThan(control.numbers!.prunedNoise + 10),
  },
  dropout: {
    control: { dropoutEnabled: false },
    contrast: (preset, control) => expect(control.numbers!.lossRatio).toBeGreaterThan(3 * preset.numbers!.lossRatio),
  },
  'early-stopping': {
    control: { earlyStopping: false },
    contrast: (preset, control) => {
      expect(preset.numbers!.stopEpoch).toBeGreaterThan(preset.numbers!.bestEpoch);
      expect(control.numbers!.epochsPast).toBeGreaterThan(preset.numbers!.stopEpoch - preset.numbers!.bestEpoch);
    },
  },
  gradients: {
    control: { activation: 'relu', initializer: 'heNormal' },
    contrast: (preset, control) => expect(control.numbers!.ratio).toBeGreaterThan(1e6 * preset.numbers!.ratio),
  },
  'batch-norm': {
    control: { batchNorm: false },
    // The single-run check cannot decide batch norm: it waits for the comparison.
    contrast: (preset, control) => expect([preset.status, control.status]).toEqual(['waiting', 'waiting']),
  },
  'best-practices': {
    control: { dropoutEnabled: false, batchNorm: false, l2Enabled: false, earlyStopping: false },
    contrast: (preset, control) => expect(control.numbers!.excess).toBeGreaterThan(preset.numbers!.excess + 0.5),
  },
};

/** Replays are slow only for digits; generous limits keep a busy CI machine from failing them. */
const TIMEOUT_MS = 60_000;

describe('lesson presets replayed headless', () => {
  it('cover every topic of the guide once', () => {
    expect(LESSONS.map((lesson) => lesson.topic).sort()).toEqual(Object.keys(CONTROLS).sort());
  });

  for (const lesson of LESSONS) {
    const { control, contrast } = CONTROLS[lesson.topic];

    it(
      `${lesson.id}: the preset shows the phenomenon after ${lesson.steps} steps; without the technique it does not`,
      () => {
        const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
        const negative = replaySettings(lessonRunSettings(lesson, 'A', control), lesson.steps);
        for (const { replay } of [a, negative]) {
          expect(replay.diverged).toBe(false);
          // Only early stopping may end a replay before its steps.
          if (!replay.stoppedEarly) expect(replay.steps).toBe(lesson.steps);
        }

        const single = lesson.check(viewOf(a));
        const singleControl = lesson.check(viewOf(negative));
        if (lesson.topic !== 'batch-norm') {
          expect(single.status, single.headline).toBe('holds');
          expect(singleControl.status, singleControl.headline).toBe('does-not-hold');
        }
        contrast(single, singleControl);
        for (const check of [single, singleControl]) expect(check.headline).toMatch(/\d/);

        if (lesson.compare) {
          const b = replaySettings(lessonRunSettings(lesson, 'B'), lesson.steps);
          const negativeB = replaySettings(lessonRunSettings(lesson, 'B', control), lesson.steps);
          const compared = lesson.check(viewOf(a, b));
          const comparedControl = lesson.check(viewOf(negative, negativeB));
          expect(compared.status, compared.headline).toBe('holds');
          expect(comparedControl.status, comparedControl.headline).toBe('does-not-hold');
          expect(compared.headline).toMatch(/\d/);
        }
      },
      TIMEOUT_MS,
    );
  }

  it('batch norm reaches the target loss at least 1.5 times sooner, as measured', () => {
    const lesson = LESSON_BY_ID['batch-norm'];
    const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
    const b = replaySettings(lessonRunSettings(lesson, 'B'), lesson.steps);
    const check = lesson.check(viewOf(a, b));
    expect(check.numbers!.speedup).toBeGreaterThanOrEqual(1.5);
    expect(check.numbers!.epochsWith).toBeLessThan(check.numbers!.epochsWithout);
    // The same two runs in the other order give the same verdict: roles come from the settings.
    expect(lesson.check(viewOf(b, a)).numbers).toEqual(check.numbers);
  });

  it('L1 against L2 on the features set: most noise features pruned by L1, hardly any by L2', () => {
    const lesson = LESSON_BY_ID['l1-l2'];
    const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
    const b = replaySettings(lessonRunSettings(lesson, 'B'), lesson.steps);
    const { prunedA, prunedB, noiseFeatures } = lesson.check(viewOf(a, b)).numbers!;
    expect(noiseFeatures).toBe(17);
    expect(prunedA).toBeGreaterThanOrEqual(14);
    expect(prunedB).toBeLessThanOrEqual(2);
  });

  it('early stopping restores the weights of the epoch it reports as best', () => {
    const lesson = LESSON_BY_ID['early-stopping'];
    const a = replaySettings(lessonRunSettings(lesson, 'A'), lesson.steps);
    const check = lesson.check(viewOf(a));
    expect(a.replay.stoppedEarly).toBe(true);
    expect(a.run.epochs[a.run.epochs.length - 1].epoch).toBe(check.numbers!.stopEpoch);
    // After the stop the trainer holds the best epoch's weights: evaluating them gives its validation loss.
    const best = a.run.epochs.find((metrics) => metrics.epoch === check.numbers!.bestEpoch)!;
    expect(a.replay.trainer.evaluate().validationLoss).toBeCloseTo(best.validationLoss, 6);
  });
});
