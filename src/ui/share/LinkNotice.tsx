import { setUi, useUi } from '../../state/uiStore';
import { capProblems } from '../../state/problemList';

/** The notice formatChanges.ts writes for a link of an older format version. */
const OLDER_VERSION = /^This link is from version \d+ of the playground \(now \d+\)/;

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
  // A link from an older version is applied whole: its notice says what changed, not what was dropped.
  const onlyVersion = problems.every((problem) => OLDER_VERSION.test(problem));
  return (
    <div className="banner warning link-notice" role="status" aria-label="Link problems">
      <strong>{onlyVersion ? 'This link is from an older version of the playground:' : 'Some of the link could not be used:'}</strong>
      {items}
      <p>{onlyVersion ? 'Its settings were applied; the numbers may differ from when it was shared.' : 'Everything else from the link was applied.'}</p>
      {dismiss}
    </div>
  );
}
