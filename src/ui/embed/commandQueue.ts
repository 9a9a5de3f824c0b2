/**
 * Coalesces the parent page's commands: however many arrive, at most one settings change (and one
 * of each run command) is applied per animation frame, and at most a few error messages go back.
 * A script that posts 5,000 setSettings in a row thus costs one render, not 5,000 (which froze the
 * widget and hit React's update-depth limit).
 *
 * Within one frame: the settings of every setSettings are merged (later values win) and applied
 * first, then a reset if one came, then the last of play/pause, then the last theme.
 */
import type { CheckedPatch } from '../../settings/settingsValidation';
import type { EmbedCommand } from './embedProtocol';
import { moreLine } from '../../state/problemList';

/** What the queue drives: the run controller and the UI store in the page, fakes in tests. */
export interface EmbedActions {
  /** A function property, not a method: its parameter is checked strictly (only checked settings). */
  applySettings: (patch: CheckedPatch) => void;
  reset(): void;
  play(): void;
  pause(): void;
  setTheme(theme: 'light' | 'dark' | 'auto'): void;
  /** Sends one refused-command message to the parent. */
  reportError(message: string): void;
}

/** Most error messages sent to the parent per frame; the rest are counted in one last message. */
export const MAX_ERRORS_PER_FRAME = 5;

/** The per-frame queue. `schedule` runs its callback once before the next frame (requestAnimationFrame in the page). */
export class EmbedCommandQueue {
  private settings: CheckedPatch | null = null;
  private resetWanted = false;
  private run: 'play' | 'pause' | null = null;
  private theme: 'light' | 'dark' | 'auto' | null = null;
  private errors: string[] = [];
  private droppedErrors = 0;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly actions: EmbedActions,
    private readonly schedule: (flush: () => void) => void,
  ) {}

  /** Queues a validated command. */
  push(command: EmbedCommand): void {
    switch (command.command) {
      case 'setSettings':
        this.settings = { ...this.settings, ...command.settings };
        break;
      case 'reset':
        this.resetWanted = true;
        break;
      case 'play':
      case 'pause':
        this.run = command.command;
        break;
      case 'setTheme':
        this.theme = command.theme;
        break;
    }
    this.request();
  }

  /** Queues error messages for the parent (capped per frame). */
  refuse(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.errors.length < MAX_ERRORS_PER_FRAME) this.errors.push(problem);
      else this.droppedErrors++;
    }
    if (problems.length > 0) this.request();
  }

  /** Applies what is queued now (the scheduled callback; tests call it directly). */
  flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    const { settings, resetWanted, run, theme, errors, droppedErrors } = this;
    this.settings = null;
    this.resetWanted = false;
    this.run = null;
    this.theme = null;
    this.errors = [];
    this.droppedErrors = 0;
    if (settings) this.actions.applySettings(settings);
    if (resetWanted) this.actions.reset();
    if (run) this.actions[run]();
    if (theme) this.actions.setTheme(theme);
    for (const message of errors) this.actions.reportError(message);
    if (droppedErrors > 0) this.actions.reportError(`${moreLine(droppedErrors)} (refused commands in this frame)`);
  }

  /** Stops applying anything (the widget is going away). */
  close(): void {
    this.closed = true;
  }

  private request(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }
}
