import type { ReactElement, ReactNode } from 'react';
import type { Tone } from '../format/labels';

export function Badge({ tone, children, title }: { readonly tone: Tone; readonly children: ReactNode; readonly title?: string }): ReactElement {
  return (
    <span className={`ld-badge ld-tone--${tone}`} title={title}>
      {children}
    </span>
  );
}
