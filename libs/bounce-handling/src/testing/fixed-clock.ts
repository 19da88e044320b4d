import type { Clock } from '../shared/application/ports/clock.port';

export class FixedClock implements Clock {
  constructor(public current = new Date('2026-01-10T12:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }
}
