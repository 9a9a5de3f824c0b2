import { useEffect } from 'react';
import { EMBED_PREFIX, parseEmbedMessage } from './embedProtocol';
import { applySettings, pause, play, reset } from '../../state/runController';
import { setUi } from '../../state/uiStore';

/** Posts to the embedding page, if there is one. */
function toParent(message: Record<string, unknown>): void {
  if (window.parent !== window) window.parent.postMessage(message, '*');
}

/**
 * The embedded page's side of the bridge: reports its height whenever it changes, and runs the
 * parent's commands. Messages from any window other than the parent are ignored.
 */
export function useEmbedBridge(): void {
  useEffect(() => {
    if (window.parent === window) return;
    let lastHeight = -1;
    const reportHeight = () => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === lastHeight) return;
      lastHeight = height;
      toParent({ type: `${EMBED_PREFIX}height`, height });
    };
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(reportHeight) : null;
    observer?.observe(document.documentElement);
    observer?.observe(document.body);
    reportHeight();
    toParent({ type: `${EMBED_PREFIX}ready` });

    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      const { command, problems } = parseEmbedMessage(event.data);
      for (const message of problems) toParent({ type: `${EMBED_PREFIX}error`, message });
      if (!command) return;
      switch (command.command) {
        case 'play':
          return play();
        case 'pause':
          return pause();
        case 'reset':
          return reset();
        case 'setSettings':
          return applySettings(command.settings);
        case 'setTheme':
          return setUi({ theme: command.theme });
      }
    };
    window.addEventListener('message', onMessage);
    return () => {
      observer?.disconnect();
      window.removeEventListener('message', onMessage);
    };
  }, []);
}
