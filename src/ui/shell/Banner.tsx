import { useRun } from '../../state/runStore';
import { dismissBanner } from '../../state/runController';

/** The current banner (worker crash, divergence, early stop), and the latest refused-change notice. */
export function Banner() {
  const banner = useRun((state) => state.banner);
  const notice = useRun((state) => state.notice);
  return (
    <>
      {banner ? (
        <div className={`banner ${banner.kind}`} role={banner.kind === 'error' ? 'alert' : 'status'}>
          <strong>{banner.title}</strong>
          <p>{banner.detail}</p>
          {banner.fixes ? (
            <ul>
              {banner.fixes.map((fix) => (
                <li key={fix}>{fix}</li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="small" onClick={dismissBanner}>Dismiss</button>
        </div>
      ) : null}
      {notice ? <p className="notice" role="status">{notice}</p> : null}
    </>
  );
}
