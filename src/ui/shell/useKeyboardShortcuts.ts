import { useEffect } from 'react';
import { uiStore, setUi } from '../../state/uiStore';
import { changeSetting } from '../../state/runController';
import { resetShown, stepShown, togglePlayShown } from '../../state/shownRun';
import { settingsStore } from '../../state/settingsStore';
import { announce } from './announce';
import { techniqueAnnouncement, techniqueForKey } from './techniqueKeys';

/** Elements where a key press belongs to the control, not to the playground. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return true; // text, number, range sliders and switches alike
  const role = target.getAttribute('role');
  return role === 'slider' || role === 'switch' || role === 'textbox' || role === 'spinbutton';
}

/**
 * Global shortcuts (on both runs while comparing): space = play/pause, → = step, r = reset, 1-5 = the five techniques on or off,
 * ? = help. Ignored while focus is in
 * a text field, slider or switch (where those keys already mean something), and when turned off.
 */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      const { shortcutsEnabled, shortcutsOpen } = uiStore.getState();
      if (event.key === '?') {
        setUi({ shortcutsOpen: !shortcutsOpen });
        event.preventDefault();
        return;
      }
      if (!shortcutsEnabled || shortcutsOpen) return;
      // Space on a focused button activates that button: leave it alone.
      if (event.key === ' ' && event.target instanceof HTMLButtonElement) return;
      if (event.key === ' ') {
        togglePlayShown();
        event.preventDefault();
      } else if (event.key === 'ArrowRight') {
        stepShown();
        event.preventDefault();
      } else if (event.key === 'r' || event.key === 'R') {
        resetShown();
        event.preventDefault();
      } else {
        const technique = techniqueForKey(event.key);
        // A teacher's link that hides a switch also turns its key off.
        if (technique === null || uiStore.getState().view.hide.includes(technique.setting)) return;
        changeSetting(technique.setting, !settingsStore.getState().settings[technique.setting]);
        announce(techniqueAnnouncement(technique, settingsStore.getState().settings));
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
