/**
 * The credentials of a webhook authenticated by HTTP Basic (Postmark, SparkPost, Mailjet,
 * Brevo): `user:password` pairs, several during a rotation (a `list` setting: comma-separated in
 * its environment variable, so a password holds no comma). The check of such a setting.
 */
export function basicAuthCredentialProblem(value: string, name: string): string | null {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) return `${name} must be user:password pairs (comma-separated during a rotation)`;
  return null;
}
