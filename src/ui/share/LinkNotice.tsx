import { setUi, useUi } from '../../state/uiStore';
import { capProblems } from '../../state/problemList';

/**
 * Lists what was wrong with the link that opened the page (dropped or clamped values), dismissibly.
 * `compact` (the embed widget): one line that opens into the list, so a bad link costs a reader
 * one line of the blog post, not the widget.
 */
export function LinkNotice({ compact = false }: { compact?: boolean }) {
  const problems = useUi((state) => state.linkProblems);
  if (problems.length === 0) return null;
  const listed = capProblems(problems);
  const items = (
    <ul>
      {listed.map((problem, index) => (
        <li key={index}>{problem}</li>
      ))}
    </ul>
  );
  const dismiss = (
    <button type="button" className="small" onClick={() => setUi({ linkProblems: [] })}>
      Dismiss
    </button>
  );
  if (compact) {
    return (
      <div className="banner warning link-notice compact" role="status" aria-label="Link problems">
        {listed.length === 1 ? (
          <p>{listed[0]}</p>
        ) : (
          <details>
            <summary>{`${listed.length} parts of this widget's link could not be used; the rest was applied.`}</summary>
            {items}
          </details>
        )}
        {dismiss}
      </div>
    );
  }
  return (
    <div className="banner warning link-notice" role="status" aria-label="Link problems">
      <strong>Some of the link could not be used:</strong>
      {items}
      <p>Everything else from the link was applied.</p>
      {dismiss}
    </div>
  );
}
