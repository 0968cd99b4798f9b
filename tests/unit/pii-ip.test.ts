/** IP_ADDRESS: IPv4 and IPv6 in their written forms, and the numbering that resembles them. */
import { describe, expect, it } from 'vitest';
import { detect } from '../../lib/privacy/pii';
import { isIpv4, isIpv6 } from '../../lib/privacy/pii/recognizers/ip-address';

const ips = (text: string) =>
  detect(text)
    .filter((s) => s.entity === 'IP_ADDRESS')
    .map((s) => text.slice(s.start, s.end));

describe('validators', () => {
  it('IPv4', () => {
    expect(isIpv4('192.168.0.1')).toBe(true);
    expect(isIpv4('256.1.1.1')).toBe(false);
    expect(isIpv4('01.2.3.4')).toBe(false);
  });
  it('IPv6', () => {
    for (const ok of [
      '2001:db8::1',
      '::1',
      '::',
      'fe80::1ff:fe23:4567:890a',
      '::ffff:192.0.2.128',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:1.2.3.4',
    ]) {
      expect(isIpv6(ok), ok).toBe(true);
    }
    for (const bad of ['1:2:3:4:5:6:7', '1::2::3', '12345::1', '1:2:3:4:5:6:7:8:9', 'g::1', '::ffff:999.0.0.1']) {
      expect(isIpv6(bad), bad).toBe(false);
    }
  });
});

describe('IP_ADDRESS', () => {
  it.each([
    ['a private address', 'my laptop is 192.168.0.12 on the dorm network', '192.168.0.12'],
    ['a public address at sentence end', 'The server was 8.8.4.4.', '8.8.4.4'],
    ['a CIDR block', 'allow 10.0.0.0/8 only', '10.0.0.0/8'],
    ['IPv6 full', 'addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334 x', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['IPv6 compressed', 'ping 2001:db8:85a3::8a2e:370:7334 now', '2001:db8:85a3::8a2e:370:7334'],
    ['IPv6 in brackets with a port', 'http://[2001:db8::abcd:1]:8080/', '2001:db8::abcd:1'],
    ['IPv4-mapped IPv6', '::ffff:192.0.2.128', '::ffff:192.0.2.128'],
    ['in Arabic text', 'عنوان الخادم 172.16.254.1 لا يعمل', '172.16.254.1'],
    ['glued to Chinese text', '服务器地址是10.1.2.3。', '10.1.2.3'],
  ])('%s', (_, text, value) => {
    expect(ips(text)).toEqual([value]);
  });

  it.each([
    ['a version number', 'version 1.2.3.4 and v2.0.1.7'],
    ['a section number', 'see section 3.1.4.2 and chapter 1.2.3.4'],
    ['an enzyme number', 'tyrosine hydroxylase (EC 1.14.16.2)'],
    ['an octet out of range', '256.1.1.1 and 1.2.3.999'],
    ['leading zeros (a date)', '01.02.20.24'],
    ['five parts', '1.2.3.4.5'],
    ['three parts', '10.0.1'],
    ['a time', 'at 12:30:45 sharp'],
    ['a MAC address', 'MAC 00:1A:2B:3C:4D:5E'],
    ['C++ scope', 'std::vector<int> and a::b'],
    ['loopback only', 'listen on ::1'],
    ['a ratio', 'mix 1:2:3'],
  ])('not %s', (_, text) => {
    expect(ips(text)).toEqual([]);
  });
});
