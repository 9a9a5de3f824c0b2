// Both pages start here: the full playground (index.html) and the embeddable widget (embed.html,
// the same page under the name hosts may let any site frame; see scripts/vite-plugins.ts).
import { startPlayground } from './ui/boot';

void startPlayground({ embedPage: /\/embed\.html$/.test(window.location.pathname) });
