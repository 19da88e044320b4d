import { validateRequest } from '../../../testing';
import { AddSuppressionsRequestDto } from './add-suppressions-request.dto';
import { RemoveSuppressionsRequestDto } from './remove-suppressions-request.dto';

describe('AddSuppressionsRequestDto', () => {
  it('takes entries with a note or none, whatever their address: an invalid one is answered, not refused', async () => {
    const body = {
      entries: [
        { email: 'not an address', status: 'bounced' },
        { email: 'a@example.com', status: 'unsubscribed', note: 'by phone' },
      ],
    };
    expect(await validateRequest(AddSuppressionsRequestDto, body)).toMatchObject(body);
  });

  it.each([
    ['entries', {}],
    ['entries', { entries: [] }],
    ['entries', { entries: 'a@example.com' }],
    ['entries', { entries: [null] }],
    ['entries', { entries: Array.from({ length: 1001 }, () => ({ email: 'a@example.com', status: 'bounced' })) }],
    ['entries.0.status', { entries: [{ email: 'a@example.com', status: 'active' }] }],
    ['entries.0.email', { entries: [{ status: 'bounced' }] }],
    ['entries.0.email', { entries: [{ email: 'x'.repeat(321), status: 'bounced' }] }],
    ['entries.0.note', { entries: [{ email: 'a@example.com', status: 'bounced', note: 'x'.repeat(501) }] }],
    ['entries.0.note', { entries: [{ email: 'a@example.com', status: 'bounced', note: 'a\u0000b' }] }],
    ['entries.0.origin', { entries: [{ email: 'a@example.com', status: 'bounced', origin: 'import' }] }],
  ])('refuses the body naming %s', async (field, body) => {
    expect(await validateRequest(AddSuppressionsRequestDto, body)).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('RemoveSuppressionsRequestDto', () => {
  it('takes up to 1000 strings, and include_complaints or not', async () => {
    expect(await validateRequest(RemoveSuppressionsRequestDto, { emails: ['a@example.com'] })).toEqual({ emails: ['a@example.com'] });
    expect(await validateRequest(RemoveSuppressionsRequestDto, { emails: ['x'], include_complaints: true })).toEqual({
      emails: ['x'],
      include_complaints: true,
    });
  });

  it.each([
    ['emails', {}],
    ['emails', { emails: [] }],
    ['emails', { emails: [1] }],
    ['emails', { emails: Array.from({ length: 1001 }, (_, n) => `a${n}@example.com`) }],
    ['include_complaints', { emails: ['a@example.com'], include_complaints: 'true' }],
  ])('refuses the body naming %s', async (field, body) => {
    expect(await validateRequest(RemoveSuppressionsRequestDto, body)).toEqual([expect.objectContaining({ field })]);
  });
});
