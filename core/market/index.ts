export type {
  MarketBar,
  MarketSource,
  MarketSourceDescriptor,
  QuoteParams,
  SyntheticSymbolParams,
  CsvSourceParams,
  VolumeProfile,
} from './types';
export { MarketSourceError, type MarketSourceErrorCode } from './market-source-error';
export { Prng, fnv1a32 } from './prng';
export { SyntheticMarketSource } from './synthetic-source';
export type { SyntheticMarketOptions, SyntheticSymbolOptions } from './synthetic-options';
export { DEFAULT_QUOTE_PARAMS, DEFAULT_SYNTHETIC_PARAMS } from './params-schemas';
export { parseCandleCsv, type CandleCsvOptions, type ParsedCandles } from './csv-parse';
export type { CandleCsvFormat } from './csv-layouts';
export { CsvFormatError, type CsvRule } from './csv-format-error';
export { CsvMarketSource, type CsvMarketSourceOptions } from './csv-source';
export { fromDescriptor } from './from-descriptor';
export { parseMarketSourceDescriptor, marketSourceDescriptorSchema } from './descriptor-schema';
export { quoteAround, synthesizeBook, bookModel, type BookModel } from './quote';
export { volumeWeight } from './volume-profile';
