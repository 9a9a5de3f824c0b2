import { useEffect } from 'react';
import { EMBED_PREFIX, parseEmbedMessage } from './embedProtocol';
import { EmbedCommandQueue } from './commandQueue';
import { applySettings, pause, play, reset } from '../../state/runController';
import { setUi } from '../../state/uiStore';

/** Posts to the embedding page, if there is one. */
function toParent(message: Record<string, unknown>): void {
  if (window.parent !== window) window.parent.postMessage(message, '*');
}

/** Runs `flush` before the next frame (a timer where frames do not run, e.g. a hidden tab). */
function beforeNextFrame(flush: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    flush();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  // Hidden iframes get no frames: a timer makes sure commands still apply.
  setTimeout(once, 100);
}

/**
 * The embedded page's side of the bridge: reports its height whenever it changes, and runs the
 * parent's commands, coalesced to at most one settings change per frame (EmbedCommandQueue).
 * Messages from any window other than the parent are ignored.
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

    const queue = new EmbedCommandQueue(
      {
        applySettings,
        reset: () => reset(),
        play,
        pause,
        setTheme: (theme) => setUi({ theme }),
        reportError: (message) => toParent({ type: `${EMBED_PREFIX}error`, message }),
      },
      beforeNextFrame,
    );
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent) return;
      const { command, problems } = parseEmbedMessage(event.data);
      queue.refuse(problems);
      if (command) queue.push(command);
    };
    window.addEventListener('message', onMessage);
    return () => {
      queue.close();
      observer?.disconnect();
      window.removeEventListener('message', onMessage);
    };
  }, []);
}
