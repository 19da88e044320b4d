import type { KeysetPageRequest } from '../../../shared/application/page';
import type { BounceFilter } from '../../application/ports/bounce.repository.port';

/** A statement and its parameters (`?` marks each, as `pgSelect` takes them). */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The recipient's domain of a stored address: what follows its last `@` (a provider may report a
 * local part with an `@` of its own). Written exactly as `bounces_domain_index` is, or the planner
 * would not use that index.
 */
const DOMAIN = `split_part("email", '@', -1)`;

/**
 * A page's keyset position: `created_at` as text to the microsecond (a JavaScript date keeps
 * milliseconds only, and two bounces a microsecond apart must not be taken for one), in UTC.
 */
const POSITION_AT = `to_char(p."created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A page newest first: the page's rows are found on an index first, and only those are joined to
 * their campaign and subscriber, and given their position (deep pages skip rows without joining
 * them or formatting their position: an offset of 500,000 would format 500,000). `where` holds the
 * conditions and `window` the limit (and offset) with their parameters in that order.
 */
export function pageOf(where: string, window: string): string {
  return `with "page" as (
      select "id", "email", "bounce_type", "bounce_subtype", "diagnostic_code", "reason", "category", "status", "remote_mta", "source",
        "subscriber_id", "campaign_id", "provider_message_id", "provider_event_id", "created_at"
        from "bounces" ${where} order by "created_at" desc, "id" desc ${window})
    select p.*, ${POSITION_AT} as "position_at", c."name" as "campaign_name", s."name" as "subscriber_name"
      from "page" p
      left join "campaigns" c on c."id" = p."campaign_id"
      left join "subscribers" s on s."id" = p."subscriber_id"
     order by p."created_at" desc, p."id" desc`;
}

/**
 * The statements of a filtered list: its page (one row more than the limit, which tells whether a
 * next page exists) and its exact total (the same conditions, without the window).
 *
 * A one-value condition is an equality, not `= any(array)`: the planner then knows the indexed
 * column to be constant and reads the index in the list's order, stopping after a page (a domain,
 * a campaign). The text of a statement varies only with which fields are given
 * and how many values each has (one or more), so that each text is prepared once per connection.
 * Without a filter, the total is the one the bounce counters keep (see the bounce-counters
 * migration); filtered by domains alone, the one the domain counters keep (the
 * bounce-domain-counters migration), rather than a count of a large domain's millions of bounces.
 */
export function bounceListStatements(filter: BounceFilter, page: KeysetPageRequest): { page: SqlStatement; count: SqlStatement } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  /** `column` holds one of the values: its condition, and the values as its one parameter. */
  const among = (column: string, values: readonly string[]): [string, unknown] => {
    const distinct = [...new Set(values)];
    return distinct.length === 1 ? [`${column} = ?`, distinct[0]] : [`${column} = any(?::text[])`, distinct];
  };
  const oneOf = (column: string, values: readonly string[] | undefined): void => {
    if (values === undefined || values.length === 0) return;
    const [condition, param] = among(column, values);
    conditions.push(condition);
    params.push(param);
  };
  if (filter.emails !== undefined && filter.emails.length > 0) {
    // The bounces of an address are those of its subscriber and those stored while it had none:
    // a bounce is given the subscriber of its address when stored, or when the subscriber is
    // added later, and a subscriber's address never changes. Both are indexed
    // (`bounces_subscriber_id_index`, `bounces_unowned_email_index`), so an address needs no
    // index of its own on a table every provider event writes to. The address condition stays,
    // so that the rule can only ever narrow what the address itself keeps.
    const [isAddress, addresses] = among('"email"', filter.emails);
    const [isSubscriberAddress] = among('s."email"', filter.emails);
    conditions.push(
      `${isAddress} and ("subscriber_id" = any(array(select s."id" from "subscribers" s where ${isSubscriberAddress})) or ("subscriber_id" is null and ${isAddress}))`,
    );
    params.push(addresses, addresses, addresses);
  }
  oneOf(DOMAIN, filter.domains);
  oneOf('"campaign_id"', filter.campaignIds);
  oneOf('"bounce_type"', filter.bounceTypes);
  oneOf('"category"', filter.categories);
  oneOf('"reason"', filter.reasons);
  oneOf('"source"', filter.sources);
  if (filter.from !== undefined) {
    conditions.push(`"created_at" >= ?::timestamptz`);
    params.push(filter.from.toISOString());
  }
  if (filter.to !== undefined) {
    conditions.push(`"created_at" < ?::timestamptz`);
    params.push(filter.to.toISOString());
  }

  const count: SqlStatement =
    conditions.length === 0
      ? { sql: 'select coalesce(sum("count"), 0) as "total" from "bounce_counters"', params: [] }
      : conditions.length === 1 && filter.domains !== undefined && filter.domains.length > 0
        ? // Each given field makes one condition: the domains are the only one.
          { sql: `select coalesce(sum("count"), 0) as "total" from "bounce_domain_counters" where ${among('"domain"', filter.domains)[0]}`, params }
        : { sql: `select count(*) as "total" from "bounces" where ${conditions.join(' and ')}`, params };

  if (page.after !== undefined) {
    const [createdAt, id] = page.after;
    const where = `where ${[...conditions, `("created_at", "id") < (?::timestamptz, ?::bigint)`].join(' and ')}`;
    return { page: { sql: pageOf(where, 'limit ?'), params: [...params, createdAt, id, page.limit + 1] }, count };
  }
  const where = conditions.length === 0 ? '' : `where ${conditions.join(' and ')}`;
  return { page: { sql: pageOf(where, 'limit ? offset ?'), params: [...params, page.limit + 1, page.offset] }, count };
}
