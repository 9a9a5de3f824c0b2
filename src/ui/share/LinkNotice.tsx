import { setUi, useUi } from '../../state/uiStore';

/** Lists what was wrong with the link that opened the page (dropped or clamped values), dismissibly. */
export function LinkNotice() {
  const problems = useUi((state) => state.linkProblems);
  if (problems.length === 0) return null;
  return (
    <div className="banner warning" role="status" aria-label="Link problems">
      <strong>Some of the link could not be used:</strong>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>{problem}</li>
        ))}
      </ul>
      <p>Everything else from the link was applied.</p>
      <button type="button" className="small" onClick={() => setUi({ linkProblems: [] })}>Dismiss</button>
    </div>
  );
}
