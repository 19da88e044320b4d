import { createPublicKey, type KeyObject } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * SendGrid's verification key as its dashboard shows it (base64 DER SubjectPublicKeyInfo, no
 * armour, perhaps wrapped) or as PEM. Throws, saying what is wrong, unless it is an ECDSA
 * P-256 public key.
 */
export function parseSendGridPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  // createPublicKey would quietly derive the public half of a private key: refuse to hold one.
  if (/PRIVATE KEY/.test(trimmed)) throw new Error('must be the public verification key, not a private key');
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      key = createPublicKey({ key: trimmed, format: 'pem' });
    } else {
      const base64 = trimmed.replace(/\s+/g, '');
      if (!BASE64.test(base64)) throw new Error('not base64');
      key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    }
  } catch {
    throw new Error('is not a public key in base64 DER (as SendGrid shows it) or PEM');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('is not an ECDSA P-256 key');
  }
  return key;
}
