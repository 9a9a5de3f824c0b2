import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/ui/shell/ErrorBoundary';

function Exploding({ explode }: { explode: boolean }) {
  if (explode) throw new Error('the chart had no data');
  return <p>drawn</p>;
}

function Harness() {
  const [explode, setExplode] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setExplode(false)}>fix it</button>
      <ErrorBoundary scope="This panel">
        <Exploding explode={explode} />
      </ErrorBoundary>
    </>
  );
}

describe('error boundary', () => {
  it('shows the message and a way back instead of a blank page, and recovers on "Try again"', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const user = userEvent.setup();
    render(<Harness />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('This panel hit an error while drawing.');
    expect(alert).toHaveTextContent('the chart had no data');
    expect(screen.getByRole('button', { name: 'Reload page' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'fix it' }));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('drawn')).toBeInTheDocument();
    quiet.mockRestore();
    warn.mockRestore();
  });
});
