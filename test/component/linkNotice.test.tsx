import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkNotice } from '../../src/ui/share/LinkNotice';
import { setUi } from '../../src/state/uiStore';
import { decodeUrl } from '../../src/state/urlState';

describe('the link notice', () => {
  afterEach(() => setUi({ linkProblems: [] }));

  it('calls an older link what it is: applied whole, with what changed since', () => {
    setUi({ linkProblems: decodeUrl('?v=2&data=digits').problems });
    render(<LinkNotice />);
    const notice = screen.getByRole('status', { name: 'Link problems' });
    expect(notice).toHaveTextContent(/^This link is from an older version of the playground:/);
    expect(notice).toHaveTextContent('Its settings were applied');
  });

  it('says which parts were dropped when the link had bad parts', () => {
    setUi({ linkProblems: decodeUrl('?v=2&bogus=1').problems });
    render(<LinkNotice />);
    expect(screen.getByRole('status', { name: 'Link problems' })).toHaveTextContent(/^Some of the link could not be used:.*Unknown link parameter/);
  });
});
