/**
 * Which URLs of an SNS message we may fetch. A message names the URL of its own signing
 * certificate and, for a subscription, the URL that confirms it: both come from the request,
 * before (or, for the certificate, in order to) trusting it, so anything but an SNS endpoint
 * of AWS is refused without being fetched (no server-side request forgery).
 */

/** SNS endpoints in every partition: `sns.<region>.amazonaws.com`, `.com.cn` in China. */
const SNS_HOST = /^sns\.[a-zA-Z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;
/** What a URL may contain as sent: no spaces, controls or backslashes that parsers read differently. */
const PLAIN_URL = /^[\x21-\x7e]+$/;
const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_.-]{1,256}$/;

export type SnsUrlCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly problem: string };

/** An `https://sns.<region>.amazonaws.com[.cn]/….pem` URL of an SNS signing certificate. */
export function checkSnsCertificateUrl(raw: unknown): SnsUrlCheck {
  const base = checkSnsEndpointUrl(raw);
  if (!base.ok) return base;
  const { url } = base;
  if (!url.pathname.endsWith('.pem')) return refuse('the certificate path must end in .pem');
  if (url.search !== '' || url.hash !== '') return refuse('a certificate URL has no query or fragment');
  return base;
}

/** A SubscribeURL on the SNS endpoint of the topic's own region and partition. */
export function checkSnsSubscribeUrl(raw: unknown, topicArn: string): SnsUrlCheck {
  const base = checkSnsEndpointUrl(raw);
  if (!base.ok) return base;
  const topic = snsTopicLocation(topicArn);
  if (topic === null) return refuse('the topic ARN names no region');
  const expectedHost = `sns.${topic.region}.amazonaws.com${topic.partition === 'aws-cn' ? '.cn' : ''}`;
  if (base.url.hostname !== expectedHost) return refuse(`the host must be ${expectedHost}, the SNS endpoint of the topic's region`);
  if (base.url.hash !== '') return refuse('a SubscribeURL has no fragment');
  return base;
}

/** The region and partition of `arn:<partition>:sns:<region>:<account>:<topic>`, or null. */
export function snsTopicLocation(topicArn: string): { readonly partition: string; readonly region: string } | null {
  const match = TOPIC_ARN.exec(topicArn);
  return match === null ? null : { partition: match[1], region: match[2] };
}

/** The rules shared by both URLs: https, an SNS host, no credentials, the default port. */
export function checkSnsEndpointUrl(raw: unknown): SnsUrlCheck {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('no URL');
  if (raw.length > 2048) return refuse('the URL is too long');
  if (!PLAIN_URL.test(raw) || raw.includes('\\')) return refuse('the URL contains spaces, control characters or backslashes');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'https:') return refuse('only https is allowed');
  if (url.username !== '' || url.password !== '') return refuse('a URL with credentials is not allowed');
  // WHATWG URL drops the default port, so `:443` reads as ''.
  if (url.port !== '') return refuse('only the default https port is allowed');
  if (!SNS_HOST.test(url.hostname)) return refuse(`${url.hostname} is not an SNS host (sns.<region>.amazonaws.com)`);
  return { ok: true, url };
}

function refuse(problem: string): SnsUrlCheck {
  return { ok: false, problem };
}
