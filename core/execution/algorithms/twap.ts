import { Decimal } from '../../domain/decimal';
import { defineScheduled } from './schedule';

/*
 * TWAP: sliceCount equal slices, evenly spaced over the window
 * (startTime + i * sliceIntervalMs). Partial fills are caught up by the
 * later slices; an unfilled remainder at endTime ends the group PARTIAL.
 */
export const twap = defineScheduled('TWAP', (spec) => Array.from({ length: spec.sliceCount ?? 1 }, () => new Decimal(1)));
