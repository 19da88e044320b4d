import { HttpsSnsCertificateSource } from './https-sns-certificate-source.adapter';
import { HttpsSnsSubscriptionConfirmer } from './https-sns-subscription-confirmer.adapter';

// Both adapters re-check their URL, so that no caller can make them fetch off SNS. These URLs
// would be reachable (or fail fast) if fetched; the refusals name the rule instead.
describe('HTTPS SNS adapters refuse URLs off SNS before any request', () => {
  it.each([
    'https://127.0.0.1/x.pem',
    'http://sns.eu-west-1.amazonaws.com/x.pem',
    'https://sns.eu-west-1.amazonaws.com.evil.example/x.pem',
    'https://sns.eu-west-1.amazonaws.com@127.0.0.1/x.pem',
    'https://sns.eu-west-1.amazonaws.com/x.txt',
  ])('the certificate source refuses %s', async (url) => {
    await expect(new HttpsSnsCertificateSource().certificateFor(url)).rejects.toThrow(/^Not an SNS certificate URL/);
  });

  it.each([
    'https://127.0.0.1/?Action=ConfirmSubscription',
    'http://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
    'https://sns.eu-west-1.amazonaws.com:8443/?Action=ConfirmSubscription',
    'https://user@sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription',
  ])('the confirmer refuses %s', async (url) => {
    await expect(new HttpsSnsSubscriptionConfirmer().confirm(url)).rejects.toThrow(/^Not an SNS SubscribeURL/);
  });
});
