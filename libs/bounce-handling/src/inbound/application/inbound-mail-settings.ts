/** How received bounce mail is read, as the host configured it. */
export class InboundMailSettings {
  constructor(
    /** The local-part prefix of VERP return paths (`bounces`: `bounces+alice=example.com@…`); null: none. */
    readonly verpPrefix: string | null,
  ) {}
}
