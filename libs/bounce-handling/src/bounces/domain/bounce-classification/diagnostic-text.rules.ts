import type { BounceReason } from './bounce-reason';

/**
 * The receiving servers' wording, as data: one regular expression per rule, read against the
 * normalised diagnostic (lower case, one line, without the reply codes that open the lines of a
 * multi-line reply: see `normaliseDiagnostic`).
 *
 * The first rule that matches wins, so the order is the meaning:
 *
 * 1. what a provider says about its own refusals (its suppression list, a past complaint);
 * 2. the codes and wordings of one receiver (Orange's `OFR_416`, Yahoo's `[TSS04]`, Outlook.com's
 *    `(S3150)`, Comcast's `BL000000`, Office 365's "Access denied. AS(201806281)"), which are more
 *    exact than any general phrase they contain;
 * 3. refusals of the sender (its address, authentication, IP, reputation, rate, content): a text
 *    that blames both the sender and the address is read as blaming the sender, which is the
 *    reading that does not punish the recipient;
 * 4. the mailbox (full), then the way to it (expired, network, system);
 * 5. the recipient (disabled, moved, no mail accepted, no such domain, no such user);
 * 6. weak rules: a single telling word (`spam`, `blocked`, `policy`), read only when no decisive
 *    status code speaks.
 *
 * Every rule has a case from a real diagnostic in `bounce-classifier.spec.ts`; a spec fails when a
 * rule has none.
 */
export interface DiagnosticTextRule {
  readonly id: string;
  readonly reason: BounceReason;
  readonly pattern: RegExp;
  /** A single word rather than a phrase: it never overrules a decisive status code. */
  readonly weak?: boolean;
  /** The rule holds only with one of these enhanced status codes (the wording alone is ambiguous). */
  readonly onlyWithStatus?: readonly string[];
}

// Orange and La Poste (Wanadoo) end their replies with a label and a number: `OFR_416`, `LPN007_420`.
const orange = (codes: string): RegExp => new RegExp(`\\b(?:ofr|lpn)[a-z0-9]*_(?:${codes})\\b`);

export const DIAGNOSTIC_TEXT_RULES: readonly DiagnosticTextRule[] = [
  // 1. Providers about their own refusals
  { id: 'ses-suppression-list', reason: 'suppressed', pattern: /on the suppression list|has suppressed sending to this address|address is suppressed/ },
  { id: 'mailgun-previously-bounced', reason: 'suppressed', pattern: /not delivering to previously bounced address/ },
  { id: 'mailgun-previous-complaint', reason: 'complaint', pattern: /not delivering to a user who marked your messages as spam/ },

  // 2. One receiver's own codes and wordings
  { id: 'office365-dbeb-access-denied', reason: 'user_unknown', pattern: /recipient address rejected: access denied/, onlyWithStatus: ['5.4.1'] },
  { id: 'office365-dbeb-marker', reason: 'user_unknown', pattern: /access denied\. as\(201806281\)/ },
  {
    id: 'office365-recipient-not-found',
    reason: 'user_unknown',
    pattern: /resolver\.adr\.(?:ex)?recip(?:ient)?notfound|recipient not found by smtp address lookup/,
  },
  { id: 'outlook-connection-limit', reason: 'rate_limited', pattern: /\(s3115\)/ },
  { id: 'outlook-block-list-code', reason: 'blocked', pattern: /\(s3\d{3}\)/ },
  { id: 'outlook-reputation-code', reason: 'bad_reputation', pattern: /\b(?:rp-00[1-3]|sc-001|ou-002)\b/ },
  { id: 'outlook-block-code', reason: 'blocked', pattern: /\b(?:sc-00[34]|dy-00[12]|ou-001)\b/ },
  { id: 'yahoo-block-list', reason: 'blocked', pattern: /\[bl2[1-3]\]/ },
  { id: 'yahoo-permanent-deferral', reason: 'blocked', pattern: /\[tss(?:09|11)\]|will be permanently deferred/ },
  { id: 'yahoo-complaints-deferral', reason: 'bad_reputation', pattern: /\[tss0[1-4]\]|temporarily deferred due to (?:unexpected volume or )?user complaints/ },
  { id: 'yahoo-no-such-account', reason: 'user_unknown', pattern: /doesn't have an? [\w.-]+ account|\bdd this user\b/ },
  { id: 'comcast-block-code', reason: 'blocked', pattern: /smtp-error-codes\.php#bl\d|\bbl0\d{5}\b|comcast block for spam/ },
  { id: 'comcast-rate-code', reason: 'rate_limited', pattern: /smtp-error-codes\.php#rl\d|\brl0\d{5}\b/ },
  { id: 'comcast-not-our-customer', reason: 'user_unknown', pattern: /not our customer/ },
  { id: 'orange-blocked', reason: 'blocked', pattern: orange('101|102|103|510|999') },
  { id: 'orange-too-many-connections', reason: 'rate_limited', pattern: /(?:\b(?:ofr|lpn)[a-z0-9]*_104\b)|trop de connexions/ },
  { id: 'orange-invalid-recipient', reason: 'user_unknown', pattern: /(?:\b(?:ofr|lpn)[a-z0-9]*_41[68]\b)|adresse d'? ?au moins un destinataire invalide/ },
  { id: 'orange-mailbox-full', reason: 'mailbox_full', pattern: /(?:\b(?:ofr|lpn)[a-z0-9]*_417\b)|boite du destinataire pleine/ },
  {
    id: 'orange-account-closed',
    reason: 'mailbox_disabled',
    pattern: /(?:\b(?:ofr|lpn)[a-z0-9]*_42[06]\b)|boite du destinataire archivee|compte du destinataire est bloque/,
  },
  { id: 'orange-spam', reason: 'spam_detected', pattern: orange('506') },
  { id: 'orange-message-too-big', reason: 'message_too_big', pattern: /(?:\b(?:ofr|lpn)[a-z0-9]*_514\b)|taille limite du message/ },
  { id: 'icloud-unknown-address', reason: 'user_unknown', pattern: /inactive email address|unknown or illegal alias/ },
  { id: 'icloud-no-longer-on-server', reason: 'has_moved', pattern: /recipient no longer on server/ },

  // 3. Refusals of the sender
  { id: 'sender-verify-failed', reason: 'auth_failure', pattern: /sender verify failed|verification failed for </ },
  {
    id: 'sender-address-rejected',
    reason: 'auth_failure',
    pattern:
      /sender address rejected|domain of sender address|sender domain must (?:exist|resolve)|unknown sender|invalid sender|emetteur invalide|sender account|mail sending denied/,
  },
  { id: 'dmarc', reason: 'auth_failure', pattern: /\bdmarc/ },
  { id: 'spf-dkim', reason: 'auth_failure', pattern: /\bspf\b|\bdkim\b|sender policy framework/ },
  {
    id: 'unauthenticated',
    reason: 'auth_failure',
    pattern: /fail(?:s|ed)? to pass authentication|sender is unauthenticated|unauthenticated (?:e-?mail|mail|message)|required authentication level/,
  },
  { id: 'reverse-dns', reason: 'auth_failure', pattern: /\bptr record|reverse dns|\brdns\b|forward dns entry|cannot find your (?:reverse )?hostname/ },
  { id: 'tls-required', reason: 'policy_violation', pattern: /tls required|must issue a starttls|starttls is required|requiretls|use tls|encryption required/ },
  { id: 'banned-sender', reason: 'blocked', pattern: /banned sending ip|access denied, banned sender/ },
  {
    id: 'block-list-service',
    reason: 'blocked',
    pattern: /spamhaus|spamcop|barracuda|sorbs\.net|senderscore|cloudmark|uceprotect|abuseat\.org|proofpoint\.com\/dnsbl/,
  },
  { id: 'dnsbl', reason: 'blocked', pattern: /blocked using |\bdnsbls?\b|\brbls?\b|realtime black ?hole/ },
  { id: 'block-list', reason: 'blocked', pattern: /\bblock ?list(?:ed)?\b|\bblack ?list(?:ed)?\b|\bdeny ?list(?:ed)?\b/ },
  {
    id: 'client-host-rejected',
    reason: 'blocked',
    pattern:
      /client host (?:\S+ )?(?:rejected|blocked)|helo command rejected|bad helo|helo\/ehlo argument is invalid|not accepting connections|not allowed to connect/,
  },
  { id: 'reputation', reason: 'bad_reputation', pattern: /reputation/ },
  { id: 'rate-limited', reason: 'rate_limited', pattern: /rate[- ]?limit|throttl|try again slower|excessive volume|unusual rate of/ },
  {
    id: 'too-many-connections',
    reason: 'rate_limited',
    pattern: /too many (?:concurrent )?(?:smtp )?(?:connections|sessions)|maximum number of connections|max(?:imum)? messages? per connection/,
  },
  { id: 'too-many-messages', reason: 'rate_limited', pattern: /too many (?:messages|mails|e-?mails|recipients|errors)/ },
  { id: 'receiving-too-fast', reason: 'rate_limited', pattern: /receiving mail (?:too quickly|at a rate)/ },
  {
    id: 'sending-quota',
    reason: 'rate_limited',
    pattern:
      /(?:sending|submission|relay) (?:quota|limit)[^.;]* exceeded|daily [\w ]*(?:quota|limit) exceeded|reached your daily limit|per hour message receive limit/,
  },
  {
    id: 'spam-verdict',
    reason: 'spam_detected',
    pattern:
      /(?:detected|classified|identified|considered|recogni[sz]ed|marked|rejected|flagged|scored) as spam|looks like spam|appears to be spam|suspicion of spam|probable spam|probability of (?:being )?spam|spam detected|spam message rejected/,
  },
  { id: 'unsolicited', reason: 'spam_detected', pattern: /likely unsolicited|unsolicited (?:bulk |commercial )?(?:mail|e-?mail|message)/ },
  {
    id: 'spam-filter',
    reason: 'spam_detected',
    pattern: /spam ?assassin|spam score|spam content|spam filter|content filter|suspicious due to the nature of the content/,
  },
  { id: 'virus', reason: 'virus_detected', pattern: /\bvirus|malware|\binfected\b|potential security issue/ },
  {
    id: 'message-too-big',
    reason: 'message_too_big',
    pattern:
      /message (?:is )?too (?:big|large)|message (?:size|length) (?:exceeds|limit)|maximum message size|exceeded google's message size|message exceeds [\w ]*size limit|maxsizeerror/,
  },
  {
    id: 'relay-denied',
    reason: 'no_relaying',
    pattern:
      /relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited|not allowed)|unable to relay|(?:do not|don't) relay|not permitted to relay|no relaying|in my list of allowed rcpthosts/,
  },
  {
    id: 'not-rfc-compliant',
    reason: 'content_error',
    pattern:
      /rfc ?(?:5322|2822)|not rfc compliant|malformed|missing a valid (?:message-id|address in the from)|bare line ?feeds?|invalid characters|duplicate headers|encoded-word syntax/,
  },
  {
    id: 'attachment-refused',
    reason: 'content_error',
    pattern: /illegal attachment|attachments? (?:not allowed|rejected|refused|blocked)|prohibited attachment|blocked attachment/,
  },
  { id: 'greylisting', reason: 'policy_violation', pattern: /gr[ea]y ?list/ },
  {
    id: 'office365-restriction',
    reason: 'policy_violation',
    pattern: /resolver\.rst\.|delivery not authorized|not authorized to send|sender not (?:in (?:the )?allowed|authenticated for)/,
  },
  {
    id: 'local-policy',
    reason: 'policy_violation',
    pattern:
      /local policy|policy reasons|policy restriction|policy violation|due to (?:the )?policy|administrative prohibition|policy that prohibited|mail flow rule|transport rule/,
  },
  { id: 'access-denied', reason: 'policy_violation', pattern: /recipient address rejected: access denied/ },
  { id: 'united-internet-nemesis', reason: 'blocked', pattern: /nemesis esmtp service not available/ },

  // 4. The mailbox, then the way to it
  {
    id: 'mailbox-full',
    reason: 'mailbox_full',
    pattern:
      /mailbox (?:is )?full|full mailbox|mailbox size limit|mailbox would exceed|mail ?folder is full|inbox is out of storage space|exceeded storage allocation|recipient overquota|insufficient disk space|not enough (?:disk )?space|no space left/,
  },
  {
    id: 'over-quota',
    reason: 'mailbox_full',
    pattern: /over ?quota|quota ?(?:exceeded|violation)|exceeded (?:(?:the|his|her|their|its) )?(?:storage |mailbox |disk )?quota/,
  },
  {
    id: 'expired',
    reason: 'expired',
    pattern: /retry timeout exceeded|message expired|queue expired|delivery time expired|\btoo old\b|failing for a long time|gave up|giving up|expired after/,
  },
  {
    id: 'dns-temporary-failure',
    reason: 'network_error',
    pattern: /host not found, try again|temporary failure in name resolution|dns (?:query|lookup) failed|dns (?:server )?(?:timeout|error|failure)|servfail/,
  },
  {
    id: 'connection-failure',
    reason: 'network_error',
    pattern:
      /connection (?:timed out|refused|reset|dropped|lost)|timed out while|timeout - closing connection|lost connection|(?:could not|unable to) connect|no route to host|network is unreachable/,
  },
  { id: 'mail-loop', reason: 'network_error', pattern: /looping|mail loop|routing loop|hop count exceeded|too many hops|exceeded \d+ hops/ },
  {
    id: 'system-error',
    reason: 'system_error',
    pattern:
      /temporary (?:system |local |server )?(?:problem|error|failure)|local error in processing|internal (?:server )?error|(?:server|system) (?:is )?busy|insufficient system (?:resources|storage)|temporarily rejected|service (?:is )?(?:currently |temporarily )?unavailable/,
  },

  // 5. The recipient
  { id: 'gmail-no-such-user', reason: 'user_unknown', pattern: /account that you tried to reach does not exist|p=nosuchuser/ },
  {
    id: 'account-disabled',
    reason: 'mailbox_disabled',
    pattern:
      /(?:account|mailbox|user|address)(?: that you tried to reach)? (?:is |has been )?(?:currently )?(?:disabled|deactivated|suspended|inactive|frozen|closed|terminated|discontinued|archived)\b|this mailbox is disabled|inactive (?:account|mailbox|user)|is no longer valid|banned recipient|no longer accepts mail/,
  },
  { id: 'has-moved', reason: 'has_moved', pattern: /(?:mailbox|user|address|recipient) (?:has )?moved|no forwarding address/ },
  { id: 'null-mx', reason: 'not_accept', pattern: /null ?mx|does not accept (?:e-?)?mail(?! over)|accepts no mail|mail receiving disabled/ },
  {
    id: 'domain-not-found',
    reason: 'host_unknown',
    pattern:
      /host or domain name not found|domain (?:name )?not found|no such domain|unknown domain|domain (?:\S+ )?(?:does not|doesn't) exist|non-?existent domain|domain is not reachable|unrout(?:e)?able (?:address|domain)|no mx (?:record )?(?:found )?for|mx records point to non-existent hosts|name or service not known|host unknown|unknown host|nxdomain|domain must exist/,
  },
  {
    id: 'mailbox-unavailable',
    reason: 'user_unknown',
    pattern: /mailbox (?:is )?unavailable|mailbox not found|mailbox (?:does not|doesn't) exist|no mailbox here by that name|no such mailbox/,
  },
  {
    id: 'user-unknown',
    reason: 'user_unknown',
    pattern:
      /user unknown|unknown user|no such user|user not found|user (?:does not|doesn't) exist|user not known|unknown local[- ]?part|\bnot a (?:valid|known) user/,
  },
  {
    id: 'recipient-unknown',
    reason: 'user_unknown',
    pattern:
      /unknown (?:recipient|mailbox|e-?mail address|address)|(?:recipient|address|e-?mail account) (?:does not|doesn't) exist|(?:recipient|address) (?:not found|unknown)|invalid (?:recipient|mailbox|address)|address invalid|no such (?:recipient|address|person|account)|not a valid (?:recipient|mailbox|address)|bad destination mailbox address|no account by that name/,
  },
  {
    id: 'user-unknown-localised',
    reason: 'user_unknown',
    pattern:
      /utilisateur inconnu|destinataire inconnu|benutzer unbekannt|unbekannte(?:r)? (?:empfänger|benutzer)|no existe (?:dicha persona|ese usuario)|nessun utente/,
  },

  // 6. Weak: one telling word
  { id: 'word-spam', reason: 'spam_detected', pattern: /\bspam/, weak: true },
  { id: 'word-blocked', reason: 'blocked', pattern: /\bblock(?:ed)?\b/, weak: true },
  { id: 'word-policy', reason: 'policy_violation', pattern: /\bpolic(?:y|ies)\b/, weak: true },
  { id: 'word-try-later', reason: 'system_error', pattern: /try (?:again )?later|please try again|essayer plus tard/, weak: true },
  { id: 'word-recipient-rejected', reason: 'user_unknown', pattern: /recipient address rejected/, weak: true },
];

export interface DiagnosticTextMatch {
  readonly reason: BounceReason;
  readonly weak: boolean;
  readonly rule: string;
}

/** The first rule that reads the normalised text (one pass, in table order), or null. */
export function matchDiagnosticText(normalisedText: string, status: string | null): DiagnosticTextMatch | null {
  if (normalisedText === '') return null;
  const pairs = pairsIn(normalisedText);
  for (const { rule, hints } of COMPILED_RULES) {
    if (rule.onlyWithStatus && (status === null || !rule.onlyWithStatus.includes(status))) continue;
    // A cheap look for the words the pattern cannot match without, before the pattern itself.
    if (hints !== null && !hints.some((hint) => pairs.mayContain(hint) && normalisedText.includes(hint.text))) continue;
    if (rule.pattern.test(normalisedText)) return { reason: rule.reason, weak: rule.weak === true, rule: `text:${rule.id}` };
  }
  return null;
}

/** Shorter literals are found in too many texts to be worth looking for first. */
const MIN_HINT_LENGTH = 3;

/** A literal a rule's pattern needs, as the pairs of adjacent ASCII characters it is made of. */
interface Hint {
  readonly text: string;
  readonly pairs: Uint16Array;
}

/** Each rule with the literals one of which any text it matches contains (null: none known, always try the pattern). */
const COMPILED_RULES: ReadonlyArray<{ readonly rule: DiagnosticTextRule; readonly hints: readonly Hint[] | null }> = DIAGNOSTIC_TEXT_RULES.map((rule) => ({
  rule,
  hints: requiredLiterals(rule.pattern)?.map(toHint) ?? null,
}));

function toHint(text: string): Hint {
  const pairs: number[] = [];
  for (let i = 0; i + 1 < text.length; i += 1) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    if (a < 128 && b < 128) pairs.push((a << 7) | b);
  }
  return { text, pairs: Uint16Array.from(pairs) };
}

/**
 * Which pairs of adjacent ASCII characters a text holds, in one pass: a text lacking a pair of
 * a literal cannot contain it. Marks are stamped with a generation, so nothing is cleared
 * between texts; the table is shared, and read only until the next text.
 */
const PAIR_MARKS = new Uint32Array(128 * 128);
let generation = 0;

function pairsIn(text: string): { mayContain(hint: Hint): boolean } {
  generation = generation === 0xffffffff ? 1 : generation + 1;
  if (generation === 1) PAIR_MARKS.fill(0);
  const stamp = generation;
  let previous = text.charCodeAt(0);
  for (let i = 1; i < text.length; i += 1) {
    const next = text.charCodeAt(i);
    if (previous < 128 && next < 128) PAIR_MARKS[(previous << 7) | next] = stamp;
    previous = next;
  }
  return {
    mayContain: (hint) => {
      for (let i = 0; i < hint.pairs.length; i += 1) if (PAIR_MARKS[hint.pairs[i]] !== stamp) return false;
      return true;
    },
  };
}

/**
 * For each top-level alternative of `pattern`, the longest run of literal characters it must
 * contain (outside any group or class, not quantified), or else the choices of a group of plain
 * words it must contain (`(?:ofr|lpn)`). A text the pattern matches contains at least one of
 * them, so a text containing none cannot match. Null when an alternative has neither of
 * `MIN_HINT_LENGTH` characters, or the pattern has flags that change what a literal matches.
 */
export function requiredLiterals(pattern: RegExp): readonly string[] | null {
  if (pattern.flags.replace(/[gyd]/g, '') !== '') return null;
  const source = pattern.source;
  const hints: string[] = [];
  let best = '';
  let choices: string[] | null = null;
  let run = '';
  let lastWasLiteral = false;
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = '';
    lastWasLiteral = false;
  };
  const endAlternative = (): boolean => {
    endRun();
    if (best.length >= MIN_HINT_LENGTH) hints.push(best);
    else if (choices !== null) hints.push(...choices);
    else return false;
    best = '';
    choices = null;
    return true;
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '|') {
      if (!endAlternative()) return null;
    } else if (char === '(' || char === '[') {
      // A group or class: skip to its end; what it matches is not a literal run.
      endRun();
      const end = endOfGroupOrClass(source, i);
      if (end < 0) return null;
      const words = char === '(' && !/^[?*+{]/.test(source.slice(end + 1)) ? wordsOfGroup(source.slice(i + 1, end)) : null;
      if (choices === null && words !== null) choices = words;
      i = end;
    } else if (char === '?' || char === '*' || char === '+' || char === '{') {
      // A quantifier: the atom before it is optional or repeated, so it leaves the run.
      if (lastWasLiteral) run = run.slice(0, -1);
      endRun();
      if (char === '{') i = source.indexOf('}', i);
      if (i < 0) return null;
      if (source[i + 1] === '?') i += 1;
    } else if (char === '\\') {
      const next = source[i + 1];
      i += 1;
      if (next !== undefined && /[.()[\]{}/\\|?*+^$-]/.test(next)) {
        run += next;
        lastWasLiteral = true;
      } else {
        // \b, \d, \w, \s, …: not a literal character.
        endRun();
      }
    } else if (char === '.' || char === '^' || char === '$' || char === ')' || char === ']') {
      endRun();
    } else {
      run += char;
      lastWasLiteral = true;
    }
  }
  return endAlternative() ? hints : null;
}

/**
 * What a non-capturing group needs, one of: `?:ofr|lpn` → `['ofr', 'lpn']` (plain words, each
 * long enough), else the literals its own pattern needs; null for any other group.
 */
function wordsOfGroup(group: string): string[] | null {
  if (!group.startsWith('?:')) return null;
  const words = group.slice(2).split('|');
  if (words.every((word) => word.length >= MIN_HINT_LENGTH && /^[a-z0-9 '_-]+$/.test(word))) return words;
  const inner = requiredLiterals(new RegExp(group.slice(2)));
  return inner === null ? null : [...inner];
}

/** The index of the `)` or `]` that closes the group or class opening at `start`; -1 when none does. */
function endOfGroupOrClass(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') {
      i += 1;
    } else if (inClass) {
      if (char === ']') {
        inClass = false;
        if (depth === 0) return i;
      }
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
