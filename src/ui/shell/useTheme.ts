import { useEffect } from 'react';
import { useUi } from '../../state/uiStore';

/** Applies theme and projector mode as attributes on <html>, where the CSS variables live. */
export function useTheme(): void {
  const theme = useUi((state) => state.theme);
  const projector = useUi((state) => state.projector);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
    root.toggleAttribute('data-projector', projector);
  }, [theme, projector]);
}
