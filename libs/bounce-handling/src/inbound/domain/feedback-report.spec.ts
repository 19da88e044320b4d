import { EmailAddress } from '../../shared/domain/email-address';
import { complaintReport, isComplaintFeedback, readFeedbackReport } from './feedback-report';

describe('feedback report (RFC 5965)', () => {
  it('reads the feedback type and the original recipients', () => {
    const report = readFeedbackReport(
      'Feedback-Type: abuse\r\nUser-Agent: Yahoo!-Mail-Feedback/2.0\r\nVersion: 1\r\nOriginal-Mail-From: <bounces@mail.example.net>\r\nOriginal-Rcpt-To: <alice@yahoo.com>\r\nArrival-Date: Thu, 3 Dec 2026 10:15:00 +0000\r\n',
    );
    expect(report).toEqual({ feedbackType: 'abuse', originalRecipients: ['alice@yahoo.com'] });
  });

  it('reads a feedback type in any case', () => {
    expect(readFeedbackReport('Feedback-Type: Abuse\n').feedbackType).toBe('abuse');
    expect(readFeedbackReport('Version: 1\n').feedbackType).toBeNull();
  });

  it.each([
    ['abuse', true],
    ['fraud', true],
    ['virus', true],
    ['other', true],
    ['not-spam', false],
    ['auth-failure', false],
    ['opt-out', false],
    [null, false],
  ])('takes the feedback type %s for a complaint: %s', (type, complaint) => {
    expect(isComplaintFeedback(type)).toBe(complaint);
  });

  it('makes a complaint report with the complaint cause and the feedback type', () => {
    const alice = EmailAddress.parse('alice@yahoo.com');
    expect(complaintReport(alice, 'abuse')).toEqual({
      kind: 'complaint',
      email: alice,
      bounceType: null,
      cause: { reason: 'complaint', category: 'complaint', status: null, remoteMta: null },
      diagnosticCode: null,
      feedbackType: 'abuse',
    });
  });
});
