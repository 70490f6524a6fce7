import { CsvMarketSource } from './csv-source';
import { parseMarketSourceDescriptor } from './descriptor-schema';
import { SyntheticMarketSource } from './synthetic-source';
import type { MarketSource } from './types';

/**
 * Recreate a source from a stored describe() output (parsed from unknown
 * first): it continues exactly where the described source was. Throws
 * MarketSourceError INVALID_DESCRIPTOR, or CsvFormatError if the file changed
 * into something unreadable.
 */
export function fromDescriptor(descriptor: unknown): MarketSource {
  const parsed = parseMarketSourceDescriptor(descriptor);
  return parsed.kind === 'synthetic' ? SyntheticMarketSource.fromDescriptor(parsed) : CsvMarketSource.fromDescriptor(parsed);
}
