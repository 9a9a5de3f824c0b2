/** The "Try this" steps: which step the student is on, and what the check should say there. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_BY_KEY } from '../../../src/settings/settingsTable';
import { LESSONS, LESSON_BY_ID, lessonSettings } from '../../../src/ui/lessons/lessons';
import { currentStepIndex, differencesFromStep, expectedStatus, stepSettings, stepTarget } from '../../../src/ui/lessons/trySteps';

describe('try-this steps', () => {
  it('name only real settings, and only the negative control is expected not to hold (the seed tests hold that on seeds 1-10)', () => {
    for (const lesson of LESSONS) {
      lesson.tryThis.forEach((step, index) => {
        for (const key of Object.keys(stepSettings(step))) expect(SETTING_BY_KEY[key as keyof typeof SETTING_BY_KEY], `${lesson.id} step ${index + 1}: ${key}`).toBeDefined();
        const expected = expectedStatus(lesson, index);
        if (expected !== null) expect(stepSettings(step)).toEqual(lesson.control);
      });
    }
    // The generalization lesson's second step (500 examples) closes the gap: expected, not a failure.
    expect(expectedStatus(LESSON_BY_ID.generalization, 1)).toBe('does-not-hold');
    expect(expectedStatus(LESSON_BY_ID.generalization, 0)).toBeNull();
    expect(expectedStatus(LESSON_BY_ID.generalization, null)).toBeNull();
  });

  it('knows the step from the settings: the preset, a pressed step, a step typed by hand, or something else', () => {
    const lesson = LESSON_BY_ID.generalization;
    const preset = lessonSettings(lesson);
    expect(currentStepIndex(lesson, null, preset)).toBeNull();
    const stepTwo = { ...DEFAULT_SETTINGS, ...stepTarget(lesson, 1) };
    expect(currentStepIndex(lesson, 1, stepTwo)).toBe(1);
    expect(currentStepIndex(lesson, null, stepTwo)).toBe(1);
    expect(currentStepIndex(lesson, 1, { ...stepTwo, trainCount: 200 })).toBe('custom');
    // A new seed is not a change of the lesson.
    expect(currentStepIndex(lesson, null, { ...preset, seed: 9 })).toBeNull();
  });

  it('names the values that differ from what the step set up, with the step\'s value', () => {
    const lesson = LESSON_BY_ID.generalization;
    expect(differencesFromStep(lesson, null, { ...lessonSettings(lesson), trainCount: 200, dropoutEnabled: true })).toEqual(['Training examples 200 (the lesson sets 30)', 'Dropout on (the lesson sets off)']);
    expect(differencesFromStep(lesson, 1, { ...lessonSettings(lesson), trainCount: 200 })).toEqual(['Training examples 200 (step 2 sets 500)']);
  });
});
