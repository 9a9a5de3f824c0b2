// @vitest-environment node
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer fences of eslint.config.js, proven on code that breaks them: each snippet is linted
 * as if it were a file of that layer, and must fail with the fence's message.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function fenceMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((message) => /restricted-imports/.test(message.ruleId ?? '')).map((message) => message.message);
}

const VIOLATIONS: [string, string, string][] = [
  ['src/settings/violation.ts', "import { runStore } from '../state/runStore';\nexport const x = runStore;\n", 'src/settings imports nothing above it'],
  ['src/settings/violation.ts', "import { buildRun } from '../run/run';\nexport const x = buildRun;\n", 'src/settings imports nothing above it'],
  ['src/run/violation.ts', "import { PROTOCOL_VERSION } from '../worker/protocol';\nexport const x = PROTOCOL_VERSION;\n", 'src/run imports only'],
  ['src/worker/violation.ts', "import { settingsStore } from '../state/settingsStore';\nexport const x = settingsStore;\n", 'The worker imports nothing from the state or UI layers'],
  ['src/worker/violation.ts', "import { App } from '../ui/App';\nexport const x = App;\n", 'The worker imports nothing from the state or UI layers'],
  ['src/state/violation.ts', "import { App } from '../ui/App';\nexport const x = App;\n", 'State imports nothing from the UI'],
  ['src/ui/panels/violation.ts', "import type { EpochMetrics } from '../../engine/contract';\nexport type X = EpochMetrics;\n", 'only through its public index'],
  ['src/ui/panels/violation.ts', "import { Trainer } from '../../engine';\nexport const x = Trainer;\n", 'imports only types from the engine'],
  ['src/ui/panels/violation.ts', "import type { SnapshotEvent } from '../../worker/protocol';\nexport type X = SnapshotEvent;\n", 'Only the run handle'],
  ['src/ui/export/violation.ts', "import { resolveInitializer } from '../../engine/initializers';\nexport const x = resolveInitializer;\n", 'only through its public index'],
];

describe('layer fences (ESLint)', () => {
  it.each(VIOLATIONS)('%s: %s fails lint', async (filePath, code, expected) => {
    const messages = await fenceMessages(filePath, code);
    expect(messages.some((message) => message.includes(expected))).toBe(true);
  }, 30_000);

  it('lets each layer import what is below it', async () => {
    expect(await fenceMessages('src/settings/allowed.ts', "import { DIGITS_TRAIN_SIZES } from '../data';\nexport const x = DIGITS_TRAIN_SIZES;\n")).toEqual([]);
    expect(await fenceMessages('src/run/allowed.ts', "import { toLiveSettings } from '../settings/translate';\nexport const x = toLiveSettings;\n")).toEqual([]);
    expect(await fenceMessages('src/worker/allowed.ts', "import { buildRun } from '../run/run';\nexport const x = buildRun;\n")).toEqual([]);
    expect(await fenceMessages('src/ui/panels/allowed.ts', "import type { EpochMetrics } from '../../engine';\nimport { history } from '../../state/telemetryStore';\nexport type X = EpochMetrics;\nexport const y = history;\n")).toEqual([]);
    expect(await fenceMessages('src/ui/export/allowed.ts', "import { ADAM_BETA1 } from '../../engine';\nexport const x = ADAM_BETA1;\n")).toEqual([]);
  }, 30_000);
});
