export type { Clock, TimerHandle } from './clock';
export { ClockError, type ClockErrorCode } from './clock-error';
export { RealClock, type RealClockOptions } from './real-clock';
export { VirtualClock, type VirtualClockOptions, type RunUntilOptions } from './virtual-clock';
export { AcceleratedClock, MIN_SPEED, MAX_SPEED, type AcceleratedClockOptions } from './accelerated-clock';
