/** Lines joined as a mail server writes them, CRLF, ending with one. */
export const mail = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;

/** Postfix's DSN for one unknown user, as it lands in a bounce mailbox. */
export const postfixDsnFor = (recipient: string, messageId: string): string =>
  mail([
    'From: MAILER-DAEMON@mx.mail.example.net (Mail Delivery System)',
    'To: bounces@mail.example.net',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-Id: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
    '',
    '--dsn',
    'Content-Type: text/plain',
    '',
    'Your message could not be delivered.',
    '',
    '--dsn',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.mail.example.net',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; mx1.example.com',
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown in local recipient table`,
    '',
    '--dsn--',
  ]);
