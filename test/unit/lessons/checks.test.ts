/**
 * The lesson checks on hand-made metrics: each verdict, the waiting states, and the edge cases
 * (no weights yet, diverged runs, runs B that do not differ in the technique).
 */
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../src/settings/settingsTable';
import { evaluateLesson, lessonSettings, LESSONS, LESSON_BY_ID, type Lesson, type LessonRunView } from '../../../src/ui/lessons/lessons';
import { curve, denseLayer, epoch, geometric, layer, repeat, runOf, viewOf } from './fixtures';

const check = (lessonId: string, view: LessonRunView) => LESSON_BY_ID[lessonId].check(view);

describe('the lesson table', () => {
  it('has one lesson per topic, each complete and short', () => {
    expect(new Set(LESSONS.map((lesson) => lesson.id)).size).toBe(LESSONS.length);
    expect(new Set(LESSONS.map((lesson) => lesson.topic)).size).toBe(8);
    for (const lesson of LESSONS) {
      expect(lesson.tryThis.length, lesson.id).toBeGreaterThanOrEqual(2);
      expect(lesson.tryThis.length, lesson.id).toBeLessThanOrEqual(4);
      expect(lesson.text.length, lesson.id).toBeLessThan(700);
      expect(lesson.preset.seed, lesson.id).toBeTypeOf('number');
      expect(lesson.steps, lesson.id).toBeGreaterThan(0);
      expect(lesson.steps, lesson.id).toBeLessThanOrEqual(10_000);
      expect(lesson.predict, lesson.id).toBeDefined();
      if (lesson.compare) expect(lesson.compareLabel, lesson.id).toBeTruthy();
    }
  });

  it('says where the guide is contested: batch norm, L2 as weight decay, dropout', () => {
    expect(LESSON_BY_ID['batch-norm'].contested).toMatch(/Santurkar/);
    expect(LESSON_BY_ID['l1-l2'].contested).toMatch(/AdamW/);
    expect(LESSON_BY_ID.dropout.contested).toMatch(/co-adaptation/);
  });

  it('batch norm declares its comparison; run B applies it on top of the preset', () => {
    const lesson = LESSON_BY_ID['batch-norm'];
    expect(lesson.compare).toEqual({ batchNorm: true });
    expect(lessonSettings(lesson, 'A').batchNorm).toBe(false);
    expect(lessonSettings(lesson, 'B')).toEqual({ ...lessonSettings(lesson, 'A'), batchNorm: true });
  });

  it('reports a check that throws instead of breaking the page', () => {
    const broken: Lesson = { ...LESSONS[0], check: () => { throw new Error('boom'); } };
    expect(evaluateLesson(broken, viewOf(runOf('generalization', [])))).toEqual({ status: 'waiting', headline: 'The check could not run: boom' });
  });

  it.each(LESSONS.map((lesson) => [lesson.id]))('%s waits while there are no epochs', (id) => {
    const result = check(id, viewOf(runOf(id, []), { informativeFeatures: [0] }));
    expect(result.status).toBe('waiting');
  });

  it.each(LESSONS.filter((lesson) => lesson.id !== 'gradients').map((lesson) => [lesson.id]))('%s does not count a diverged run as evidence', (id) => {
    const run = { ...runOf(id, curve(repeat(0.5, 40), repeat(0.5, 40))), diverged: { step: 12, epoch: 0, where: 'loss' } };
    const result = check(id, viewOf(run, { informativeFeatures: [0] }));
    expect(result.status).not.toBe('holds');
  });
});

describe('generalization', () => {
  const accuracies = (train: number, validation: number) => ({ train: repeat(train, 25), validation: repeat(validation, 25) });

  it('holds when training accuracy is far above validation, with both numbers', () => {
    const result = check('generalization', viewOf(runOf('generalization', curve(repeat(0.01, 25), repeat(2, 25), accuracies(1, 0.55)))));
    expect(result.status).toBe('holds');
    expect(result.headline).toContain('100.0%');
    expect(result.headline).toContain('55.0%');
    expect(result.headline).toContain('45.0 points');
  });

  it('does not hold when the gap is small', () => {
    const result = check('generalization', viewOf(runOf('generalization', curve(repeat(0.1, 25), repeat(0.12, 25), accuracies(0.97, 0.96)), { trainCount: 500 })));
    expect(result.status).toBe('does-not-hold');
    expect(result.headline).toContain('500 training examples');
  });

  it('calls a network that does not fit its own examples underfitting, not generalizing', () => {
    const result = check('generalization', viewOf(runOf('generalization', curve(repeat(0.6, 25), repeat(0.7, 25), accuracies(0.6, 0.55)))));
    expect(result.status).toBe('does-not-hold');
    expect(result.headline).toContain('underfitting');
  });

  it('uses the loss ratio for regression', () => {
    const run = runOf('generalization', curve(repeat(0.01, 25), repeat(0.5, 25)));
    expect(check('generalization', viewOf(run, { task: 'regression' })).status).toBe('holds');
  });

  it('waits for 20 epochs', () => {
    expect(check('generalization', viewOf(runOf('generalization', curve(repeat(0.01, 19), repeat(2, 19), { train: repeat(1, 19), validation: repeat(0.5, 19) })))).status).toBe('waiting');
  });

  it('compares a small and a large training set whichever run is which', () => {
    const small = runOf('generalization', curve(repeat(0.01, 25), repeat(2, 25), accuracies(1, 0.55)));
    const large = runOf('generalization', curve(repeat(0.1, 25), repeat(0.12, 25), accuracies(0.97, 0.96)), { trainCount: 500 });
    expect(check('generalization', viewOf(small, { compare: large })).status).toBe('holds');
    expect(check('generalization', viewOf(large, { compare: small })).status).toBe('holds');
    const same = check('generalization', viewOf(small, { compare: small }));
    expect(same.status).toBe('does-not-hold');
    expect(same.headline).toContain('Both runs train on 30 examples');
  });
});

describe('over- and underfitting', () => {
  const falling = geometric(0.5, 0.9, 40);

  it('holds on a U-shaped validation curve while training keeps falling', () => {
    const validation = [...geometric(1, 0.9, 20), ...geometric(0.9 ** 19, 1.05, 20)];
    const result = check('fitting', viewOf(runOf('fitting', curve(falling, validation)), { task: 'regression' }));
    expect(result.status).toBe('holds');
    expect(result.headline).toMatch(/^Validation loss rose \d+% after its minimum 0\.\d+ at epoch 20 while training loss kept falling/);
  });

  it('does not hold on a flat validation curve, and names underfitting on the sine set', () => {
    const epochs = curve(repeat(0.3, 40), repeat(0.31, 40)).map((metrics) => ({ ...metrics, trainRmse: Math.sqrt(0.3) }));
    const result = check('fitting', viewOf(runOf('fitting', epochs), { task: 'regression' }));
    expect(result.status).toBe('does-not-hold');
    expect(result.headline).toContain('underfitting');
    expect(result.details?.[0]).toMatch(/too simple/);
  });

  it('does not call a noisy curve overfitting when training loss did not fall', () => {
    const validation = [...repeat(0.5, 37), 0.8, 0.8, 0.8];
    const result = check('fitting', viewOf(runOf('fitting', curve(repeat(0.1, 40), validation)), { task: 'regression' }));
    expect(result.status).toBe('does-not-hold');
    expect(result.headline).toContain('unstable training');
  });

  it('does not call a rise overfitting while validation stays close to training', () => {
    const training = [...repeat(0.3, 37), 0.25, 0.25, 0.25];
    const validation = [...repeat(0.25, 37), 0.31, 0.31, 0.31];
    const result = check('fitting', viewOf(runOf('fitting', curve(training, validation)), { task: 'regression' }));
    expect(result.status).toBe('does-not-hold');
    expect(result.headline).toContain('no real overfitting');
  });
});

describe('L1 vs L2', () => {
  const informative = [0, 5, 9];
  const names = Array.from({ length: 20 }, (_, index) => `x${index + 1}`);
  const weights = (noiseWeight: number, lost: number[] = []) =>
    denseLayer(
      'dense 1',
      names.map((_, index) => (informative.includes(index) && !lost.includes(index) ? [0.8, -0.4] : [noiseWeight, 0])),
    );
  const view = (parameters: ReturnType<typeof weights> | null, changes: Partial<Settings> = {}, extra: Partial<LessonRunView> = {}) =>
    viewOf(runOf('l1-l2', curve(repeat(0.2, 25), repeat(0.2, 25)), changes, parameters ? [parameters, denseLayer('output', [[1], [1]])] : null), {
      informativeFeatures: informative,
      featureNames: names,
      ...extra,
    });

  it('holds when the noise rows are zero and the informative ones kept, naming the features', () => {
    const result = check('l1-l2', view(weights(0)));
    expect(result.status).toBe('holds');
    expect(result.headline).toContain('17 of 17 noise features');
    expect(result.headline).toContain('3 of 3 informative features kept');
    expect(result.details?.[0]).toBe('Informative features: x1, x6 and x10.');
  });

  it('does not hold when noise weights stay, or an informative feature is lost', () => {
    expect(check('l1-l2', view(weights(0.01), { l1Enabled: false, l2Enabled: true })).headline).toMatch(/^L2 \(λ₂ = 0\.07\): 0 of 17/);
    const lost = check('l1-l2', view(weights(0, [5])));
    expect(lost.status).toBe('does-not-hold');
    expect(lost.details?.[0]).toContain('pruned by mistake: x6');
  });

  it('waits without the features set or without weights', () => {
    expect(check('l1-l2', view(weights(0), {}, { informativeFeatures: null })).headline).toContain('many-features set');
    expect(check('l1-l2', view(null)).headline).toContain('Waiting for the weights');
  });

  it('compares an L1 run with an L2 run, and refuses two L1 runs', () => {
    const l1 = view(weights(0));
    const l2 = view(weights(0.05), { l1Enabled: false, l2Enabled: true });
    const compared = check('l1-l2', { ...l2, compare: l1 });
    expect(compared.status).toBe('holds');
    expect(compared.numbers).toEqual({ prunedA: 0, prunedB: 17, noiseFeatures: 17 });
    const twice = check('l1-l2', { ...l1, compare: l1 });
    expect(twice.status).toBe('does-not-hold');
    expect(twice.headline).toContain('Both runs use L1');
  });
});

describe('dropout', () => {
  const test = (accuracy: number, loss: number) => ({ loss, accuracy, rmse: null, count: 2000, step: 640, epoch: 40 });
  const withDropout = (accuracy = 0.91, loss = 0.36) => ({ ...runOf('dropout', curve(repeat(0.2, 10), repeat(0.33, 10))), test: test(accuracy, loss) });
  const without = (accuracy = 0.9, loss = 0.42) => ({ ...runOf('dropout', curve(repeat(0.01, 10), repeat(0.4, 10)), { dropoutEnabled: false }), test: test(accuracy, loss) });

  it('one run waits for the comparison, with its test figures once revealed', () => {
    const result = check('dropout', viewOf(withDropout()));
    expect(result.status).toBe('waiting');
    expect(result.headline).toMatch(/^With dropout 0\.5: test loss 0\.360, accuracy 91\.0%\. One run cannot show/);
  });

  it('waits for the test figures of both runs before judging', () => {
    const result = check('dropout', viewOf(withDropout(), { compare: { ...without(), test: null } }));
    expect(result.status).toBe('waiting');
    expect(result.headline).toContain('Reveal test');
  });

  it('holds when test accuracy is higher with dropout, whichever run is B, with loss and accuracy of both', () => {
    const ab = check('dropout', viewOf(withDropout(), { compare: without() }));
    const ba = check('dropout', viewOf(without(), { compare: withDropout() }));
    expect(ab.status).toBe('holds');
    expect(ba.numbers).toEqual(ab.numbers);
    expect(ab.headline).toBe('Test accuracy 1.0 points higher with dropout: With dropout: test loss 0.360, accuracy 91.0%; without: test loss 0.420, accuracy 90.0%. Dropout helped on unseen digits.');
  });

  it('never says "Holds" when test accuracy got worse, and says so when loss and accuracy disagree', () => {
    const worse = check('dropout', viewOf(withDropout(0.895, 0.36), { compare: without() }));
    expect(worse.status).toBe('does-not-hold');
    expect(worse.headline).toMatch(/^Test accuracy 0\.5 points lower with dropout/);
    expect(worse.details?.[0]).toMatch(/^Loss and accuracy disagree: the test loss is 14% lower with dropout, while the accuracy is worse\./);
    expect(check('dropout', viewOf(without(), { compare: without() })).headline).toContain('Neither run uses dropout');
  });
});

describe('early stopping', () => {
  // Best at epoch 10 (epoch 11 only ties it), then rising: patience 20 stops at epoch 30.
  const validation = [...geometric(1, 0.9, 10), ...geometric(0.9 ** 9, 1.02, 20)];
  const epochs = curve(geometric(1, 0.9, 30), validation);
  const rule = { patience: 20 };

  it('holds when it stopped patience epochs after the best and restores those weights', () => {
    const result = check('early-stopping', viewOf(runOf('early-stopping', epochs, rule)));
    expect(result.status).toBe('holds');
    expect(result.numbers).toMatchObject({ stopEpoch: 30, bestEpoch: 10 });
    expect(result.headline).toMatch(/^Early stopping stopped at epoch 30, 20 epochs after the best validation loss \(0\.387 at epoch 10\)/);
  });

  it('waits while patience is not used up, and counts the wait', () => {
    const result = check('early-stopping', viewOf(runOf('early-stopping', epochs.slice(0, 25), rule)));
    expect(result.status).toBe('waiting');
    expect(result.headline).toContain('15 of 20 epochs of patience used');
  });

  it('starts a fresh count when training goes on after a stop', () => {
    const resumed = curve(geometric(1, 0.9, 31), [...validation, 0.5]);
    const result = check('early-stopping', viewOf(runOf('early-stopping', resumed, rule)));
    expect(result.status).toBe('waiting');
    expect(result.headline).toContain('at epoch 31; 0 of 20');
  });

  it('does not hold without restoring, or with early stopping off', () => {
    expect(check('early-stopping', viewOf(runOf('early-stopping', epochs, { ...rule, restoreBest: false }))).headline).toContain('"Restore best weights" is off');
    const off = check('early-stopping', viewOf(runOf('early-stopping', epochs, { ...rule, earlyStopping: false })));
    expect(off.status).toBe('does-not-hold');
    expect(off.headline).toContain('would have stopped at epoch 30');
    expect(off.numbers?.epochsPast).toBe(20);
  });

  it('compares the restored weights with the last weights on test: loss and accuracy, never "Holds" when accuracy is worse', () => {
    const test = (accuracy: number, loss: number) => ({ loss, accuracy, rmse: null, count: 320, step: 150, epoch: 30 });
    const kept = { ...runOf('early-stopping', epochs, rule), test: test(0.85, 0.4) };
    const last = { ...runOf('early-stopping', epochs, { ...rule, restoreBest: false }), test: test(0.8, 0.6) };
    const result = check('early-stopping', viewOf(kept, { compare: last }));
    expect(result.status).toBe('holds');
    expect(result.headline).toMatch(/^Test loss 33% lower with the restored weights; test accuracy 5\.0 points higher with the restored weights of epoch 10\./);
    const worseAccuracy = check('early-stopping', viewOf(kept, { compare: { ...last, test: test(0.86, 0.6) } }));
    expect(worseAccuracy.status).toBe('does-not-hold');
    expect(worseAccuracy.details?.[0]).toMatch(/^Loss and accuracy disagree/);
    expect(check('early-stopping', viewOf(kept, { compare: { ...last, test: null } })).status).toBe('waiting');
  });
});

describe('vanishing and exploding gradients', () => {
  const withRatio = (first: number, count = 5) =>
    Array.from({ length: count }, (_, index) => epoch(index + 1, { layers: [layer('dense 1', first), layer('dense 2', 1e-3), layer('output', 1)] }));

  it('holds on a vanishing or exploding ratio and on divergence; healthy gradients do not', () => {
    expect(check('gradients', viewOf(runOf('gradients', withRatio(1e-12)))).headline).toMatch(/^Sigmoid with N\(0, 0\.01²\): the first layer's gradient is 1e-12× the last layer's/);
    expect(check('gradients', viewOf(runOf('gradients', withRatio(1e4)))).status).toBe('holds');
    const healthy = check('gradients', viewOf(runOf('gradients', withRatio(0.5), { activation: 'relu', initializer: 'heNormal' })));
    expect(healthy.status).toBe('does-not-hold');
    expect(healthy.headline).toContain('ReLU with He normal');
    const diverged = check('gradients', viewOf({ ...runOf('gradients', []), diverged: { step: 6, epoch: 0, where: 'activations of dense 3' } }));
    expect(diverged.status).toBe('holds');
    expect(diverged.headline).toContain('diverged at step 6');
  });

  it('waits for three epochs and for a network with two layers', () => {
    expect(check('gradients', viewOf(runOf('gradients', withRatio(1e-12, 2)))).status).toBe('waiting');
    const oneLayer = Array.from({ length: 5 }, (_, index) => epoch(index + 1, { layers: [layer('output', 1)] }));
    expect(check('gradients', viewOf(runOf('gradients', oneLayer))).status).toBe('waiting');
  });

  it('compares: one unstable run and one healthy run', () => {
    const sick = runOf('gradients', withRatio(1e-12));
    const healthy = runOf('gradients', withRatio(0.5), { activation: 'relu', initializer: 'heNormal' });
    expect(check('gradients', viewOf(sick, { compare: healthy })).status).toBe('holds');
    expect(check('gradients', viewOf(healthy, { compare: healthy })).status).toBe('does-not-hold');
  });
});

describe('batch normalization', () => {
  // Validation loss falling by 0.05 an epoch, reaching 0.3 at a given epoch.
  const reaching = (epochNumber: number, count: number) => curve(repeat(0.5, count), Array.from({ length: count }, (_, index) => Math.max(0.05, 0.3 + 0.05 * (epochNumber - 1 - index))));
  const without = (count = 60, at = 40) => runOf('batch-norm', reaching(at, count));
  const withBn = (at: number, count = 60) => runOf('batch-norm', reaching(at, count), { batchNorm: true });

  it('waits for the comparison on a single run, with the targets it reached', () => {
    const result = check('batch-norm', viewOf(without()));
    expect(result.status).toBe('waiting');
    expect(result.headline).toContain('0.300 at epoch 40');
  });

  it('races to every target and draws the speed-up curve, whichever run is B', () => {
    const fast = check('batch-norm', viewOf(without(), { compare: withBn(20) }));
    expect(fast.status).toBe('holds');
    expect(fast.headline).toMatch(/^With batch norm the run was faster to 0\.600, 0\.500, 0\.400, 0\.300, 0\.200, 0\.100/);
    expect(fast.details).toContain('Validation loss 0.300: with batch norm epoch 20, without epoch 40 (2×).');
    expect(fast.curve?.points).toHaveLength(6);
    expect(fast.curve?.points.find((point) => point.x === 0.3)?.y).toBe(2);
    expect(check('batch-norm', viewOf(withBn(20), { compare: without() })).numbers).toEqual(fast.numbers);
    expect(check('batch-norm', viewOf(without(), { compare: withBn(34) })).status).toBe('does-not-hold');
  });

  it('says where batch norm is slower and where it ends higher', () => {
    // BN fast to the easy targets, then stuck at 0.25: the plain run reaches 0.2 and 0.1, BN never.
    const stuck = runOf('batch-norm', curve(repeat(0.5, 60), Array.from({ length: 60 }, (_, index) => Math.max(0.25, 0.7 - 0.1 * index))), { batchNorm: true });
    const result = check('batch-norm', viewOf(without(), { compare: stuck }));
    expect(result.headline).toContain('slower to 0.200, 0.100');
    expect(result.headline).toContain('batch norm ends higher');
    expect(result.numbers?.endsHigher).toBe(1);
  });

  it('does not compare two runs that both lack batch norm; credits BN when only the other run diverged', () => {
    expect(check('batch-norm', viewOf(without(), { compare: without() })).headline).toContain('Neither run uses batch norm');
    const diverged = { ...without(), diverged: { step: 30, epoch: 1, where: 'loss' } };
    expect(check('batch-norm', viewOf(diverged, { compare: withBn(20) })).status).toBe('holds');
    expect(check('batch-norm', viewOf(without(), { compare: { ...withBn(20), diverged: { step: 30, epoch: 1, where: 'loss' } } })).status).toBe('does-not-hold');
  });
});

describe('best practices', () => {
  const accuracies = (count: number, train: number, validation: number) => ({ train: repeat(train, count), validation: repeat(validation, count) });
  // Validation falls to a minimum at epoch 10 and rises after it; early stopping (patience 30) stops at epoch 40.
  const validation = [...geometric(0.6, 0.85, 10), ...geometric(0.6 * 0.85 ** 9, 1.03, 30)];
  const test = (accuracy: number, loss: number) => ({ loss, accuracy, rmse: null, count: 320, step: 200, epoch: 40 });
  const off = { dropoutEnabled: false, batchNorm: false, l2Enabled: false, earlyStopping: false };
  const regularized = { ...runOf('best-practices', curve(validation.map((value) => value * 0.9), validation, accuracies(40, 0.95, 0.93))), test: test(0.9, 0.3) };
  const overfit = { ...runOf('best-practices', curve(repeat(0.01, 40), validation, accuracies(40, 1, 0.9)), off), test: test(0.87, 0.9) };

  it('one run names its kept weights and waits for the comparison', () => {
    const result = check('best-practices', viewOf(regularized));
    expect(result.status).toBe('waiting');
    expect(result.headline).toContain('kept weights (epoch 10, restored)');
    expect(result.headline).toContain('batch norm, dropout 0.3, L2 0.001 and early stopping');
    expect(result.headline).toContain('test loss 0.300, accuracy 90.0%');
  });

  it('compares on test accuracy: holds when higher with the recipe, never when lower', () => {
    const result = check('best-practices', viewOf(regularized, { compare: overfit }));
    expect(result.status).toBe('holds');
    expect(result.headline).toMatch(/^Test accuracy 3\.0 points higher with standardized inputs, batch norm/);
    expect(check('best-practices', viewOf(overfit, { compare: regularized })).numbers).toEqual(result.numbers);
    const lower = check('best-practices', viewOf({ ...regularized, test: test(0.86, 0.3) }, { compare: overfit }));
    expect(lower.status).toBe('does-not-hold');
    expect(lower.details?.[0]).toMatch(/^Loss and accuracy disagree/);
    expect(check('best-practices', viewOf(overfit, { compare: overfit })).status).toBe('does-not-hold');
  });
});
