import type { AllowList } from '../bounces/application/ports/allow-list.port';

/** An in-memory `AllowList` (the bounces feature's view of it): exact addresses and `@domain`s; counts its look-ups. */
export class InMemoryAllowList implements AllowList {
  readonly patterns = new Set<string>();
  lookUps = 0;

  with(...patterns: string[]): this {
    for (const pattern of patterns) this.patterns.add(pattern);
    return this;
  }

  async allowListedAmong(emails: readonly string[]): Promise<ReadonlySet<string>> {
    this.lookUps += 1;
    return new Set(emails.filter((email) => this.patterns.has(email) || this.patterns.has(email.slice(email.lastIndexOf('@')))));
  }
}
